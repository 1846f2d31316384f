package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.Faults;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.OssOperation;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Completion messages over HTTP, on jobs submitted through /concat against the embedded server. Signatures are off
 * here, as they are locally: every message is unauthenticated, so what one can do is what a forger can do.
 */
@QuarkusTest
class NotifyTest {

    static final String BUCKET = TestBuckets.of(NotifyTest.class);

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
        dir = Jobs.clips(local, BUCKET);
    }

    @AfterEach
    void clearFaults() {
        server.faults().clear();
    }

    Jobs.Submitted submit() {
        return Jobs.submit(BUCKET, dir);
    }

    String about(Jobs.Submitted job, String status, String code, String message) {
        return Jobs.content(BUCKET, job, status, code, message);
    }

    ValidatableResponse notify(String body) {
        return given().body(body).when().post("/notify").then();
    }

    ValidatableResponse status(String jobId) {
        return Jobs.status(BUCKET, jobId);
    }

    long tasks() {
        return server.tasks().accepted().stream()
                .filter(t -> t.key().startsWith(dir))
                .count();
    }

    @Test
    void successIsRecordedOnceWhateverTheEnvelope() {
        Jobs.Submitted job = submit();
        String jobId = notify(smqXml(base64(imm(about(job, "Succeeded", "", "")))))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("state", equalTo("succeeded"))
                .body("failure", nullValue())
                .extract()
                .path("jobId");
        assertEquals(job.jobId(), jobId);
        // IMM's EndTime 2024-08-20T07:03:08.57Z, in the form every time of the record has
        status(jobId).body("state", equalTo("succeeded")).body("finishedAt", equalTo("2024-08-20T07:03:08.570Z"));
        var meta = gateway.asInstance()
                .head(BUCKET, "concat-jobs/" + jobId + ".json")
                .orElseThrow()
                .userMetadata();
        assertEquals("succeeded", meta.get("concat-state"));
        assertEquals(job.taskId(), meta.get("concat-task-id"));

        notify(imm(about(job, "Succeeded", "", ""))).statusCode(200).body("result", equalTo("duplicate"));
        notify(imm(about(job, "Failed", "X", "late"))).statusCode(200).body("result", equalTo("duplicate"));
        notify(imm(about(job, "Running", "", ""))).statusCode(200).body("result", equalTo("duplicate"));
        status(jobId).body("state", equalTo("succeeded"));
    }

    /**
     * A deterministic failure is paid for once: later deliveries answer with it, and only an explicit retry submits
     * the job again. The record keeps the first attempt, with its task and error, when the second starts.
     */
    @Test
    void aPermanentFailureIsAnsweredAsADuplicateUntilRetriedExplicitly() {
        Jobs.Submitted first = submit();
        notify(imm(about(first, "Failed", "InvalidArgument", "codec mismatch")))
                .statusCode(200)
                .body("state", equalTo("failed"))
                .body("failure", equalTo("permanent"));
        status(first.jobId())
                .body("error", equalTo("InvalidArgument: codec mismatch"))
                .body("failure", equalTo("permanent"));
        assertEquals(
                "permanent",
                gateway.asInstance()
                        .head(BUCKET, "concat-jobs/" + first.jobId() + ".json")
                        .orElseThrow()
                        .userMetadata()
                        .get("concat-failure"));

        Jobs.post(BUCKET, dir)
                .statusCode(200)
                .body("jobId", equalTo(first.jobId()))
                .body("duplicate", equalTo(true))
                .body("state", equalTo("failed"))
                .body("error", equalTo("InvalidArgument: codec mismatch"))
                .body("failure", equalTo("permanent"));
        assertEquals(1, tasks(), "the redelivery did not pay for the same failure again");

        String second = Jobs.retry(BUCKET, first.jobId())
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .body("duplicate", equalTo(false))
                .body("error", nullValue())
                .extract()
                .path("taskId");
        assertNotEquals(first.taskId(), second);
        assertEquals(2, tasks());
        Jobs.Submitted retried = new Jobs.Submitted(first.jobId(), second, first.source());

        notify(imm(about(first, "Succeeded", "", ""))).statusCode(200).body("result", equalTo("stale"));
        status(first.jobId()).body("state", equalTo("submitted")).body("taskId", equalTo(second));
        notify(imm(about(retried, "Running", "", ""))).statusCode(200).body("result", equalTo("running"));
        notify(imm(about(retried, "Succeeded", "", ""))).statusCode(200).body("result", equalTo("updated"));
        status(first.jobId())
                .body("state", equalTo("succeeded"))
                .body("attempt", equalTo(2))
                .body("attempts", hasSize(1))
                .body("attempts[0].attempt", equalTo(1))
                .body("attempts[0].state", equalTo("failed"))
                .body("attempts[0].taskId", equalTo(first.taskId()))
                .body("attempts[0].error", equalTo("InvalidArgument: codec mismatch"))
                .body("attempts[0].failure", equalTo("permanent"))
                .body("attempts[0].finishedAt", equalTo("2024-08-20T07:03:08.570Z"))
                .body("attempts[0].submittedAt", notNullValue());
    }

    /** IMM's InternalError is transient, but an unsigned message saying so must not buy a second task. */
    @Test
    void anUnsignedTransientFailureDoesNotLeadToANewSubmission() {
        Jobs.Submitted job = submit();
        notify(imm(about(job, "Failed", "InternalError", "try later")))
                .statusCode(200)
                .body("state", equalTo("failed"))
                .body("failure", equalTo("permanent"));
        Jobs.post(BUCKET, dir).statusCode(200).body("duplicate", equalTo(true)).body("state", equalTo("failed"));
        assertEquals(1, tasks());
    }

    @Test
    void unknownTasksAreAcknowledgedAndGarbageIs400() {
        notify(imm(content("MediaConvert-" + UUID.randomUUID(), "Succeeded", "", "", BUCKET)))
                .statusCode(200)
                .body("result", equalTo("unknown"));
        notify("<Notification><Message>")
                .statusCode(400)
                .body("error", equalTo("unparseable"))
                .body("message", containsString("XML"));
    }

    /** Names OSS would refuse are answered 400 in the usual shape, naming the field, before any OSS call. */
    @Test
    void invalidBucketsAndKeysAre400NamingTheField() {
        for (String[] c : new String[][] {
            {"oss://A/x", "bucket_name"}, {"oss://", "bucket_name"}, {"oss://" + BUCKET + "/", "key_empty"}
        }) {
            notify(imm(content("MediaConvert-1", "Succeeded", "", "", BUCKET)
                            .replace("oss://" + BUCKET + "/clips/a.mp4", c[0])))
                    .statusCode(400)
                    .body("error", equalTo("unparseable"))
                    .body("message", containsString("Sources[0].URI"))
                    .body("violations", hasSize(1))
                    .body("violations[0].path", equalTo("Sources[0].URI"))
                    .body("violations[0].code", equalTo(c[1]));
        }
        notify(content("T-1", "Succeeded", "", "", BUCKET, "clips/a.mp4", "oss://x/y"))
                .statusCode(400)
                .body("violations[0].path", equalTo("Targets[0].URI"))
                .body("violations[0].code", equalTo("bucket_name"));
    }

    /**
     * A message about a job's task that names another source, or an output the job's target cannot become, is not
     * IMM's message about that job: it changes nothing, and nothing it names is probed.
     */
    @Test
    void aMessageThatDoesNotNameTheJobsObjectsChangesNothingAndProbesNothing() throws Exception {
        Jobs.Submitted job = submit();
        Path secret = server.store().file(BUCKET, "private/" + dir + "payroll.mp4");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, "exists");
        Faults.Hold probes = server.faults().hold(OssOperation.VIDEO_INFO, 0, 100);

        for (String forged : List.of(
                ImmMessages.content(
                        job.taskId(),
                        "Succeeded",
                        "",
                        "",
                        BUCKET,
                        job.source(),
                        "oss://" + BUCKET + "/private/" + dir + "payroll.mp4"),
                ImmMessages.content(
                        job.taskId(),
                        "Succeeded",
                        "",
                        "",
                        BUCKET,
                        job.source(),
                        "oss://other-bucket" + "/outputs/" + dir + "x.mp4"),
                ImmMessages.content(job.taskId(), "Failed", "InvalidArgument", "forged", BUCKET, dir + "b.mp4"),
                ImmMessages.content(job.taskId(), "Failed", "InvalidArgument", "forged", BUCKET, job.source())
                        .replace("}],\"Targets\"", "},{\"URI\":\"oss://other-bucket/a.mp4\"}],\"Targets\""))) {
            notify(forged)
                    .statusCode(200)
                    .body("result", equalTo("mismatch"))
                    .body("jobId", equalTo(job.jobId()))
                    .body("state", equalTo("submitted"))
                    .body("reason", notNullValue())
                    .body("verified", nullValue());
        }
        assertEquals(0, probes.caught(), "no message made the function probe anything");
        status(job.jobId()).body("state", equalTo("submitted"));
        server.faults().clear();

        // IMM's own message names the expanded output: that, and only that, is verified
        notify(ImmMessages.content(
                        job.taskId(),
                        "Succeeded",
                        "",
                        "",
                        BUCKET,
                        job.source(),
                        "oss://" + BUCKET + "/outputs/" + dir + "x.mp4"))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body(
                        "verified",
                        equalTo("false: the output oss://" + BUCKET + "/outputs/" + dir + "x.mp4 does not exist"));
    }

    @Test
    void ossUnavailableAsksSmqToRetry() {
        Jobs.Submitted job = submit();
        server.faults().error(OssOperation.GET_OBJECT, 503, "ServiceUnavailable", 100);
        notify(imm(about(job, "Succeeded", "", ""))).statusCode(503).body("retryable", equalTo(true));
        server.faults().clear();
        notify(imm(about(job, "Succeeded", "", "")))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("jobId", notNullValue());
    }

    @Test
    void theCredentialsOfTheFcHeadersAreTheOnesUsed() {
        Jobs.Submitted job = submit();
        String body = imm(about(job, "Succeeded", "", ""));
        given().header("x-fc-access-key-id", local.config().accessKeyId())
                .header("x-fc-access-key-secret", "wrong")
                .body(body)
                .when()
                .post("/notify")
                .then()
                .statusCode(502)
                .body("error", equalTo("oss_refused"))
                .body("message", containsString("SignatureDoesNotMatch"));
        given().header("x-fc-access-key-id", local.config().accessKeyId())
                .header("x-fc-access-key-secret", local.config().accessKeySecret())
                .body(body)
                .when()
                .post("/notify")
                .then()
                .statusCode(200)
                .body("result", equalTo("updated"));
    }

    /** A newline in a value writes no line of its own, and a huge value makes no huge line. */
    @Test
    void untrustedValuesReachTheLogEscapedAndCapped() {
        Jobs.Submitted job = submit();
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                lines.add(sb.toString());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String forgedLine = "\nINFO [dev.ossconcat.job.JobPipeline] job " + job.jobId() + ": task succeeded";
        try {
            notify(ImmMessages.content(
                            job.taskId(),
                            "Succeeded",
                            "",
                            "",
                            BUCKET,
                            job.source(),
                            "oss://" + BUCKET + "/outputs/" + forgedLine + "x".repeat(900)))
                    .statusCode(200)
                    .body("result", equalTo("mismatch"));
            notify(imm(content((job.taskId() + forgedLine).replace("\n", "\\n"), "Succeeded", "", "", BUCKET)))
                    .statusCode(400)
                    .body("violations[0].code", equalTo("task_id"));
            // a 900 KB TaskId is not a message at all: refused unread, in the usual shape
            notify(imm(content("T".repeat(900_000), "Succeeded", "", "", BUCKET)))
                    .statusCode(413)
                    .body("error", equalTo("body_too_large"));
        } finally {
            root.removeHandler(capture);
        }
        String mismatch = lines.stream()
                .filter(l -> l.contains("was not taken"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the mismatch is logged: " + lines));
        assertTrue(mismatch.contains("\\nINFO [dev.ossconcat"), mismatch);
        assertTrue(mismatch.length() < 1500, "capped: " + mismatch.length());
        for (String line : lines) {
            assertFalse(line.contains(forgedLine), "a raw newline from a message reached the log: " + line);
            assertTrue(line.length() < 5000, "a line of " + line.length() + " characters");
        }
    }

    @Test
    void retryAnswersPreciselyWhenThereIsNothingToRetry() {
        Jobs.Submitted job = submit();
        Jobs.retry(BUCKET, job.jobId())
                .statusCode(409)
                .body("error", equalTo("not_retryable"))
                .body("jobId", equalTo(job.jobId()))
                .body("message", containsString("is submitted as task " + job.taskId()));
        Jobs.retry(BUCKET, "0".repeat(32)).statusCode(404).body("error", equalTo("unknown_job"));
        Jobs.retry(BUCKET, "../x").statusCode(400).body("error", equalTo("invalid_job_id"));
        Jobs.retry("Bad_Bucket", job.jobId()).statusCode(400).body("error", equalTo("invalid_bucket"));
        given().queryParam("jobId", job.jobId())
                .queryParam("bucket", BUCKET)
                .when()
                .get("/retry")
                .then()
                .statusCode(405)
                .body("error", equalTo("method_not_allowed"));
        assertEquals(1, tasks());
    }
}
