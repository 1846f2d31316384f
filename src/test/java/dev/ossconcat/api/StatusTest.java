package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /status}: the job ID and the bucket are checked before anything is read from OSS. */
@QuarkusTest
class StatusTest {

    static final String JOB = "0123456789abcdef0123456789abcdef";

    @Test
    void anInvalidBucketNameIsA400NamingTheFieldTheRuleAndTheValue() {
        List<String> invalid = List.of("A", "", "a", "MEDIA", "a_b", "x".repeat(64));
        for (String bucket : invalid) {
            given().queryParam("jobId", JOB)
                    .queryParam("bucket", bucket)
                    .when()
                    .get("/status")
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_bucket"))
                    .body("message", containsString("'" + bucket + "'"))
                    .body("violations[0].path", equalTo("bucket"))
                    .body("violations[0].code", equalTo("bucket_name"))
                    .body("violations[0].message", containsString("not a valid OSS bucket name"));
        }
        assertEquals(6, invalid.size());
    }

    @Test
    void aValidBucketWithoutTheJobIsA404() {
        given().queryParam("jobId", JOB)
                .queryParam("bucket", TestBuckets.of(StatusTest.class))
                .when()
                .get("/status")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown_job"));
    }

    @Test
    void aLongJobIdIsQuotedCut() {
        given().queryParam("jobId", "z".repeat(3000))
                .when()
                .get("/status")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_job_id"))
                .body("message", containsString("more characters)"));
    }

    @Inject
    LocalOss local;

    /** A submitted one-task job: OSS has accepted the task and said nothing more, so there is nothing to link yet. */
    @Test
    void aSubmittedJobShowsItsProgressAndNoLinks() throws Exception {
        String bucket = TestBuckets.of(StatusTest.class);
        String dir = "t-" + UUID.randomUUID() + "/";
        for (String clip : List.of("a.mp4", "b.mp4")) {
            Path f = local.server().orElseThrow().store().file(bucket, dir + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, clip);
        }
        String jobId = given().contentType(ContentType.JSON)
                .body("{\"bucket\":\"" + bucket + "\",\"clips\":[{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir
                        + "b.mp4\"}],\"output\":{\"key\":\"outputs/" + dir + "x.mp4\",\"preset\":\"mp4-h264-720p\"}}")
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
        given().queryParam("jobId", jobId)
                .queryParam("bucket", bucket)
                .when()
                .get("/status")
                .then()
                .statusCode(200)
                .body("state", equalTo("submitted"))
                .body("progress.phase", equalTo("submitted"))
                .body("progress.fraction", equalTo(0.05f))
                .body("progress.partsDone", equalTo(0))
                .body("progress.partsTotal", equalTo(1))
                .body("progress.containsKey('part')", equalTo(false))
                .body("containsKey('links')", equalTo(false));
    }
}
