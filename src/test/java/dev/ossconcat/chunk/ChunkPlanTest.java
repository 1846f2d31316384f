package dev.ossconcat.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Preset;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.report.Violation;
import dev.ossconcat.rules.Rules;
import dev.ossconcat.rules.Validator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

public class ChunkPlanTest {

    static final String PARTS = "concat-jobs/parts/job-1/";

    /** {@code n} clips, every third trimmed, joined into an MP4 with the 720p preset applied. */
    public static Playlist playlist(int n, long align) {
        List<Clip> clips = IntStream.range(0, n)
                .mapToObj(i ->
                        i % 3 == 0 ? new Clip("clips/c" + i + ".mp4", 1000, 5000) : Clip.whole("clips/c" + i + ".mp4"))
                .toList();
        Output output = Preset.named("mp4-h264-720p")
                .under(new Output("outputs/long.mp4", null, null, null, Video.UNSET, Audio.UNSET, align, null));
        return new Playlist(1, "media-bucket", clips, 0, output, "concat-done", "my-key");
    }

    @Test
    void aPlaylistOneTaskCanJoinIsItsOwnPlan() {
        Playlist p = playlist(11, 3);
        ChunkPlan plan = ChunkPlan.of(p, PARTS);
        assertFalse(plan.chunked());
        assertEquals(1, plan.tasks());
        assertSame(p, plan.last().task());
    }

    @Test
    void levelsGrowWithTheLogarithmBaseElevenAndGroupsAreEven() {
        assertEquals(List.of(List.of(6, 6), List.of(2)), shape(12));
        assertEquals(List.of(sizes(11, 11), List.of(11)), shape(121));
        // 122 clips: 12 parts of 10-11 clips, then 2 parts of 6, then the output
        assertEquals(
                List.of(3, 3, 3),
                List.of(shape(122).size(), shape(1000).size(), shape(1331).size()));
        assertEquals(List.of(12, 2, 1), shape(122).stream().map(List::size).toList());
        assertEquals(List.of(91, 9, 1), shape(1000).stream().map(List::size).toList());
        assertEquals(101, ChunkPlan.of(playlist(1000, 0), PARTS).tasks());
    }

    @Property(tries = 60)
    void everyTaskJoinsTwoToElevenInputsAndTheLevelsCoverEveryClipInOrder(
            @ForAll @IntRange(min = 12, max = 1000) int n) {
        Playlist p = playlist(n, n - 1);
        ChunkPlan plan = ChunkPlan.of(p, PARTS);
        Set<String> keys = new HashSet<>();
        for (ChunkPlan.Level level : plan.levels()) {
            int next = 0;
            for (ChunkPlan.Part part : level.parts()) {
                int inputs = part.task().clips().size();
                assertTrue(inputs >= Rules.MIN_VIDEOS && inputs <= Rules.MAX_VIDEOS, inputs + " inputs");
                assertEquals(next, part.firstClip(), "consecutive ranges on level " + level.number());
                next = part.lastClip() + 1;
                assertTrue(keys.add(part.key()), "unique output keys");
            }
            assertEquals(n, next, "level " + level.number() + " covers every clip");
        }
        List<Clip> firstLevelInputs = plan.levels().get(0).parts().stream()
                .flatMap(part -> part.task().clips().stream())
                .toList();
        assertEquals(p.clips(), firstLevelInputs, "the first level takes the clips in order, trims included");
        assertEquals(1, plan.levels().get(plan.levels().size() - 1).parts().size());
        int expectedLevels = (int) Math.ceil(Math.log(n) / Math.log(Rules.MAX_VIDEOS) - 1e-9);
        assertEquals(expectedLevels, plan.levels().size());
    }

    @Property(tries = 40)
    void everyTaskOfAValidPlaylistIsValid(@ForAll @IntRange(min = 12, max = 300) int n) {
        ChunkPlan plan = ChunkPlan.of(playlist(n, n / 2), PARTS);
        for (ChunkPlan.Level level : plan.levels()) {
            for (ChunkPlan.Part part : level.parts()) {
                List<Violation> errors = Validator.validate(part.task()).stream()
                        .filter(Violation::isError)
                        .toList();
                assertEquals(List.of(), errors, "L" + part.level() + "-" + part.index());
            }
        }
    }

    @Test
    void theLastTaskWritesTheUserOutputFromThePartsAndPartsUseTheMezzanine() {
        Playlist p = playlist(30, 0);
        ChunkPlan plan = ChunkPlan.of(p, PARTS);
        ChunkPlan.Part last = plan.last();
        assertEquals(p.output(), last.task().output());
        assertEquals(
                List.of(
                        Clip.whole(PARTS + "L1-P001.mp4"),
                        Clip.whole(PARTS + "L1-P002.mp4"),
                        Clip.whole(PARTS + "L1-P003.mp4")),
                last.task().clips());
        assertEquals("concat-done", last.task().notifyTopic(), "completion messages drive the next level");
        assertNull(last.task().idempotencyKey());
        Output part = plan.part(1, 1).task().output();
        assertEquals(PARTS + "L1-P002.mp4", part.key());
        assertNull(part.bucket(), "parts stay in the clip bucket");
        assertEquals("mp4", part.format());
        assertEquals("h264", part.video().codec());
        assertEquals(Mezzanine.VIDEO_CRF, part.video().crf());
        assertNull(part.video().bitrate(), "quality, not the output's bitrate");
        assertEquals(new Resolution(1280L, 720L), part.video().get(Param.S));
        assertEquals("fill", part.video().scaleType());
        assertEquals(48_000L, part.audio().sampleRate());
        assertEquals(2L, part.audio().channels());
        assertEquals(Mezzanine.AUDIO_BITRATE, part.audio().bitrate());
        assertNull(part.segment());
        assertNull(plan.part(1, 3));
        assertNull(plan.part(3, 0));
    }

    @Test
    void theAlignClipKeepsItsRoleOnEveryLevel() {
        // 40 clips: level 1 has 4 parts of 10; clip 27 is the 8th clip of the third part
        ChunkPlan plan = ChunkPlan.of(playlist(40, 27), PARTS);
        assertEquals(
                List.of(0L, 0L, 7L, 0L),
                plan.levels().get(0).parts().stream()
                        .map(part -> part.task().output().align())
                        .toList());
        assertEquals(2L, plan.last().task().output().align());
    }

    @Test
    void anAudioOnlyOutputHasLosslessAudioParts() {
        Playlist p = playlist(20, 0);
        Output mp3 = new Output(
                "outputs/long.mp3",
                null,
                null,
                "mp3",
                Video.OFF,
                Audio.UNSET.with(Param.ACODEC, "mp3").with(Param.AR, 44_100L).with(Param.AC, 2L),
                0,
                null);
        ChunkPlan plan = ChunkPlan.of(p.withOutput(mp3), PARTS);
        Output part = plan.part(1, 0).task().output();
        assertEquals(PARTS + "L1-P001.flac", part.key());
        assertTrue(part.video().disabled());
        assertEquals("flac", part.audio().codec());
        assertEquals(44_100L, part.audio().sampleRate());
        assertEquals(mp3, plan.last().task().output());
    }

    @Test
    void anOutputWithoutAudioHasPartsWithoutAudio() {
        Playlist p = playlist(15, 0);
        ChunkPlan plan = ChunkPlan.of(
                p.withOutput(new Output(
                        "outputs/silent.mp4",
                        null,
                        null,
                        "mp4",
                        Video.UNSET.with(Param.VCODEC, "h265"),
                        Audio.OFF,
                        0,
                        null)),
                PARTS);
        Output part = plan.part(1, 0).task().output();
        assertTrue(part.audio().disabled());
        assertNull(part.video().get(Param.S), "left to each part's align clip, as the output leaves it");
        assertEquals("h264", part.video().codec());
    }

    private static List<List<Integer>> shape(int n) {
        List<List<Integer>> shape = new ArrayList<>();
        for (ChunkPlan.Level level : ChunkPlan.of(playlist(n, 0), PARTS).levels()) {
            shape.add(level.parts().stream()
                    .map(part -> part.task().clips().size())
                    .toList());
        }
        return shape;
    }

    private static List<Integer> sizes(int count, int size) {
        return IntStream.range(0, count).mapToObj(i -> size).toList();
    }
}
