package dev.ossconcat.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestPlaylists;
import dev.ossconcat.report.Violation;
import dev.ossconcat.rules.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaylistFileTest {

    static final Output OUTPUT = new Output("out/{autoext}", null, "mp4-h264-720p", null, null, null, 0, null);

    @Test
    void encodingIsRecognisedByContent() {
        assertEquals(PlaylistFile.Encoding.JSON, PlaylistFile.detect("\n  {\"clips\": []}"));
        assertEquals(PlaylistFile.Encoding.FFCONCAT, PlaylistFile.detect("# made by hand\nffconcat version 1.0\n"));
        assertEquals(PlaylistFile.Encoding.PLAIN, PlaylistFile.detect("a.mp4\nb.mp4\n"));
    }

    @Test
    void ffconcatDirectivesBecomeClipTrims() {
        String script = """
                ffconcat version 1.0
                # the seed page's example: whole clip, from second 10 to the end, the first ten seconds
                file pre.mov
                file 'example.mkv'
                inpoint 10
                file sur.mov
                duration 00:00:10
                file 'with space'\\''s.mp4'
                inpoint 1.5
                outpoint 4
                file clip\\ five.mp4
                inpoint 2500ms
                """;
        Decoded d = PlaylistFile.read(script.replace("\n", "\r\n"), "media-bucket", OUTPUT);
        assertEquals(List.of(), d.findings());
        assertEquals(
                List.of(
                        new Clip("pre.mov", 0, 0),
                        new Clip("example.mkv", 10_000, 0),
                        new Clip("sur.mov", 0, 10_000),
                        new Clip("with space's.mp4", 1_500, 2_500),
                        new Clip("clip five.mp4", 2_500, 0)),
                d.playlist().clips());
        assertEquals("media-bucket", d.playlist().bucket());
        Plan plan = Plan.of(d, Defaults.NONE);
        assertTrue(plan.valid(), plan.errors()::toString);
        assertTrue(plan.process().startsWith("video/concat,f_mp4,vcodec_h264"), plan.process());
    }

    @Test
    void ffconcatProblemsNameTheLine() {
        String script = """
                ffconcat version 1.0
                inpoint 3
                file a.mp4
                inpoint ten
                outpoint 2
                option foo bar
                files b.mp4
                file 'c.mp4
                """;
        Decoded d = PlaylistFile.read(script, "media-bucket", OUTPUT);
        assertEquals(
                List.of(
                        "line 2:syntax",
                        "line 4:malformed_value",
                        "line 6:unsupported_directive",
                        "line 7:unknown_directive",
                        "line 8:malformed_value"),
                d.findings().stream()
                        .filter(Violation::isError)
                        .filter(v -> v.path().startsWith("line"))
                        .map(v -> v.path() + ":" + v.code())
                        .toList());
        // inpoint stayed 0 (unparseable), outpoint 2 s => the first 2 s of a.mp4
        assertEquals(new Clip("a.mp4", 0, 2_000), d.playlist().clips().get(0));
    }

    @Test
    void ffconcatOutpointBeforeInpointIsRejected() {
        Decoded d = PlaylistFile.read("ffconcat version 1.0\nfile a.mp4\ninpoint 5\noutpoint 5\n", "b-1", OUTPUT);
        Violation v = d.findings().get(0);
        assertEquals("clips[0]", v.path());
        assertEquals("out_of_range", v.code());
        assertTrue(v.message().contains("line 2"), v.message());
    }

    @Test
    void ffconcatSubMillisecondTimesWarn() {
        Decoded d = PlaylistFile.read("ffconcat version 1.0\nfile a.mp4\ninpoint 1.0005\n", "b-1", OUTPUT);
        assertFalse(d.hasErrors());
        assertEquals("precision_lost", d.findings().get(0).code());
        assertEquals(1_001, d.playlist().clips().get(0).start());
    }

    @Test
    void ffconcatWithAnotherVersionIsRefused() {
        Decoded d = PlaylistFile.read("ffconcat version 2.0\nfile a.mp4\n", "b-1", OUTPUT);
        assertEquals("unsupported_version", d.findings().get(0).code());
    }

    @Test
    void plainListIsOneKeyPerLine() {
        Decoded d = PlaylistFile.read(
                "\uFEFF# highlights\r\nintro.mov\r\n\r\n  match.mkv  \r\nouter dir/outro.mov", "media-bucket", OUTPUT);
        assertEquals(
                List.of(Clip.whole("intro.mov"), Clip.whole("match.mkv"), Clip.whole("outer dir/outro.mov")),
                d.playlist().clips());
        assertTrue(Plan.of(d, Defaults.NONE).valid());
    }

    @Test
    void jsonFileTakesTheUploadBucketWhenItNamesNone() {
        String json = TestPlaylists.VALID.replace("\"bucket\": \"media-bucket\",", "");
        Decoded d = PlaylistFile.read(json, "upload-bucket", OUTPUT);
        assertEquals("upload-bucket", d.playlist().bucket());
        assertEquals("mp4", d.playlist().output().format(), "JSON files carry their own output");
    }

    @Test
    void malformedJsonFileSaysWhere() {
        Decoded d = PlaylistFile.read("{\"clips\": [\n  {\"key\": \"a\",}\n]}", "b-1", OUTPUT);
        Violation v = d.findings().get(0);
        assertEquals("malformed_json", v.code());
        assertTrue(v.message().contains("line 2"), v.message());
    }

    @Test
    void jsonWritesBackWhatItReads() {
        Decoded d = PlaylistJson.read(TestPlaylists.valid());
        assertEquals(List.of(), d.findings());
        Decoded again = PlaylistJson.read(PlaylistJson.write(d.playlist()));
        assertEquals(List.of(), again.findings());
        assertEquals(d.playlist(), again.playlist());
        assertEquals(
                "{\"codec\":\"h264\",\"fps\":25,\"bitrate\":1000000}",
                PlaylistJson.write(d.playlist()).get("output").get("video").toString());
        Playlist off = d.playlist().withOutput(d.playlist().output().withoutPreset());
        Output noStreams = new Output(off.output().key(), null, null, "mp4", Video.OFF, Audio.OFF, 0, null);
        assertEquals(
                off.withOutput(noStreams),
                PlaylistJson.read(PlaylistJson.write(off.withOutput(noStreams))).playlist());
    }
}
