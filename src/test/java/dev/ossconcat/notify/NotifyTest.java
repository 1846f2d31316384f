package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.OssOperation;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Completion messages over HTTP, on jobs submitted through /concat against the embedded server. */
@QuarkusTest
class NotifyTest {

    static final String BUCKET = TestBuckets.of(NotifyTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    String dir;

    @BeforeEach
    void clips() throws Exception {
        gateway.endpoint();
        dir = Jobs.clips(local, BUCKET);
    }

    String submit() {
        return Jobs.submit(BUCKET, dir).taskId();
    }

    ValidatableResponse notify(String body) {
        return given().body(body).when().post("/notify").then();
    }

    ValidatableResponse status(String jobId) {
        return Jobs.status(BUCKET, jobId);
    }

    @Test
    void successIsRecordedOnceWhateverTheEnvelope() {
        String task = submit();
        String jobId = notify(smqXml(base64(imm(content(task, "Succeeded", "", "", BUCKET)))))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("state", equalTo("succeeded"))
                .extract()
                .path("jobId");
        // IMM's EndTime 2024-08-20T07:03:08.57Z, in the form every time of the record has
        status(jobId).body("state", equalTo("succeeded")).body("finishedAt", equalTo("2024-08-20T07:03:08.570Z"));
        var meta = gateway.asInstance()
                .head(BUCKET, "concat-jobs/" + jobId + ".json")
                .orElseThrow()
                .userMetadata();
        assertEquals("succeeded", meta.get("concat-state"));
        assertEquals(task, meta.get("concat-task-id"));

        notify(imm(content(task, "Succeeded", "", "", BUCKET))).statusCode(200).body("result", equalTo("duplicate"));
        notify(imm(content(task, "Failed", "X", "late", BUCKET)))
                .statusCode(200)
                .body("result", equalTo("duplicate"));
        notify(imm(content(task, "Running", "", "", BUCKET))).statusCode(200).body("result", equalTo("duplicate"));
        status(jobId).body("state", equalTo("succeeded"));
    }

    @Test
    void failureKeepsImmsCodeAndMessageAndALateMessageOfAnEarlierAttemptIsStale() {
        String first = submit();
        String jobId = notify(imm(content(first, "Failed", "InvalidArgument", "codec mismatch", BUCKET)))
                .statusCode(200)
                .body("state", equalTo("failed"))
                .extract()
                .path("jobId");
        status(jobId).body("error", equalTo("InvalidArgument: codec mismatch"));
        assertEquals(
                "failed",
                gateway.asInstance()
                        .head(BUCKET, "concat-jobs/" + jobId + ".json")
                        .orElseThrow()
                        .userMetadata()
                        .get("concat-state"));

        String second = submit(); // a failed job may be submitted again: attempt 2, a new task
        assertTrue(!second.equals(first));
        notify(imm(content(first, "Succeeded", "", "", BUCKET))).statusCode(200).body("result", equalTo("stale"));
        status(jobId).body("state", equalTo("submitted")).body("taskId", equalTo(second));
        notify(imm(content(second, "Running", "", "", BUCKET))).statusCode(200).body("result", equalTo("running"));
        notify(imm(content(second, "Succeeded", "", "", BUCKET)))
                .statusCode(200)
                .body("result", equalTo("updated"));
        status(jobId).body("state", equalTo("succeeded")).body("attempt", equalTo(2));
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

    @Test
    void ossUnavailableAsksSmqToRetry() {
        String task = submit();
        local.server().orElseThrow().faults().error(OssOperation.GET_OBJECT, 503, "ServiceUnavailable", 100);
        try {
            notify(imm(content(task, "Succeeded", "", "", BUCKET)))
                    .statusCode(503)
                    .body("retryable", equalTo(true));
        } finally {
            local.server().orElseThrow().faults().clear();
        }
        notify(imm(content(task, "Succeeded", "", "", BUCKET)))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("jobId", notNullValue());
    }

    @Test
    void theCredentialsOfTheFcHeadersAreTheOnesUsed() {
        String task = submit();
        String body = imm(content(task, "Succeeded", "", "", BUCKET));
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
}
