package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.TestBuckets;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
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
}
