package dev.ossconcat.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Video;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimateTest {

    static final PriceTable PRICES = new PriceTable(
            "CNY",
            "https://example.com/prices",
            LocalDate.of(2026, 11, 30),
            Map.of(Tier.H264_SD, new BigDecimal("0.03"), Tier.H265_HD, new BigDecimal("0.3")));

    @Test
    void twoLevelsBillTheOutputTwiceEachInItsOwnTier() {
        // 20 clips of one minute each, output H.265 1080p: parts are H.264 at 1080p (no price in the table)
        Playlist p = ChunkPlanTest.playlist(20, 0);
        p = p.withOutput(withVideo(p.output(), "h265", 1920L, 1080L));
        List<ClipFacts> facts = Collections.nCopies(20, ClipFacts.sized(60_000L + 1000, 1920L, 1080L));
        ChunkPlan plan = ChunkPlan.of(p, "parts/");
        Estimate e = Estimate.of(p, plan, facts, PRICES);
        // clips 0, 3, … are trimmed to 5 s from 1 s in; the others play 61 s
        long expected = 7 * 5_000L + 13 * 61_000L;
        assertEquals(expected, e.outputMillis());
        assertEquals(List.of(), e.unknownClips());
        assertEquals(2, e.levels().size());
        Estimate.LevelCost parts = e.levels().get(0);
        assertEquals("h264-hd", parts.tier());
        assertNull(parts.price(), "no price for the parts' tier in this table");
        Estimate.LevelCost last = e.levels().get(1);
        assertEquals("h265-hd", last.tier());
        assertEquals(new BigDecimal("13.8").setScale(3), last.billedMinutes(), "828 s = 13.8 min");
        assertEquals(new BigDecimal("4.14"), last.price());
        assertEquals(Estimate.PARTIAL, e.exactness(), "one level has no price");
        assertEquals(List.of("level 1: no price for h264-hd in the price table"), e.notes());
        assertEquals(new BigDecimal("4.14"), e.price());
        assertEquals("CNY", e.currency());
    }

    @Test
    void anExactEstimateNeedsEveryDurationAndEveryPrice() {
        Playlist p = ChunkPlanTest.playlist(5, 0);
        ChunkPlan plan = ChunkPlan.of(p, "parts/");
        List<ClipFacts> facts = Collections.nCopies(5, ClipFacts.sized(30_000L, 1280L, 720L));
        Estimate e = Estimate.of(p, plan, facts, PRICES);
        assertEquals(Estimate.EXACT, e.exactness());
        assertEquals(List.of(), e.notes());
        // clips 0 and 3 trimmed to 5 s; 1, 2, 4 play 30 s
        assertEquals(2 * 5_000L + 3 * 30_000L, e.outputMillis());
        assertEquals("h264-sd", e.levels().get(0).tier());
        assertEquals(new BigDecimal("0.05"), e.price(), "100 s at 0.03 a minute");
    }

    @Test
    void unknownDurationsMakeAPartialEstimateThatNamesTheClips() {
        Playlist p = ChunkPlanTest.playlist(4, 0);
        List<ClipFacts> facts = new ArrayList<>(Collections.nCopies(4, ClipFacts.UNKNOWN));
        facts.set(1, ClipFacts.sized(10_000L, null, null));
        Estimate e = Estimate.of(p, ChunkPlan.of(p, "parts/"), facts, PRICES);
        assertEquals(Estimate.PARTIAL, e.exactness());
        assertEquals(List.of(2), e.unknownClips(), "0 and 3 have trims, 1 has a length");
        assertEquals(
                "1 clip(s) of unknown duration (no trim duration, not probed): [2]",
                e.notes().get(0));
        assertEquals(2 * 5_000L + 10_000L, e.outputMillis());
    }

    @Test
    void aTrimPastTheEndOfTheClipPlaysNothingAndTheRestOfTheClipPlaysToTheEnd() {
        assertEquals(0L, Estimate.duration(new Clip("a", 9_000, 5_000), ClipFacts.sized(8_000L, null, null)));
        assertEquals(3_000L, Estimate.duration(new Clip("a", 5_000, 0), ClipFacts.sized(8_000L, null, null)));
        assertEquals(3_000L, Estimate.duration(new Clip("a", 5_000, 4_000), ClipFacts.sized(8_000L, null, null)));
        assertNull(Estimate.duration(Clip.whole("a"), ClipFacts.UNKNOWN));
    }

    @Test
    void aSideTheOutputLeavesUnsetFollowsTheAlignClip() {
        Output heightOnly = withVideo(Output.EMPTY, "h264", null, 720L);
        assertEquals(Tier.H264_SD, Estimate.tier(heightOnly, ClipFacts.sized(null, 1920L, 1080L)));
        assertNull(Estimate.tier(heightOnly, ClipFacts.UNKNOWN));
        Output portrait = withVideo(Output.EMPTY, "h264", 1080L, 1920L);
        assertEquals(Tier.H264_HD, Estimate.tier(portrait, ClipFacts.UNKNOWN), "portrait frames fit the same class");
        assertEquals(Tier.H264_HD, Tier.of("h264", 1280, 800), "a short side over 720 is the next class up");
        assertEquals(Tier.H264_SD, Tier.of("h264", 1280, 720));
        assertEquals(
                Tier.AUDIO,
                Estimate.tier(
                        new Output("a.mp3", null, null, "mp3", Video.OFF, Audio.UNSET, 0, null), ClipFacts.UNKNOWN));
        assertNull(Tier.of("h264", 4096, 2160), "above 4K there is no tier");
    }

    private static Output withVideo(Output o, String codec, Long width, Long height) {
        return new Output(
                o.key(),
                o.bucket(),
                null,
                o.format(),
                Video.UNSET.with(Param.VCODEC, codec).with(Param.S, new Resolution(width, height)),
                o.audio(),
                o.align(),
                o.segment());
    }

    @Test
    void withoutAnyPriceTheTotalIsUnknownNotZero() {
        Playlist p = ChunkPlanTest.playlist(3, 0);
        PriceTable none = new PriceTable("CNY", "nowhere", LocalDate.of(2026, 11, 30), Map.of());
        Estimate e = Estimate.of(
                p, ChunkPlan.of(p, "parts/"), Collections.nCopies(3, ClipFacts.sized(9000L, 1280L, 720L)), none);
        assertNull(e.price());
        assertEquals(Estimate.PARTIAL, e.exactness());
    }

    @Test
    void aPriceTableIsReadFromJsonAndRefusedWithTheFieldNamed() {
        PriceTable t = PriceTable.fromJson(
                dev.ossconcat.TestPlaylists.parse(
                        "{\"currency\":\"USD\",\"source\":\"https://x\",\"asOf\":\"2026-11-30\",\"perMinute\":{\"h264-hd\":0.0225}}"));
        assertEquals(new BigDecimal("0.0225"), t.price(Tier.H264_HD));
        assertNull(t.price(Tier.H264_SD));
        for (String[] bad : new String[][] {
            {"{\"currency\":\"yuan\"}", "currency must be an ISO 4217 code such as CNY or USD"},
            {
                "{\"currency\":\"CNY\",\"asOf\":\"30.11.2026\"}",
                "asOf must be the date the prices were read, as 2026-11-30"
            },
            {
                "{\"currency\":\"CNY\",\"asOf\":\"2026-11-30\",\"source\":\"s\",\"perMinute\":{\"h264-fhd\":1}}",
                "perMinute.h264-fhd is not a tier; tiers are h264-ld, h264-sd, h264-hd, h264-2k, h264-4k, h265-ld, h265-sd, h265-hd, h265-2k, h265-4k, audio"
            },
            {
                "{\"currency\":\"CNY\",\"asOf\":\"2026-11-30\",\"source\":\"s\",\"perMinute\":{\"audio\":-1}}",
                "perMinute.audio must be a number of at least 0"
            }
        }) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> PriceTable.fromJson(dev.ossconcat.TestPlaylists.parse(bad[0])));
            assertEquals(bad[1], e.getMessage());
        }
    }
}
