package dev.ossconcat.guard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.LogCapture;
import dev.ossconcat.TestPlaylists;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On Function Compute, opened on purpose ({@code CONCAT_API_OPEN=true}) but without a RAM role: calls that need OSS
 * answer 503 {@code not_configured} naming the variables, instead of a 500; calls that need none still work.
 */
@QuarkusTest
@TestProfile(OpenOnFunctionComputeTest.OpenOnFc.class)
class OpenOnFunctionComputeTest {

    public static class OpenOnFc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concat.fc-region", "cn-hangzhou", "concat.api-open", "true");
        }
    }

    @Test
    void withoutCredentialsOssCallsAnswerNotConfigured() {
        given().queryParam("jobId", SecureByDefaultTest.JOB)
                .queryParam("bucket", "media")
                .when()
                .get("/status")
                .then()
                .statusCode(503)
                .body("error", equalTo("not_configured"))
                .body("message", containsString("ALIBABA_CLOUD_ACCESS_KEY_ID"))
                .body("message", containsString("vars.role"));
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/concat")
                .then()
                .statusCode(503)
                .body("error", equalTo("not_configured"));
    }

    @Test
    void theDryRunNeedsNoOssAndWorks() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void aRefusalIsOneInfoLineWithItsCodeAndNoPayload() {
        try (LogCapture log = LogCapture.start()) {
            given().contentType(ContentType.JSON)
                    .body("{\"clips\": [\"secret-payload\"")
                    .when()
                    .post("/validate")
                    .then()
                    .statusCode(400);
            var lines = log.containing("answered 400");
            assertEquals(1, lines.size(), log.lines().toString());
            assertEquals(
                    "answered 400 malformed_json to POST /validate",
                    lines.get(0).message());
            assertEquals(
                    java.util.logging.Level.INFO.intValue(),
                    lines.get(0).level().intValue());
            assertEquals(0, log.containing("secret-payload").size(), log.lines().toString());
        }
    }
}
