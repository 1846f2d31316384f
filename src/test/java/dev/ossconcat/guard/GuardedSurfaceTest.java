package dev.ossconcat.guard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestPlaylists;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Token, allow-lists, body limit, CORS; and that no secret ever reaches the log. */
@QuarkusTest
@TestProfile(GuardedSurfaceTest.Guarded.class)
class GuardedSurfaceTest {

    static final String TOKEN = "tok-7c1f3b9e-long-random-value";
    static final String FC_SECRET = "fc-secret-5e2a90d1";
    static final String FC_TOKEN = "fc-sts-token-b4d7e1";

    public static class Guarded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "concat.api-token",
                    TOKEN,
                    "concat.allow.buckets",
                    "media-bucket",
                    "concat.allow.output-prefixes",
                    "highlights/,outputs/",
                    "quarkus.http.cors.origins",
                    "https://app.example.com",
                    "quarkus.log.category.\"dev.ossconcat\".level",
                    "DEBUG");
        }
    }

    static io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    @Test
    void theTokenIsRequiredOnTheFrontendCalls() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong")
                .contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/concat")
                .then()
                .statusCode(401);
        given().queryParam("jobId", "0".repeat(32)).when().get("/status").then().statusCode(401);
        given().queryParam("bucket", "media-bucket").when().get("/clips").then().statusCode(401);
        authorized()
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void allowListsRefuseOtherBucketsAndOutputPrefixes() {
        String otherBucket = TestPlaylists.VALID.replace("\"bucket\": \"media-bucket\"", "\"bucket\": \"other\"");
        authorized()
                .body(otherBucket)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.code", hasItem("bucket_not_allowed"));
        authorized()
                .body(otherBucket)
                .when()
                .post("/concat")
                .then()
                .statusCode(403)
                .body("error", equalTo("not_allowed"))
                .body("violations[0].path", equalTo("bucket"));
        String otherPrefix = TestPlaylists.VALID.replace("highlights/final", "playlists/final");
        authorized()
                .body(otherPrefix)
                .when()
                .post("/concat")
                .then()
                .statusCode(403)
                .body("violations[0].code", equalTo("output_prefix_not_allowed"));
    }

    @Test
    void oversizedBodiesAre413WithTheErrorBody() {
        String big = "{\"clips\": [], \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
        authorized().body(big).when().post("/validate").then().statusCode(413).body("error", equalTo("body_too_large"));
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() {
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization")
                .when()
                .options("/validate")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", "https://app.example.com");
        given().header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST")
                .when()
                .options("/validate")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void noCredentialTokenOrSignatureReachesTheLog() {
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
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    sb.append(' ').append(t);
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
        try {
            // wrong FC credentials: the OSS SDK signs with them and the embedded server refuses the signature
            authorized()
                    .header("x-fc-access-key-id", "local-access-key")
                    .header("x-fc-access-key-secret", FC_SECRET)
                    .header("x-fc-security-token", FC_TOKEN)
                    .body(TestPlaylists.VALID)
                    .when()
                    .post("/concat")
                    .then()
                    .statusCode(502);
            given().header("Authorization", "Bearer " + TOKEN + "-nope")
                    .contentType(ContentType.JSON)
                    .body(TestPlaylists.VALID)
                    .when()
                    .post("/validate")
                    .then()
                    .statusCode(401);
            authorized().body("{\"clips\": [").when().post("/validate").then().statusCode(400);
        } finally {
            root.removeHandler(capture);
        }
        assertFalse(lines.isEmpty(), "something was logged at all");
        String all = String.join("\n", lines);
        for (String secret : List.of(
                TOKEN,
                FC_SECRET,
                FC_TOKEN,
                "local-secret-key",
                "OSS4-HMAC-SHA256",
                "Signature=",
                "x-oss-security-token:")) {
            assertFalse(all.contains(secret), () -> "the log contains " + secret + ":\n" + all);
        }
        assertTrue(
                all.contains("SignatureDoesNotMatch"), "the refused OSS call is logged, without its secrets:\n" + all);
    }

    /** The page is public (it asks for the token); the calls it makes are not, and /clips keeps the allow-list. */
    @Test
    void theComposerPageIsPublicWhileItsCallsNeedTheToken() {
        given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html"))
                .body(org.hamcrest.Matchers.containsString("id=\"token-dialog\""));
        given().when().get("/api.js").then().statusCode(200);
        authorized()
                .queryParam("bucket", "other-bucket")
                .when()
                .get("/clips")
                .then()
                .statusCode(403)
                .body("error", equalTo("not_allowed"))
                .body("violations[0].path", equalTo("bucket"))
                .body("violations[0].code", equalTo("bucket_not_allowed"));
        authorized()
                .queryParam("bucket", "media-bucket")
                .when()
                .get("/clips")
                .then()
                .statusCode(404) // allowed and authorized: OSS was asked, and the bucket does not exist here
                .body("error", equalTo("unknown_bucket"));
    }
}
