package dev.ossconcat.render;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with real FFmpeg: /concat, the embedded server renders, writes the output and posts the IMM message
 * to /notify, the job becomes succeeded; ffprobe checks the output. FFmpeg comes from PATH (.ci/run installs it).
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(LocalRenderTest.Rendering.class)
class LocalRenderTest {

    public static class Rendering implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("concat.local.render", "true");
        }
    }

    static final String BUCKET = "render-test";

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    Ffmpeg ffmpeg;
    String dir;
    String lastVerified;

    @BeforeEach
    void setUp() {
        gateway.endpoint();
        ffmpeg = Ffmpeg.onPath().orElse(null);
        assumeTrue(ffmpeg != null, "ffmpeg and ffprobe must be on PATH (.ci/run installs them)");
        dir = "t-" + UUID.randomUUID() + "/";
    }

    /** A test clip made by FFmpeg's own sources: a pattern and, unless {@code rate} is 0, a tone. */
    Path clip(String name, String size, int fps, int rate, double seconds) throws Exception {
        Path f = local.server().orElseThrow().store().file(BUCKET, dir + name);
        Files.createDirectories(f.getParent());
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-f", "lavfi", "-i",
                "testsrc=size=" + size + ":rate=" + fps + ":duration=" + seconds));
        if (rate > 0) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=" + rate + ":duration=" + seconds));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
        if (rate > 0) {
            args.addAll(List.of("-c:a", "aac", "-shortest"));
        }
        args.add(f.toString());
        Ffmpeg.Result r = ffmpeg.ffmpeg(args, 60);
        assertEquals(0, r.exit(), r.tail());
        return f;
    }

    /** Submits, waits for the completion message to arrive, and returns the job record's target key. */
    String concatAndWait(String clips, String output) throws Exception {
        String body = "{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + clips + "],\"output\":" + output + "}";
        String jobId = given().contentType(ContentType.JSON).body(body).when().post("/concat").then()
                .statusCode(200).extract().path("jobId");
        String state = null;
        for (int i = 0; i < 240 && !"succeeded".equals(state) && !"failed".equals(state); i++) {
            Thread.sleep(250);
            state = given().queryParam("jobId", jobId).queryParam("bucket", BUCKET).when().get("/status").then()
                    .extract().path("state");
        }
        String error = given().queryParam("jobId", jobId).queryParam("bucket", BUCKET).when().get("/status").then()
                .extract().path("error");
        assertEquals("succeeded", state, "error: " + error);
        String verified = null;
        for (int i = 0; i < 120 && verified == null; i++) {
            verified = given().queryParam("jobId", jobId).queryParam("bucket", BUCKET).when().get("/status").then()
                    .extract().path("verified");
            Thread.sleep(verified == null ? 250 : 0);
        }
        lastVerified = verified;
        return jobId;
    }

    @Test
    void mismatchedClipsJoinIntoOneValidVideo() throws Exception {
        clip("a.mp4", "640x360", 25, 44_100, 2);
        clip("b.mp4", "1280x720", 30, 48_000, 2);
        clip("c.mp4", "320x240", 25, 0, 1); // no audio track
        concatAndWait("{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir + "b.mp4\"},{\"key\":\"" + dir + "c.mp4\"}",
                "{\"key\":\"outputs/" + dir + "joined.{autoext}\",\"preset\":\"mp4-h264-720p\",\"video\":{\"fps\":25}}");
        Path out = local.server().orElseThrow().store().file(BUCKET, "outputs/" + dir + "joined.mp4");
        assertTrue(Files.isRegularFile(out), "{autoext} became mp4");
        MediaInfo info = ffmpeg.probe(out);
        assertEquals(5000, info.durationMs(), 100, "2 s + 2 s + 1 s");
        assertNotNull(info.video());
        assertEquals(1280, info.video().width());
        assertEquals(720, info.video().height());
        assertEquals(25.0, info.video().fps(), 0.01);
        assertNotNull(info.audio(), "silence for the clip without audio keeps one audio track");
        assertEquals(48_000, info.audio().sampleRate());
        assertEquals(2, info.audio().channels());
        assertEquals("true", lastVerified, "ffprobe found what the playlist implies");
    }

    @Test
    void theSeedPagesTrimsGiveTheExpectedDuration() throws Exception {
        // whole clip, from second 1 to the end, the first second (the seed page's pattern, shortened)
        clip("pre.mp4", "640x360", 25, 48_000, 3);
        clip("src.mp4", "640x360", 25, 48_000, 3);
        clip("sur.mp4", "640x360", 25, 48_000, 3);
        concatAndWait("{\"key\":\"" + dir + "pre.mp4\"},{\"key\":\"" + dir + "src.mp4\",\"start\":1000},"
                + "{\"key\":\"" + dir + "sur.mp4\",\"duration\":1000}", "{\"key\":\"outputs/" + dir
                + "trimmed.{autoext}\",\"preset\":\"mp4-h264-720p\"}");
        MediaInfo info = ffmpeg.probe(local.server().orElseThrow().store().file(BUCKET, "outputs/" + dir
                + "trimmed.mp4"));
        assertEquals(6000, info.durationMs(), 100, "3 s + 2 s + 1 s");
        assertEquals("true", lastVerified);
    }

    @Test
    void hlsSegmentsArePlaylistAndSegments() throws Exception {
        clip("a.mp4", "640x360", 25, 48_000, 3);
        clip("b.mp4", "640x360", 25, 48_000, 3);
        concatAndWait("{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir + "b.mp4\"}", "{\"key\":\"outputs/" + dir
                + "stream.{autoext}\",\"preset\":\"hls-h264-720p\",\"segment\":{\"duration\":2000}}");
        Path m3u8 = local.server().orElseThrow().store().file(BUCKET, "outputs/" + dir + "stream.m3u8");
        String playlist = Files.readString(m3u8);
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), playlist);
        List<String> segments = playlist.lines().filter(l -> l.endsWith(".ts")).toList();
        assertTrue(segments.size() >= 3, playlist);
        for (String s : segments) {
            assertTrue(Files.isRegularFile(m3u8.resolveSibling(s)), s);
        }
        assertEquals("skipped: segmented outputs are not probed", lastVerified);
    }
}
