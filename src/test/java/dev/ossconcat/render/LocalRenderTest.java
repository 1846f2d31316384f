package dev.ossconcat.render;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.LogCapture;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.rules.Plan;
import dev.ossconcat.verify.MediaInfo;
import dev.ossconcat.verify.OutputVerifier;
import dev.ossconcat.verify.Verification;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with real FFmpeg: /concat, the embedded server renders, writes the output and posts the IMM message
 * to /notify, the job becomes succeeded; FFmpeg's probe checks the output. FFmpeg comes from PATH or, on a machine
 * without one (CI), from the Maven dependency: never skipped.
 */
@QuarkusTest
@TestProfile(LocalRenderTest.Rendering.class)
class LocalRenderTest {

    /**
     * Rendering on, and the quick start's samples made at startup in the bucket the README names. The data directory
     * is the one all tests share, empty at the start of the run (FreshTestData), so the samples and the quick start's
     * fixed output and job are made anew by this run; no other class uses {@link #QUICK_START_BUCKET}.
     */
    public static class Rendering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "concat.local.render",
                    "true",
                    "concat.local.samples",
                    "true",
                    "concat.default-bucket",
                    QUICK_START_BUCKET);
        }
    }

    static final String QUICK_START_BUCKET = "media";
    static final String BUCKET = TestBuckets.of(LocalRenderTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Inject
    OutputVerifier verifier;

    static final ObjectMapper JSON = new ObjectMapper();

    Ffmpeg ffmpeg;
    String dir;
    String lastVerified;

    @BeforeEach
    void setUp() {
        gateway.endpoint();
        ffmpeg = Ffmpeg.find().orElse(null);
        assertNotNull(ffmpeg, "ffmpeg on PATH or from the pom's jave-nativebin dependency for this platform");
        dir = "t-" + UUID.randomUUID() + "/";
    }

    ObjectStore store() {
        return local.server().orElseThrow().store();
    }

    /** A test clip made by FFmpeg's own sources: a pattern and, unless {@code rate} is 0, a tone. */
    Path clip(String name, String size, int fps, int rate, int seconds) throws Exception {
        var store = local.server().orElseThrow().store();
        assertTrue(QuickStartSamples.make(
                store, ffmpeg, BUCKET, new QuickStartSamples.Sample(dir + name, size, fps, rate, 440, seconds)));
        return store.file(BUCKET, dir + name);
    }

    /** Submits, waits for the completion message to arrive, and returns the job record's target key. */
    String concatAndWait(String clips, String output) throws Exception {
        String jobId = submit(clips, output);
        awaitDone(jobId, BUCKET);
        return jobId;
    }

    /** Posts the playlist to /concat; its job ID. */
    static String submit(String clips, String output) {
        String body = "{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + clips + "],\"output\":" + output + "}";
        return given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
    }

    /** A field of the job's record, as /status answers it. */
    static String status(String jobId, String bucket, String field) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", bucket)
                .when()
                .get("/status")
                .then()
                .extract()
                .path(field);
    }

    /** Waits until the job succeeded (else fails with its error) and its verification is recorded. */
    void awaitDone(String jobId, String bucket) throws InterruptedException {
        String state = null;
        for (int i = 0; i < 240 && !"succeeded".equals(state) && !"failed".equals(state); i++) {
            Thread.sleep(250);
            state = status(jobId, bucket, "state");
        }
        String error = status(jobId, bucket, "error");
        assertEquals("succeeded", state, "error: " + error);
        String verified = null;
        for (int i = 0; i < 120 && verified == null; i++) {
            verified = status(jobId, bucket, "verified");
            Thread.sleep(verified == null ? 250 : 0);
        }
        lastVerified = verified;
    }

    /** An expected failure tells its story in one line per state change, with the reason, and no stack trace. */
    @Test
    void aClipFfmpegCannotReadFailsTheJobWithItsReasonAndNoStackTrace() throws Exception {
        clip("good.mp4", "320x240", 25, 44_100, 1);
        Path notes = store().file(BUCKET, dir + "notes.mp4");
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, "not a video");
        try (LogCapture log = LogCapture.start()) {
            String jobId = submit(
                    "{\"key\":\"" + dir + "good.mp4\"},{\"key\":\"" + dir + "notes.mp4\"}",
                    "{\"key\":\"outputs/" + dir + "x.{autoext}\",\"preset\":\"mp4-h264-720p\"}");
            String state = null;
            for (int i = 0; i < 240 && !"failed".equals(state); i++) {
                Thread.sleep(250);
                state = status(jobId, BUCKET, "state");
            }
            assertEquals("failed", state);
            String error = status(jobId, BUCKET, "error");
            assertTrue(error.contains("notes.mp4 is not media FFmpeg can read"), error);
            var failed = log.containing("job " + jobId + " failed");
            assertEquals(1, failed.size(), log.lines().toString());
            assertTrue(
                    failed.get(0).message().contains("InvalidArgument"),
                    failed.get(0).message());
            assertTrue(
                    log.lines().stream().noneMatch(l -> l.thrown() != null),
                    "no stack trace for an expected failure: " + log.lines());
        }
    }

    @Test
    void aSampleClipIsMadeOnlyWhenMissing() throws Exception {
        var store = local.server().orElseThrow().store();
        QuickStartSamples.Sample s = new QuickStartSamples.Sample(dir + "sample.mp4", "320x240", 25, 44_100, 440, 1);
        assertTrue(QuickStartSamples.make(store, ffmpeg, BUCKET, s));
        Path f = store.file(BUCKET, s.key());
        assertEquals(new MediaInfo.Video("h264", 320, 240, 25), ffmpeg.probe(f).video());
        Files.writeString(f, "the user's own file");
        assertFalse(QuickStartSamples.make(store, ffmpeg, BUCKET, s), "an existing object is never replaced");
        assertEquals("the user's own file", Files.readString(f));
    }

    @Test
    void theEmbeddedServerAnswersVideoInfoThroughTheSdk() throws Exception {
        clip("v.mp4", "640x360", 25, 44_100, 2);
        MediaInfo info = MediaInfo.fromMediaMeta(JSON.readTree(
                gateway.asInstance().videoInfo(BUCKET, dir + "v.mp4").orElseThrow()));
        assertEquals(new MediaInfo.Video("h264", 640, 360, 25), info.video());
        assertEquals(new MediaInfo.Audio("aac", 44_100, 1), info.audio());
        assertEquals(2000, info.durationMs(), 100);
        assertTrue(gateway.asInstance().videoInfo(BUCKET, dir + "missing.mp4").isEmpty());

        Path text = local.server().orElseThrow().store().file(BUCKET, dir + "notes.mp4");
        Files.writeString(text, "not a video");
        OssCallFailed e =
                assertThrows(OssCallFailed.class, () -> gateway.asInstance().videoInfo(BUCKET, dir + "notes.mp4"));
        assertTrue(e.getMessage().contains("Imm Client") && e.getMessage().contains("not media"), e.getMessage());
    }

    @Test
    void anOutputThatIsOffIsVerifiedFalseWithEveryReason() throws Exception {
        clip("a.mp4", "640x360", 25, 44_100, 2);
        Playlist p = Plan.of(
                        PlaylistJson.read(JSON.readTree("{\"bucket\":\"" + BUCKET + "\",\"clips\":[{\"key\":\""
                                + dir + "a.mp4\"},{\"key\":\"" + dir
                                + "a.mp4\"}],\"output\":{\"key\":\"o.mp4\",\"preset\":"
                                + "\"mp4-h264-720p\",\"video\":{\"fps\":30}}}")),
                        Defaults.NONE)
                .playlist();
        // the clip itself posing as the output: half the length, another size, rate and sample rate
        Verification verdict =
                verifier.verify(p, BUCKET, dir + "a.mp4", gateway.asInstance()).orElseThrow();
        assertEquals(Verification.Result.MISMATCH, verdict.result(), verdict.wire());
        String reason = verdict.reason();
        assertTrue(reason.startsWith("duration 20"), reason);
        assertTrue(reason.contains("expected 40"), reason);
        assertTrue(reason.contains("resolution 640x360, expected 1280x720"), reason);
        assertTrue(reason.contains("frame rate 25.0, expected 30.0"), reason);
        assertTrue(reason.contains("sample rate 44100, expected 48000"), reason);
        assertEquals(
                Verification.mismatch("the output oss://" + BUCKET + "/" + dir + "none.mp4 does not exist"),
                verifier.verify(p, BUCKET, dir + "none.mp4", gateway.asInstance())
                        .orElseThrow());
    }

    @Test
    void mismatchedClipsJoinIntoOneValidVideo() throws Exception {
        clip("a.mp4", "640x360", 25, 44_100, 2);
        clip("b.mp4", "1280x720", 30, 48_000, 2);
        clip("c.mp4", "320x240", 25, 0, 1); // no audio track
        concatAndWait(
                "{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir + "b.mp4\"},{\"key\":\"" + dir + "c.mp4\"}",
                "{\"key\":\"outputs/" + dir
                        + "joined.{autoext}\",\"preset\":\"mp4-h264-720p\",\"video\":{\"fps\":25}}");
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
        assertEquals("true", lastVerified, "the probe found what the playlist implies");
    }

    @Test
    void theSeedPagesTrimsGiveTheExpectedDuration() throws Exception {
        // whole clip, from second 1 to the end, the first second (the seed page's pattern, shortened)
        clip("pre.mp4", "640x360", 25, 48_000, 3);
        clip("src.mp4", "640x360", 25, 48_000, 3);
        clip("sur.mp4", "640x360", 25, 48_000, 3);
        concatAndWait(
                "{\"key\":\"" + dir + "pre.mp4\"},{\"key\":\"" + dir + "src.mp4\",\"start\":1000}," + "{\"key\":\""
                        + dir + "sur.mp4\",\"duration\":1000}",
                "{\"key\":\"outputs/" + dir + "trimmed.{autoext}\",\"preset\":\"mp4-h264-720p\"}");
        MediaInfo info =
                ffmpeg.probe(local.server().orElseThrow().store().file(BUCKET, "outputs/" + dir + "trimmed.mp4"));
        assertEquals(6000, info.durationMs(), 100, "3 s + 2 s + 1 s");
        assertEquals("true", lastVerified);
    }

    @Test
    void hlsSegmentsArePlaylistAndSegments() throws Exception {
        clip("a.mp4", "640x360", 25, 48_000, 3);
        clip("b.mp4", "640x360", 25, 48_000, 3);
        concatAndWait(
                "{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir + "b.mp4\"}",
                "{\"key\":\"outputs/" + dir
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
