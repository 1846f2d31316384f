package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ossconcat.TestBuckets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /retry} submits a billed task: it is guarded by the API token like {@code /concat}. What it does with a
 * job is tested with the jobs themselves (JobPipelineTest, NotifyTest).
 */
@QuarkusTest
@TestProfile(RetryFunctionTest.Token.class)
class RetryFunctionTest {

    static final String TOKEN = "retry-token-3f9a61c2";
    static final String BUCKET = TestBuckets.of(RetryFunctionTest.class);

    public static class Token implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concat.api-token", TOKEN);
        }
    }

    @Test
    void theTokenIsRequired() {
        String jobId = "0".repeat(32);
        given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .post("/retry")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong")
                .queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .post("/retry")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .post("/retry")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown_job"));
    }
}
