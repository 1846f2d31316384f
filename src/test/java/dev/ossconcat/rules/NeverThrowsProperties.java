package dev.ossconcat.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.TestPlaylists;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.PlaylistFile;
import dev.ossconcat.report.Violation;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invalid input of any shape ends in findings, never in an exception or in a process string with errors. */
class NeverThrowsProperties {

    private static final List<String> PATHS = List.of(
            "version",
            "bucket",
            "clips",
            "source",
            "output",
            "notify",
            "idempotencyKey",
            "clips[0].key",
            "clips[1].start",
            "clips[2].duration",
            "output.key",
            "output.bucket",
            "output.preset",
            "output.format",
            "output.video",
            "output.audio",
            "output.align",
            "output.segment",
            "output.video.codec",
            "output.video.fps",
            "output.video.width",
            "output.video.crf",
            "output.video.maxBitrate",
            "output.video.scaleType",
            "output.audio.codec",
            "output.audio.sampleRate",
            "output.audio.channels",
            "output.audio.bitDepth",
            "output.audio.quality",
            "output.segment.format",
            "output.segment.duration",
            "notify.topic",
            "output.video.unknown",
            "extra");

    @Provide
    Arbitrary<JsonNode> jsonValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.longs().map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.integers().between(-3, 20).map(f::numberNode),
                Arbitraries.strings().ofMaxLength(30).map(f::textNode),
                Arbitraries.of(
                                "mp4",
                                "ts",
                                "h265",
                                "vp9",
                                "copy",
                                "flac",
                                "opus",
                                "hls",
                                "yuva420p",
                                "",
                                "/x",
                                "mp4-h264-720p",
                                "a\n")
                        .map(f::textNode),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.just(f.nullNode()),
                Arbitraries.just(f.arrayNode().add(1).add("x")),
                Arbitraries.just(f.objectNode().put("key", 1)));
    }

    @Property(tries = 2000)
    void mutatedPlaylistsGiveFindingsNotExceptions(@ForAll("edits") List<Edit> edits) {
        ObjectNode playlist = TestPlaylists.valid();
        for (Edit e : edits) {
            try {
                TestPlaylists.set(e.path(), e.value()).apply(playlist);
            } catch (RuntimeException skip) {
                // the path runs through a value the previous edit replaced by a non-object: nothing to set
            }
        }
        checkPlan(TestPlaylists.plan(playlist));
    }

    record Edit(String path, JsonNode value) {}

    @Provide
    Arbitrary<List<Edit>> edits() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(PATHS), jsonValues())
                .as(Edit::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Property(tries = 500)
    void anyJsonValueAsAPlaylistGivesFindings(@ForAll("jsonValues") JsonNode body) {
        Plan plan = TestPlaylists.plan(body);
        assertFalse(plan.valid());
        checkPlan(plan);
    }

    @Property(tries = 2000)
    void anyProcessStringGivesFindings(@ForAll("processLike") String process) {
        checkPlan(Plan.ofProcess(process, "media-bucket", "source.mp4"));
        checkPlan(Plan.ofProcess(process, null, null));
    }

    /** Strings built from the grammar's own pieces reach deeper than random text. */
    @Provide
    Arbitrary<String> processLike() {
        Arbitrary<String> piece = Arbitraries.of(
                "video/concat",
                "video/convert",
                ",",
                "/",
                "|",
                "_",
                "sys/saveas",
                "/pre",
                "/sur",
                "/segment",
                "/notify",
                "f_mp4",
                "f_ts",
                "vcodec_h264",
                "acodec_aac",
                "ar_48000",
                "ac_2",
                "fps_25",
                "fps_2.5.1",
                "s_x",
                "s_1280x720",
                "vb_-1",
                "crf_23",
                "o_YQ",
                "o_YQ==",
                "b_Yg",
                "topic_",
                "ss_99999999999999999999",
                "t_10",
                "align_3",
                "vn_1",
                "an_1",
                "adepth_24",
                "é",
                "=",
                " ");
        return Arbitraries.oneOf(
                piece.list().ofMaxSize(25).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(80));
    }

    @Property(tries = 1000)
    void anyUploadedTextGivesFindings(@ForAll("uploads") String text) {
        checkPlan(Plan.of(PlaylistFile.read(text, "media-bucket", Output.EMPTY), Defaults.NONE));
    }

    @Provide
    Arbitrary<String> uploads() {
        Arbitrary<String> line = Arbitraries.of(
                "ffconcat version 1.0",
                "ffconcat version 2.0",
                "file a.mp4",
                "file 'b c.mp4'",
                "file 'unclosed",
                "inpoint 10",
                "outpoint 5",
                "duration 00:00:03.5",
                "inpoint x",
                "option foo",
                "stream",
                "# comment",
                "",
                "{",
                "}",
                "{\"clips\": 1}",
                "1e999ms",
                "duration 99999999999999999");
        return Arbitraries.oneOf(
                line.list().ofMaxSize(12).map(l -> String.join("\n", l)),
                Arbitraries.strings().ofMaxLength(200));
    }

    static void checkPlan(Plan plan) {
        assertNotNull(plan);
        for (Violation v : plan.errors()) {
            assertNotNull(v.path());
            assertFalse(v.code().isBlank());
            assertFalse(v.message().isBlank());
        }
        if (plan.valid()) {
            assertNotNull(plan.process());
            assertTrue(plan.process().startsWith("video/concat"));
            assertEquals(
                    List.of(),
                    Validator.validate(plan.playlist()).stream()
                            .filter(Violation::isError)
                            .toList());
        } else {
            assertNull(plan.process());
        }
    }
}
