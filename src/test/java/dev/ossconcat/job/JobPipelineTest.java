package dev.ossconcat.job;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.TestClock;
import dev.ossconcat.localoss.AsyncTasks;
import dev.ossconcat.localoss.Faults;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.localoss.OssOperation;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.PlaylistFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job pipeline end to end: HTTP, the real SDK, the embedded OSS server, with faults at every step. */
@QuarkusTest
class JobPipelineTest {

    static final String BUCKET = TestBuckets.of(JobPipelineTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Inject
    JobPipeline pipeline;

    @Inject
    JobsConfig jobs;

    @Inject
    TestClock clock;

    LocalOssServer server;
    String dir;

    @BeforeEach
    void setUp() throws Exception {
        gateway.endpoint(); // the gateway starts the embedded server
        server = local.server().orElseThrow();
        dir = "t-" + UUID.randomUUID() + "/";
        for (String clip : List.of("a.mp4", "b.mp4", "c.mp4")) {
            Path f = server.store().file(BUCKET, dir + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "video " + clip); // a file dropped in by hand is a clip
        }
    }

    @AfterEach
    void clearFaults() {
        server.faults().clear();
        clock.reset();
    }

    String playlist(String... clips) {
        StringBuilder sb = new StringBuilder("{\"bucket\":\"" + BUCKET + "\",\"clips\":[");
        for (int i = 0; i < clips.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"")
                    .append(dir)
                    .append(clips[i])
                    .append("\"}");
        }
        return sb.append("],\"source\":1,\"output\":{\"key\":\"outputs/")
                .append(dir)
                .append("out.{autoext}\",\"preset\":\"mp4-h264-720p\"}}")
                .toString();
    }

    String validPlaylist() {
        return playlist("a.mp4", "b.mp4", "c.mp4");
    }

    Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/concat");
    }

    long tasksFor(String jobKeyPrefix) {
        return server.tasks().accepted().stream()
                .filter(t -> t.key().startsWith(jobKeyPrefix))
                .count();
    }

    ObjectStore.Stored record(String jobId) {
        return server.store().head(BUCKET, "concat-jobs/" + jobId + ".json").orElseThrow();
    }

    /** Moves the application's clock past the takeover window of every claim made so far. */
    void pastTheTakeoverWindow() {
        clock.advance(jobs.takeoverAfter().plusSeconds(1));
    }

    JobRecord jobRecord(String jobId) throws Exception {
        return JobRecord.fromJson(Files.readAllBytes(server.store().file(BUCKET, "concat-jobs/" + jobId + ".json")));
    }

    @Test
    void submitsOnceRecordsTheTaskAndAnswersDuplicatesWithTheSameJob() throws Exception {
        Response first = post(validPlaylist());
        first.then()
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .body("duplicate", equalTo(false))
                .body("taskId", startsWith("MediaConvert-"))
                .body("source.key", equalTo(dir + "b.mp4"))
                .body("target.key", equalTo("outputs/" + dir + "out.{autoext}"))
                .body("process", startsWith("video/concat,f_mp4,vcodec_h264"));
        String jobId = first.path("jobId");
        String taskId = first.path("taskId");

        AsyncTasks.Task task = server.tasks().accepted().stream()
                .filter(t -> t.taskId().equals(taskId))
                .findFirst()
                .orElseThrow();
        assertEquals(first.<String>path("process"), task.process());

        Map<String, String> meta = record(jobId).meta().user();
        assertEquals(jobId, meta.get("concat-job-id"));
        assertEquals(taskId, meta.get("concat-task-id"));
        assertEquals("submitted", meta.get("concat-state"));
        assertEquals(first.<String>path("eventId"), meta.get("concat-event-id"));
        assertEquals(first.<String>path("requestId"), meta.get("concat-request-id"));
        assertEquals(BUCKET + "/outputs/" + dir + "out.%7Bautoext%7D", meta.get("concat-target"));
        assertEquals(jobRecord(jobId).task().submittedAt(), Instant.parse(meta.get("concat-submitted-at")));

        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("duplicate", equalTo(true))
                .body("taskId", equalTo(taskId));
        assertEquals(1, tasksFor(dir));

        given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .body("taskId", equalTo(taskId))
                .body("playlist.clips", hasSize(3))
                .body("attempt", equalTo(1));
    }

    @Test
    void aChangedClipIsANewJob() throws Exception {
        String jobId = post(validPlaylist()).then().statusCode(200).extract().path("jobId");
        Files.writeString(server.store().file(BUCKET, dir + "a.mp4"), "re-encoded clip");
        String again = post(validPlaylist()).then().statusCode(200).extract().path("jobId");
        assertFalse(jobId.equals(again), "the clip's ETag is part of the job ID");
    }

    @Test
    void idempotencyKeyAloneIdentifiesTheJob() {
        String key = UUID.randomUUID().toString();
        String a = post(validPlaylist().replace("{\"bucket\"", "{\"idempotencyKey\":\"" + key + "\",\"bucket\""))
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
        String b = post(playlist("c.mp4", "b.mp4")
                        .replace("{\"bucket\"", "{\"idempotencyKey\":\"" + key + "\",\"bucket\""))
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .extract()
                .path("jobId");
        assertEquals(a, b);
    }

    @Test
    void missingClipsAre422NamingEachAndWriteNothing() {
        post(playlist("a.mp4", "nope-1.mp4", "nope-2.mp4"))
                .then()
                .statusCode(422)
                .body("error", equalTo("clips_missing"))
                .body("violations.path", equalTo(List.of("clips[1].key", "clips[2].key")))
                .body("violations[0].message", containsString("nope-1.mp4"));
        assertEquals(0, tasksFor(dir));
    }

    @Test
    void invalidPlaylistIs400WithViolations() {
        post(validPlaylist()
                        .replace(
                                "\"preset\":\"mp4-h264-720p\"",
                                "\"format\":\"flv\",\"video\":" + "{\"codec\":\"h265\"},\"audio\":{\"codec\":\"aac\"}"))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_playlist"))
                .body("violations[0].path", equalTo("output.video.codec"));
    }

    @Test
    void unknownJobIs404AndBadJobIdIs400() {
        given().queryParam("jobId", "0".repeat(32))
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown_job"));
        given().queryParam("jobId", "../etc")
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_job_id"));
    }

    @Test
    void fiftyConcurrentIdenticalSubmissionsMakeOneTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit((Callable<Response>) () -> post(validPlaylist())));
        }
        Set<String> jobIds = new HashSet<>();
        int fresh = 0;
        for (Future<Response> f : answers) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            jobIds.add(r.path("jobId"));
            fresh += Boolean.TRUE.equals(r.path("duplicate")) ? 0 : 1;
        }
        pool.shutdown();
        assertEquals(1, jobIds.size());
        assertEquals(1, fresh);
        assertEquals(1, tasksFor(dir), "exactly one x-oss-async-process");
    }

    // ---- faults -------------------------------------------------------------------------------------------

    enum Step {
        HEAD(OssOperation.HEAD_OBJECT, 0),
        CLAIM(OssOperation.PUT_OBJECT, 0),
        SUBMIT(OssOperation.ASYNC_PROCESS, 0),
        RECORD(OssOperation.PUT_OBJECT, 1);

        final OssOperation op;
        final int skip;

        Step(OssOperation op, int skip) {
            this.op = op;
            this.skip = skip;
        }
    }

    enum Kind {
        SERVER_ERROR,
        TIMEOUT,
        DROPPED
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> faultMatrix() {
        return java.util.Arrays.stream(Step.values())
                .flatMap(step -> java.util.Arrays.stream(Kind.values())
                        .map(kind -> org.junit.jupiter.params.provider.Arguments.of(step, kind)));
    }

    /**
     * Every step, every kind of fault: the caller gets a retryable 503, the retry succeeds, at most one task
     * exists, and a job whose outcome the pipeline cannot know is left claimed with the reason, not lost.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("faultMatrix")
    void everyFaultAtEveryStepIsRetryableAndNeverSubmitsTwice(Step step, Kind kind) throws Exception {
        Faults.Hold held = null;
        switch (kind) {
            case SERVER_ERROR ->
                server.faults().inject(step.op, Faults.Kind.ERROR, 0, 503, "ServiceUnavailable", step.skip, 100);
            // held until the SDK's socket timeout gives up on them; released below, after the answer
            case TIMEOUT -> held = server.faults().hold(step.op, step.skip, 100);
            case DROPPED -> server.faults().inject(step.op, Faults.Kind.DROP, 0, 0, null, step.skip, 100);
        }
        Response first = post(validPlaylist());
        if (first.statusCode() != 200) { // a claim whose lost answer is found ours by reading it back succeeds
            first.then()
                    .statusCode(503)
                    .body("error", equalTo("oss_unavailable"))
                    .body("retryable", equalTo(true));
        }
        if (held != null) {
            assertTrue(held.caught() > 0, "the timeout came from the held request");
        }
        // disarms the faults and releases the held requests; they have landed when this returns
        server.faults().clear();
        Response retry = post(validPlaylist());
        retry.then().statusCode(200);
        String jobId = retry.path("jobId");
        long tasks = tasksFor(dir);
        assertTrue(tasks <= 1, "never two tasks: " + step + " " + kind);
        // where the pipeline can know, the retry has submitted; where it cannot, the claim waits for the window
        boolean unknowable =
                (step == Step.SUBMIT && kind != Kind.SERVER_ERROR) || (step == Step.CLAIM && kind == Kind.TIMEOUT);
        if (!unknowable) {
            assertEquals(1, tasks, step + " " + kind);
        }
        if (tasks == 0) {
            // not lost: the claim is still there, and after the takeover window a delivery submits it
            assertEquals(JobState.CLAIMED, jobRecord(jobId).state());
            pastTheTakeoverWindow();
            post(validPlaylist()).then().statusCode(200).body("state", equalTo("submitted"));
            assertEquals(1, tasksFor(dir));
        }
    }

    @Test
    void headFailureIsRetryableAndWritesNothing() {
        server.faults().error(OssOperation.HEAD_OBJECT, 503, "ServiceUnavailable", 100);
        post(validPlaylist())
                .then()
                .statusCode(503)
                .body("error", equalTo("oss_unavailable"))
                .body("retryable", equalTo(true));
        server.faults().clear();
        assertEquals(0, tasksFor(dir));
        post(validPlaylist()).then().statusCode(200).body("duplicate", equalTo(false));
    }

    @Test
    void headTimeoutIsRetryable() {
        Faults.Hold held = server.faults().hold(OssOperation.HEAD_OBJECT, 0, 100);
        post(validPlaylist()).then().statusCode(503).body("retryable", equalTo(true));
        assertTrue(held.caught() > 0);
        held.release();
        assertEquals(0, tasksFor(dir));
    }

    @Test
    void droppedClaimIsRetryableAndTheRetrySubmitsOnce() {
        server.faults().inject(OssOperation.PUT_OBJECT, Faults.Kind.DROP, 0, 0, null, 100);
        post(validPlaylist()).then().statusCode(503).body("retryable", equalTo(true));
        server.faults().clear();
        post(validPlaylist()).then().statusCode(200).body("duplicate", equalTo(false));
        assertEquals(1, tasksFor(dir));
    }

    @Test
    void submitErrorMarksTheJobFailedAndARetrySubmitsIt() {
        server.faults().error(OssOperation.ASYNC_PROCESS, 500, "InternalError", 1);
        String jobId = post(validPlaylist())
                .then()
                .statusCode(503)
                .body("error", equalTo("oss_unavailable"))
                .body("retryable", equalTo(true))
                .extract()
                .path("jobId");
        assertEquals("failed", record(jobId).meta().user().get("concat-state"));
        assertTrue(record(jobId).meta().user().get("concat-error").contains("InternalError"));
        assertEquals(0, tasksFor(dir));

        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("jobId", equalTo(jobId))
                .body("state", equalTo("submitted"))
                .body("duplicate", equalTo(false));
        assertEquals(1, tasksFor(dir));
        given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .body("attempt", equalTo(2));
    }

    @Test
    void ossRefusingTheSubmissionIsRefusedNotRejectedAndTheJobMaySubmitOnceFixed() throws Exception {
        // a role without oss:PostProcessTask: the caller is refused, the process string is not at fault
        server.faults().error(OssOperation.ASYNC_PROCESS, 403, "AccessDenied", 1);
        String jobId = post(validPlaylist())
                .then()
                .statusCode(502)
                .body("error", equalTo("oss_refused"))
                .body("retryable", equalTo(false))
                .body("message", containsString("AccessDenied"))
                .extract()
                .path("jobId");
        assertEquals(JobState.FAILED, jobRecord(jobId).state());
        assertEquals("failed", record(jobId).meta().user().get("concat-state"));
        assertTrue(record(jobId).meta().user().get("concat-error").startsWith("AccessDenied: "));
        assertEquals(0, tasksFor(dir));

        post(validPlaylist()).then().statusCode(200).body("state", equalTo("submitted"));
        assertEquals(1, tasksFor(dir));
        assertEquals(2, jobRecord(jobId).attempt());
    }

    /** A rejection is permanent: redeliveries answer with it, and only an explicit retry submits the string again. */
    @Test
    void ossRejectionIsRecordedAsRejectedWithTheOssMessageAndOnlyAnExplicitRetrySubmitsAgain() {
        server.faults().error(OssOperation.ASYNC_PROCESS, 400, "Imm Client", 1);
        String jobId = post(validPlaylist())
                .then()
                .statusCode(502)
                .body("error", equalTo("oss_rejected"))
                .body("retryable", equalTo(false))
                .body("message", containsString("Imm Client"))
                .extract()
                .path("jobId");
        assertEquals("rejected", record(jobId).meta().user().get("concat-state"));
        assertTrue(record(jobId).meta().user().get("concat-error").startsWith("Imm Client"));
        assertEquals("permanent", record(jobId).meta().user().get("concat-failure"));
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("rejected"))
                .body("error", startsWith("Imm Client"))
                .body("failure", equalTo("permanent"));
        assertEquals(0, tasksFor(dir));
        retry(jobId).then().statusCode(200).body("state", equalTo("submitted")).body("duplicate", equalTo(false));
        assertEquals(1, tasksFor(dir));
    }

    Response retry(String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .post("/retry");
    }

    /**
     * OSS unavailable at submission is transient: each delivery submits again, up to concat.jobs.max-attempts; then
     * the job is answered as failed until someone asks for it. The record lists every attempt with its error.
     */
    @Test
    void failedSubmissionsAreResubmittedUpToTheLimitThenOnlyOnRequest() throws Exception {
        int max = jobs.maxAttempts();
        server.faults().error(OssOperation.ASYNC_PROCESS, 503, "ServiceUnavailable", max);
        String jobId = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            jobId = post(validPlaylist())
                    .then()
                    .statusCode(503)
                    .body("error", equalTo("oss_unavailable"))
                    .extract()
                    .path("jobId");
            assertEquals(attempt, jobRecord(jobId).attempt());
        }
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("failed"))
                .body("failure", equalTo("transient"))
                .body("error", containsString("ServiceUnavailable"));
        JobRecord exhausted = jobRecord(jobId);
        assertEquals(max, exhausted.attempt(), "no attempt beyond the limit");
        assertEquals(max - 1, exhausted.earlier().size());
        for (int i = 0; i < max - 1; i++) {
            JobRecord.Attempt a = exhausted.earlier().get(i);
            assertEquals(i + 1, a.attempt());
            assertEquals(JobState.FAILED, a.state());
            assertEquals(FailureKind.TRANSIENT, a.outcome().failure());
            assertTrue(
                    a.outcome().error().contains("ServiceUnavailable"),
                    a.outcome().error());
        }
        assertEquals(0, tasksFor(dir));

        retry(jobId).then().statusCode(200).body("state", equalTo("submitted")).body("jobId", equalTo(jobId));
        assertEquals(max + 1, jobRecord(jobId).attempt());
        assertEquals(1, tasksFor(dir));
    }

    /**
     * A claim abandoned again and again (OSS never answers) is taken over while attempts are left; after that the job
     * is recorded as failed, not left claimed, which would make FC deliver its event again forever.
     */
    @Test
    void anAbandonedClaimWithNoAttemptsLeftIsFailedNotLeftClaimed() throws Exception {
        int max = jobs.maxAttempts();
        clock.freeze();
        server.faults().inject(OssOperation.ASYNC_PROCESS, Faults.Kind.DROP, 0, 0, null, max);
        String jobId = post(validPlaylist()).then().statusCode(503).extract().path("jobId");
        for (int attempt = 2; attempt <= max; attempt++) {
            pastTheTakeoverWindow();
            post(validPlaylist()).then().statusCode(503);
            assertEquals(attempt, jobRecord(jobId).attempt());
            assertEquals(JobState.CLAIMED, jobRecord(jobId).state());
        }
        pastTheTakeoverWindow();
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("failed"))
                .body("error", containsString("no automatic attempts are left"));
        JobRecord failed = jobRecord(jobId);
        assertEquals(max, failed.attempt());
        assertEquals(JobState.FAILED, failed.state());
        assertEquals(max - 1, failed.earlier().size());
        assertEquals(JobState.CLAIMED, failed.earlier().get(0).state(), "the abandoned claims are in the history");
        assertTrue(failed.earlier().get(0).outcome().error().contains("the task may exist"));
        assertEquals(0, tasksFor(dir));

        retry(jobId).then().statusCode(200).body("state", equalTo("submitted"));
        assertEquals(1, tasksFor(dir));
    }

    /** An explicit retry checks the job like a delivery: its clips must exist and be the ones it was made of. */
    @Test
    void anExplicitRetryChecksTheClips() throws Exception {
        server.faults().error(OssOperation.ASYNC_PROCESS, 400, "Imm Client", 1);
        String jobId = post(validPlaylist()).then().statusCode(502).extract().path("jobId");
        Files.writeString(server.store().file(BUCKET, dir + "b.mp4"), "re-encoded");
        retry(jobId)
                .then()
                .statusCode(409)
                .body("error", equalTo("not_retryable"))
                .body("jobId", equalTo(jobId))
                .body("message", containsString("changed since the job was made"));
        Files.delete(server.store().file(BUCKET, dir + "c.mp4"));
        retry(jobId)
                .then()
                .statusCode(422)
                .body("error", equalTo("clips_missing"))
                .body("violations[0].path", equalTo("clips[2].key"));
        assertEquals(0, tasksFor(dir));
        assertEquals(JobState.REJECTED, jobRecord(jobId).state());
    }

    @Test
    void lostSubmitAnswerNeverSubmitsTwiceWithinTheTakeoverWindow() {
        // the task is created, then the connection drops: the caller cannot know
        server.faults().inject(OssOperation.ASYNC_PROCESS, Faults.Kind.DROP_AFTER, 0, 0, null, 1);
        String jobId = post(validPlaylist())
                .then()
                .statusCode(503)
                .body("retryable", equalTo(true))
                .extract()
                .path("jobId");
        assertEquals(1, tasksFor(dir));
        assertEquals("claimed", record(jobId).meta().user().get("concat-state"));
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("claimed"));
        assertEquals(1, tasksFor(dir), "a retry inside the window does not submit again");
    }

    @Test
    void droppedSubmitBeforeProcessingIsAlsoLeftClaimed() {
        server.faults().inject(OssOperation.ASYNC_PROCESS, Faults.Kind.DROP, 0, 0, null, 1);
        post(validPlaylist()).then().statusCode(503).body("retryable", equalTo(true));
        assertEquals(0, tasksFor(dir));
        post(validPlaylist()).then().statusCode(200).body("duplicate", equalTo(true));
        assertEquals(0, tasksFor(dir), "without an answer the pipeline cannot know; it waits for the window");
    }

    @Test
    void recordWriteFailureAfterSubmitNamesTheTaskAndDoesNotResubmit() {
        // skip the claim PUT, then fail every try of the record PUT
        server.faults().inject(OssOperation.PUT_OBJECT, Faults.Kind.ERROR, 0, 503, "ServiceUnavailable", 1, 100);
        String message = post(validPlaylist())
                .then()
                .statusCode(503)
                .body("retryable", equalTo(true))
                .extract()
                .path("message");
        assertTrue(message.contains("MediaConvert-"), message);
        server.faults().clear();
        post(validPlaylist()).then().statusCode(200).body("duplicate", equalTo(true));
        assertEquals(1, tasksFor(dir));
    }

    @Test
    void anAbandonedClaimIsTakenOverOnlyOnceTheWindowHasPassed() throws Exception {
        // The submission never reached OSS and its answer never came: to the pipeline, the claimer might have
        // crashed between claim and submit. Time stands still, so the record sits exactly where the test puts it.
        clock.freeze();
        server.faults().inject(OssOperation.ASYNC_PROCESS, Faults.Kind.DROP, 0, 0, null, 1);
        String jobId = post(validPlaylist()).then().statusCode(503).extract().path("jobId");
        JobRecord claimed = jobRecord(jobId);
        assertEquals(JobState.CLAIMED, claimed.state());
        assertEquals(clock.instant(), claimed.claim().claimedAt());

        clock.advance(jobs.takeoverAfter()); // exactly the window: not yet abandoned
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("claimed"));
        assertEquals(0, tasksFor(dir));

        clock.advance(Duration.ofMillis(1));
        post(validPlaylist())
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(false))
                .body("jobId", equalTo(jobId))
                .body("state", equalTo("submitted"));
        assertEquals(1, tasksFor(dir));
        JobRecord taken = jobRecord(jobId);
        assertEquals(2, taken.attempt());
        assertEquals(clock.instant(), taken.claim().claimedAt());
        assertFalse(claimed.claim().token().equals(taken.claim().token()), "a new claim, a new token");
        assertTrue(
                server.store()
                        .head(BUCKET, "concat-jobs/" + jobId + ".attempt-2")
                        .isPresent(),
                "the takeover claimed its attempt object");
    }

    @Test
    void aLostAnswerIsSubmittedAgainAfterTheWindowTheDocumentedRemainingRisk() throws Exception {
        // the task was created and its answer lost: after the window the job is submitted again (docs/idempotency.md,
        // "The
        // remaining window for double submission"), the only way two tasks arise
        server.faults().inject(OssOperation.ASYNC_PROCESS, Faults.Kind.DROP_AFTER, 0, 0, null, 1);
        String jobId = post(validPlaylist()).then().statusCode(503).extract().path("jobId");
        assertEquals(1, tasksFor(dir));
        assertTrue(
                jobRecord(jobId).error().contains("the task may exist"),
                jobRecord(jobId).error());
        pastTheTakeoverWindow();
        post(validPlaylist()).then().statusCode(200).body("duplicate", equalTo(false));
        assertEquals(2, tasksFor(dir));
        assertEquals(null, jobRecord(jobId).error(), "the new attempt starts clean");
    }

    @Test
    void playlistObjectKeepsItsMetadataAndContentTypeWhenTheOutcomeIsRecorded() {
        String key = dir + "playlist.json";
        String body = validPlaylist();
        gateway.asInstance()
                .put(
                        BUCKET,
                        key,
                        body.getBytes(StandardCharsets.UTF_8),
                        "application/vnd.example+json",
                        Map.of("uploaded-by", "alice", "camera", "cam-7"),
                        false);
        ObjectInfo origin = gateway.asInstance().head(BUCKET, key).orElseThrow();
        JobResult r =
                pipeline.submit(PlaylistFile.read(body, BUCKET, null), Defaults.NONE, gateway.asInstance(), origin);
        ObjectInfo after = gateway.asInstance().head(BUCKET, key).orElseThrow();
        assertEquals("application/vnd.example+json", after.contentHeaders().get("content-type"));
        assertEquals("alice", after.userMetadata().get("uploaded-by"));
        assertEquals("cam-7", after.userMetadata().get("camera"));
        assertEquals(r.record().taskId(), after.userMetadata().get("concat-task-id"));
        assertEquals("submitted", after.userMetadata().get("concat-state"));
        assertEquals(origin.etag(), after.etag(), "content unchanged");
    }

    @Test
    void wrongCredentialsInTheFcHeadersAreUsedAndRefused() {
        given().contentType(ContentType.JSON)
                .body(validPlaylist())
                .header("x-fc-access-key-id", local.config().accessKeyId())
                .header("x-fc-access-key-secret", "wrong")
                .when()
                .post("/concat")
                .then()
                .statusCode(502)
                .body("error", equalTo("oss_refused"))
                .body("message", containsString("SignatureDoesNotMatch"));
        given().contentType(ContentType.JSON)
                .body(validPlaylist())
                .header("x-fc-access-key-id", local.config().accessKeyId())
                .header("x-fc-access-key-secret", local.config().accessKeySecret())
                .when()
                .post("/concat")
                .then()
                .statusCode(200);
    }
}
