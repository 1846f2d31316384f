package dev.ossconcat.render;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.verify.MediaInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A chunked job rendered whole on this machine: 25 clips of three sizes, one without audio, some trimmed, become
 * three parts and a final task; the embedded server renders each with FFmpeg and posts its completion, and the
 * completions move the job from level to level. Real FFmpeg, real HTTP, the real SDK.
 */
@QuarkusTest
@TestProfile(LocalRenderTest.Rendering.class)
class ChunkedRenderTest {

    static final String BUCKET = TestBuckets.of(ChunkedRenderTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    /** The job this test and {@code ChunkedRenderBench} run: its ID and the output's expected duration. */
    record Job(String jobId, long expectedMs, int tasks) {}

    /** Makes four clips under {@code dir} and posts 25 clips of them with trims; the output is {@code dir/long.mp4}. */
    static Job submit(ObjectStore store, Ffmpeg ffmpeg, String dir) throws Exception {
        // name, size, audio sample rate (0: no audio), seconds
        Object[][] sources = {
            {"a.mp4", "320x240", 44_100, 1},
            {"b.mp4", "256x144", 48_000, 2},
            {"c.mp4", "352x288", 0, 1},
            {"d.mp4", "320x240", 48_000, 2},
        };
        for (Object[] s : sources) {
            assertTrue(QuickStartSamples.make(
                    store,
                    ffmpeg,
                    BUCKET,
                    new QuickStartSamples.Sample(dir + s[0], (String) s[1], 25, (Integer) s[2], 440, (Integer) s[3])));
        }
        List<String> clips = new ArrayList<>();
        long expectedMs = 0;
        for (int i = 0; i < 25; i++) {
            Object[] s = sources[i % sources.length];
            long seconds = (Integer) s[3];
            if (i % 5 == 1 && seconds == 2) {
                // the second half of a 2 s clip
                clips.add("{\"key\":\"" + dir + s[0] + "\",\"start\":1000}");
                expectedMs += 1000;
            } else if (i % 7 == 3) {
                clips.add("{\"key\":\"" + dir + s[0] + "\",\"duration\":500}");
                expectedMs += 500;
            } else {
                clips.add("{\"key\":\"" + dir + s[0] + "\"}");
                expectedMs += seconds * 1000;
            }
        }
        String body = "{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + String.join(",", clips) + "],"
                + "\"output\":{\"key\":\"outputs/" + dir + "long.mp4\",\"format\":\"mp4\","
                + "\"video\":{\"codec\":\"h264\",\"width\":320,\"height\":240,\"fps\":25},"
                + "\"audio\":{\"codec\":\"aac\",\"sampleRate\":48000,\"channels\":2}},"
                + "\"notify\":{\"topic\":\"local-topic\"}}";
        JsonPath submitted = given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Job(submitted.getString("jobId"), expectedMs, submitted.getInt("plan.tasks"));
    }

    /** Polls /status until the job failed, or succeeded with its verification recorded. */
    static JsonPath awaitVerified(String jobId) throws InterruptedException {
        JsonPath status = null;
        for (int i = 0; i < 480; i++) {
            status = status(jobId);
            String state = status.getString("state");
            if ("failed".equals(state) || ("succeeded".equals(state) && status.getString("verified") != null)) {
                break;
            }
            Thread.sleep(250);
        }
        return status;
    }

    @Test
    void twentyFiveMixedClipsBecomeOneVerifiedOutputAndThePartsAreGone() throws Exception {
        gateway.endpoint();
        Ffmpeg ffmpeg = Ffmpeg.find().orElseThrow();
        var store = local.server().orElseThrow().store();
        String dir = "t-" + UUID.randomUUID() + "/";
        Job job = submit(store, ffmpeg, dir);
        String jobId = job.jobId();
        long expectedMs = job.expectedMs();
        assertEquals(4, job.tasks(), "3 parts of 8-9 clips, then the final task");

        JsonPath status = awaitVerified(jobId);
        String state = status.getString("state");
        assertNotNull(status);
        assertEquals("succeeded", state, "error: " + status.getString("error"));
        assertEquals("true", status.getString("verified"), "the output is what the playlist implies");
        assertEquals(4, status.getInt("progress.partsDone"));
        assertEquals(4, status.getInt("progress.partsTotal"));
        assertEquals(3, status.getInt("plan.levels[0].parts.size()"));
        assertEquals(1, status.getInt("plan.levels[1].parts.size()"));
        assertEquals(List.of("succeeded"), status.getList("plan.levels.parts.state.flatten().unique()"));
        assertEquals(List.of(0, 8), status.getList("plan.levels[0].parts[0].clips"));
        assertEquals(List.of(0, 24), status.getList("plan.levels[1].parts[0].clips"));
        assertEquals(status.getString("taskId"), status.getString("plan.levels[1].parts[0].taskId"));

        Path out = store.file(BUCKET, "outputs/" + dir + "long.mp4");
        MediaInfo info = ffmpeg.probe(out);
        assertEquals(expectedMs, info.durationMs(), 25 * 40, "the sum of the trimmed clips");
        assertEquals(320, info.video().width());
        assertEquals(240, info.video().height());
        assertEquals(48_000, info.audio().sampleRate());

        Path parts = store.file(BUCKET, "concat-jobs/parts/" + jobId + "/x").getParent();
        try (Stream<Path> left = Files.list(parts)) {
            List<String> media = left.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".mp4"))
                    .toList();
            assertEquals(List.of(), media, "the intermediates are deleted once the output exists");
        }
    }

    static JsonPath status(String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
