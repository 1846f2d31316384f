package dev.ossconcat.playlist;

import static dev.ossconcat.TestPlaylists.edit;
import static dev.ossconcat.TestPlaylists.plan;
import static dev.ossconcat.TestPlaylists.remove;
import static dev.ossconcat.TestPlaylists.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.rules.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresetTest {

    @ParameterizedTest
    @ValueSource(strings = {"mp4-h264-1080p", "mp4-h264-720p", "mp4-h265-1080p", "hls-h264-720p"})
    void everyPresetAloneMakesAValidJobWithExplicitSampleRateAndChannels(String name) {
        Plan plan = plan(edit(
                remove("output.format"), remove("output.video"), remove("output.audio"), set("output.preset", name)));
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals(java.util.List.of(), plan.warnings());
        assertTrue(plan.process().contains(",ar_48000,ac_2"), plan.process());
        assertNull(plan.playlist().output().preset(), "the resolved playlist is explicit");
    }

    @Test
    void explicitFieldsOverrideThePreset() {
        Plan plan = plan(edit(
                remove("output.format"),
                remove("output.audio"),
                set("output.preset", "hls-h264-720p"),
                set("output.video.bitrate", 4_000_000),
                set("output.segment.duration", 4000)));
        assertTrue(plan.valid(), plan.errors()::toString);
        Output out = plan.playlist().output();
        assertEquals("ts", out.format());
        assertEquals(4_000_000L, out.video().bitrate(), "explicit wins");
        assertEquals(25.0, out.video().fps(), "explicit field the preset lacks");
        assertEquals(1280L, out.video().width(), "preset fills the rest");
        assertEquals(new Segment("hls", 4000L), out.segment());
        assertTrue(
                plan.process()
                        .endsWith("/segment,f_hls,t_4000|sys/saveas,b_"
                                + dev.ossconcat.process.Base64Url.encode("media-bucket") + ",o_"
                                + dev.ossconcat.process.Base64Url.encode("highlights/final.{autoext}")),
                plan.process());
    }

    @Test
    void videoFalseBeatsThePresetVideo() {
        Plan plan = plan(edit(
                remove("output.format"),
                remove("output.audio"),
                set("output.preset", "mp4-h264-720p"),
                set("output.video", false)));
        assertTrue(plan.playlist().output().video().disabled());
        assertTrue(plan.process().contains(",vn_1,"), plan.process());
        assertTrue(!plan.process().contains("vcodec"), plan.process());
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        Plan plan = plan(edit(set("output.preset", "nope")));
        assertTrue(plan.errors().get(0).message().contains("mp4-h264-1080p"));
    }

    @Test
    void defaultsFillBucketTopicAndOutputBucket() {
        Decoded d = PlaylistJson.read(edit(remove("bucket")));
        Plan plan = Plan.of(d, new Defaults("fallback-bucket", "Topic1"));
        assertTrue(plan.valid(), plan.errors()::toString);
        assertEquals("fallback-bucket", plan.playlist().bucket());
        assertEquals("fallback-bucket", plan.playlist().output().bucket());
        assertEquals("Topic1", plan.playlist().notifyTopic());
        assertNotNull(Preset.named("mp4-h264-720p"));
    }
}
