package dev.ossconcat.guard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ossconcat.TestPlaylists;
import dev.ossconcat.fc.InvokeOnFunctionComputeTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * On Function Compute with neither a token, nor FC's signature check declared, nor the explicit opt-out, the billed
 * calls refuse to serve: an anonymous HTTP trigger must not let anyone who finds its URL start media tasks.
 */
@QuarkusTest
@TestProfile(InvokeOnFunctionComputeTest.OnFc.class)
class SecureByDefaultTest {

    static final String JOB = "0123456789abcdef0123456789abcdef";

    static void refused(ValidatableResponse r) {
        r.statusCode(503)
                .contentType(ContentType.JSON)
                .body("error", equalTo("not_configured"))
                .body("retryable", equalTo(false))
                .body("message", containsString("CONCAT_API_TOKEN"))
                .body("message", containsString("CONCAT_API_AUTH=fc"))
                .body("message", containsString("CONCAT_API_OPEN=true"));
    }

    @Test
    void everyBilledCallIsRefusedWithWhatToSet() {
        refused(given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/concat")
                .then());
        refused(given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then());
        refused(given().queryParam("jobId", JOB)
                .queryParam("bucket", "media")
                .when()
                .get("/status")
                .then());
        refused(given().queryParam("jobId", JOB)
                .queryParam("bucket", "media")
                .when()
                .post("/retry")
                .then());
    }

    @Test
    void aBearerTokenDoesNotOpenAnUnconfiguredDeployment() {
        refused(given().header("Authorization", "Bearer guess")
                .contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then());
    }

    @Test
    void unknownPathsAndEventsKeepTheirOwnAnswers() {
        given().when().post("/nothing-here").then().statusCode(404).body("error", equalTo("not_found"));
        // /invoke is FC's own event call, protected by x-fc-control-path, not by this guard
        given().contentType(ContentType.BINARY)
                .body("{}".getBytes())
                .header("x-fc-control-path", "/invoke")
                .when()
                .post("/invoke")
                .then()
                .statusCode(400)
                .body("error", equalTo("unknown_event"));
    }
}
