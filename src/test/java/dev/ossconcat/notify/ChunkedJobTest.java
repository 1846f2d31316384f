package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.imm;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.AsyncTasks;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.OssOperation;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chunked jobs over real HTTP against the embedded server, rendering off: the test plays IMM, posting the parts'
 * completion messages itself, duplicated, reordered and concurrently. Signatures are off here, as locally, so every
 * failure a message reports is permanent (an unsigned message never leads to a billed resubmission).
 */
@QuarkusTest
class ChunkedJobTest {

    static final String BUCKET = TestBuckets.of(ChunkedJobTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    LocalOssServer server;
    String dir;

    @BeforeEach
    void clips() throws Exception {
        gateway.endpoint();
        server = local.server().orElseThrow();
        dir = "t-" + UUID.randomUUID() + "/";
        for (int i = 0; i < 25; i++) {
            Path f = server.store().file(BUCKET, dir + "c" + i + ".mp4");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "clip " + i);
        }
    }

    @AfterEach
    void clearFaults() {
        server.faults().clear();
    }

    String playlist(boolean notify) {
        List<String> clips = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clips.add("{\"key\":\"" + dir + "c" + i + ".mp4\"" + (i == 3 ? ",\"start\":500}" : "}"));
        }
        return "{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + String.join(",", clips) + "],\"output\":{\"key\":"
                + "\"outputs/" + dir + "long.mp4\",\"preset\":\"mp4-h264-720p\"}"
                + (notify ? ",\"notify\":{\"topic\":\"concat-done\"}" : "") + "}";
    }

    /** The tasks the embedded server accepted for this test, in order. */
    List<AsyncTasks.Task> tasks() {
        return server.tasks().accepted().stream()
                .filter(t -> t.key().startsWith(dir) || t.key().startsWith("concat-jobs/parts/" + jobId + "/"))
                .toList();
    }

    String jobId = "none";

    JsonPath status() {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * IMM's message about an accepted task: its source object, and its output when it succeeded, which is then
     * written, as IMM would have, so that the next level's task can be posted on it.
     */
    String message(AsyncTasks.Task t, String status, String code, String text) throws IOException {
        String target = "";
        if ("Succeeded".equals(status)) {
            var out = t.plan().playlist().output();
            Path f = server.store().file(t.plan().playlist().targetBucket(), out.key());
            Files.createDirectories(f.getParent());
            Files.writeString(f, "rendered by " + t.taskId());
            target = "oss://" + t.plan().playlist().targetBucket() + "/" + out.key();
        }
        return imm(ImmMessages.content(t.taskId(), status, code, text, t.bucket(), t.key(), target));
    }

    static JsonPath post(String body) {
        return given().body(body)
                .when()
                .post("/notify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aChunkedJobWithoutANotifyTopicIsRefusedByValidateNamingTheRule() {
        given().contentType(ContentType.JSON)
                .body(playlist(false))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.code", hasItem("chunk_needs_notify"))
                .body("violations.path", hasItem("notify.topic"))
                .body("violations.find { it.code == 'chunk_needs_notify' }.message", containsString("25 clips"));
        given().contentType(ContentType.JSON)
                .body(playlist(false))
                .when()
                .post("/concat")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_playlist"))
                .body("violations[0].code", equalTo("chunk_needs_notify"));
    }

    /** Durations recorded on the clips' metadata feed the estimate, through one HEAD per clip and no IMM call. */
    @Test
    void probeMetadataEstimatesFromDurationMsOnTheClips() {
        for (int i = 0; i < 25; i++) {
            Map<String, String> meta = i == 7 ? Map.of() : Map.of("duration-ms", i == 3 ? "2500" : "2000");
            gateway.asInstance().put(BUCKET, dir + "c" + i + ".mp4", new byte[] {1}, "video/mp4", meta, false);
        }
        given().contentType(ContentType.JSON)
                .body(playlist(true))
                .queryParam("probe", "metadata")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("plan.tasks", equalTo(4))
                .body("estimate.exactness", equalTo("partial"))
                .body("estimate.unknownClips", equalTo(List.of(7)))
                // 23 clips of 2 s, clip 3 of 2.5 s from its 500 ms trim on: 2 s
                .body("estimate.outputMillis", equalTo(48_000))
                .body("estimate.levels.size()", equalTo(2))
                .body("probe[3].durationMs", equalTo(2500));
    }

    @Test
    void partsRunFirstAndDuplicateConcurrentCompletionsSubmitTheNextLevelOnce() throws Exception {
        JsonPath submitted = given().contentType(ContentType.JSON)
                .body(playlist(true))
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .body("taskId", nullValue())
                .body("plan.tasks", equalTo(4))
                .extract()
                .jsonPath();
        jobId = submitted.getString("jobId");
        List<AsyncTasks.Task> parts = tasks();
        assertEquals(3, parts.size(), "the first level: three parts of 8-9 clips");
        assertEquals(
                Set.of(dir + "c0.mp4", dir + "c9.mp4", dir + "c17.mp4"),
                parts.stream().map(AsyncTasks.Task::key).collect(Collectors.toSet()),
                "each part is posted on its first clip");

        JsonPath s = status();
        assertEquals("submitted", s.getString("state"));
        assertEquals(4, s.getInt("progress.partsTotal"));
        assertEquals(0, s.getInt("progress.partsDone"));
        assertEquals("rendering", s.getString("progress.phase"));
        assertEquals(1, s.getInt("progress.part"));
        assertEquals(List.of(0, 8), s.getList("plan.levels[0].parts[0].clips"));
        assertEquals(List.of(17, 24), s.getList("plan.levels[0].parts[2].clips"));
        assertEquals(List.of("submitted", "submitted", "submitted"), s.getList("plan.levels[0].parts.state"));
        assertEquals("pending", s.getString("plan.levels[1].parts[0].state"));
        for (AsyncTasks.Task t : parts) {
            assertTrue(s.getList("plan.levels[0].parts.taskId").contains(t.taskId()), t.taskId());
        }

        // the first part succeeds (twice): nothing is ready yet
        post(message(parts.get(0), "Succeeded", "", ""));
        assertEquals("updated", post(message(parts.get(0), "Succeeded", "", "")).getString("result"));
        assertEquals(3, tasks().size());
        // a running message changes nothing
        assertEquals("running", post(message(parts.get(1), "Running", "", "")).getString("result"));

        // the other two, four times each, all at once
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<JsonPath>> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                deliveries.add(() -> post(message(parts.get(2), "Succeeded", "", "")));
                deliveries.add(() -> post(message(parts.get(1), "Succeeded", "", "")));
            }
            for (Future<JsonPath> f : pool.invokeAll(deliveries)) {
                assertEquals(jobId, f.get().getString("jobId"));
            }
        } finally {
            pool.shutdownNow();
        }
        List<AsyncTasks.Task> all = tasks();
        assertEquals(4, all.size(), "exactly one final task: " + all);
        AsyncTasks.Task last = all.get(3);
        assertTrue(last.key().endsWith("/L1-P001.mp4"), last.key());
        assertEquals(
                "outputs/" + dir + "long.mp4", last.plan().playlist().output().key());

        s = status();
        assertEquals(last.taskId(), s.getString("taskId"), "the job's task is the one writing its output");
        assertEquals("finishing", s.getString("progress.phase"));
        assertEquals(3, s.getInt("progress.partsDone"));
        assertEquals(0.75, s.getDouble("progress.fraction"), 1e-9);

        // a late duplicate of a part changes nothing; the final task's success ends the job
        assertEquals("updated", post(message(parts.get(2), "Succeeded", "", "")).getString("result"));
        assertEquals(4, tasks().size());
        JsonPath done = post(message(last, "Succeeded", "", ""));
        assertEquals("succeeded", done.getString("state"));
        assertEquals(
                "duplicate", post(message(parts.get(1), "Succeeded", "", "")).getString("result"));
        assertEquals("duplicate", post(message(last, "Succeeded", "", "")).getString("result"));
        s = status();
        assertEquals("succeeded", s.getString("state"));
        assertEquals(4, s.getInt("progress.partsDone"));
        var meta = gateway.asInstance()
                .head(BUCKET, "concat-jobs/" + jobId + ".json")
                .orElseThrow()
                .userMetadata();
        assertEquals(last.taskId(), meta.get("concat-task-id"));
    }

    @Test
    void aPartThatFailsForGoodFailsTheJobWithItsClipsAndImmsMessage() throws Exception {
        jobId = given().contentType(ContentType.JSON)
                .body(playlist(true))
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
        List<AsyncTasks.Task> parts = tasks();
        assertEquals(3, parts.size());
        AsyncTasks.Task second = parts.stream()
                .filter(t -> t.key().equals(dir + "c9.mp4"))
                .findFirst()
                .orElseThrow();
        post(message(parts.get(0).equals(second) ? parts.get(1) : parts.get(0), "Succeeded", "", ""));
        JsonPath failed = post(message(second, "Failed", "InvalidArgument", "codec not supported"));
        assertEquals("failed", failed.getString("state"));
        given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .body("state", equalTo("failed"))
                .body("failure", equalTo("permanent"))
                .body("error", containsString("part L1-P002 (clips 9-16)"))
                .body("error", containsString("InvalidArgument: codec not supported"))
                .body("progress.phase", equalTo("failed"))
                .body("plan.levels[0].parts[1].state", equalTo("failed"));
        // the rest finishing changes nothing: no next level for a failed job
        for (AsyncTasks.Task t : parts) {
            post(message(t, "Succeeded", "", ""));
        }
        assertEquals(3, tasks().size());
    }

    @Test
    void aPartOssDidNotTakeIsSubmittedAgainAndNothingThatSucceededIs() throws Exception {
        // the second submission fails (OSS unavailable); the policy submits that part again, once
        server.faults()
                .inject(
                        OssOperation.ASYNC_PROCESS,
                        dev.ossconcat.localoss.Faults.Kind.ERROR,
                        0,
                        503,
                        "ServiceUnavailable",
                        1,
                        1);
        jobId = given().contentType(ContentType.JSON)
                .body(playlist(true))
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .extract()
                .path("jobId");
        List<AsyncTasks.Task> parts = tasks();
        assertEquals(3, parts.size(), "every part has a task, one of them on its second attempt");
        JsonPath s = status();
        assertEquals(
                List.of(1, 2),
                s.getList("plan.levels[0].parts.attempts", Integer.class).stream()
                        .distinct()
                        .sorted()
                        .toList());
        assertEquals(List.of("submitted", "submitted", "submitted"), s.getList("plan.levels[0].parts.state"));
        for (AsyncTasks.Task t : parts) {
            post(message(t, "Succeeded", "", ""));
        }
        assertEquals(4, tasks().size(), "three parts, each once, and the final task");
        assertEquals(tasks().get(3).taskId(), status().getString("taskId"));
    }
}
