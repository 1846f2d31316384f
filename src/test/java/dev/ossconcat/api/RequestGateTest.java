package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.TestPlaylists;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Bodies in a media type a call does not read, malformed Content-Types, long URLs and large headers: each is an
 * error in the documented JSON shape, before the body is read, and on /invoke with x-fc-status 200.
 */
@QuarkusTest
class RequestGateTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> POSTS = List.of("/validate", "/concat", "/invoke", "/notify");

    static JsonNode errorBody(RawHttp.Answer a) throws Exception {
        assertTrue(a.header("content-type").startsWith("application/json"), a.toString());
        JsonNode body = JSON.readTree(a.body());
        assertTrue(body.path("error").isTextual() && body.path("message").isTextual(), a.body());
        return body;
    }

    static RawHttp.Answer raw(String method, String target, Map<String, String> headers, String body) throws Exception {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(RestAssured.port, RawHttp.request(method, target, headers, bytes), bytes);
    }

    @Test
    void formAndMultipartBodiesAre415OnEveryPostWithoutBeingRead() throws Exception {
        Path uploads = Path.of(ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.body.uploads-directory", String.class)
                .orElse("file-uploads"));
        long before = count(uploads) + count(Path.of("file-uploads"));
        String boundary = "b0undary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + "x".repeat(1024) + "\r\n--" + boundary + "--\r\n";
        for (String path : POSTS) {
            given().contentType("application/x-www-form-urlencoded")
                    .body("playlist=" + "x".repeat(2048))
                    .when()
                    .post(path)
                    .then()
                    .statusCode(415)
                    .contentType("application/json")
                    .body("error", equalTo("unsupported_media_type"))
                    .body("message", containsString("application/x-www-form-urlencoded"));
            RawHttp.Answer a = raw(
                    "POST",
                    path,
                    Map.of("Host", "x", "Content-Type", "multipart/form-data; boundary=" + boundary),
                    multipart);
            assertEquals(415, a.status(), a.toString());
            assertEquals("unsupported_media_type", errorBody(a).path("error").asText());
            if (path.equals("/invoke")) {
                assertEquals("200", a.header("x-fc-status"), "a 415 is permanent: FC must not deliver it again");
            }
        }
        assertEquals(before, count(uploads) + count(Path.of("file-uploads")), "no upload was written to disk");
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theBodyTypesEachCallReadsAreAccepted() throws Exception {
        for (String type : List.of(
                "application/json",
                "application/json; charset=utf-8",
                "application/vnd.x+json",
                "application/octet-stream")) {
            given().contentType(type)
                    .body(TestPlaylists.VALID.getBytes(StandardCharsets.UTF_8))
                    .when()
                    .post("/validate")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(true));
        }
        RawHttp.Answer none = raw("POST", "/validate", Map.of("Host", "x"), TestPlaylists.VALID);
        assertEquals(200, none.status(), "a body without a Content-Type is read as JSON: " + none);
        given().contentType("text/plain")
                .body("{}")
                .when()
                .post("/validate")
                .then()
                .statusCode(415)
                .body("message", containsString("application/json"));
        // completion messages come as SMQ pushes them: text and XML are read, forms are not
        given().contentType("text/xml")
                .body("<nope/>")
                .when()
                .post("/notify")
                .then()
                .statusCode(not(equalTo(415)));
    }

    @Test
    void aMalformedContentTypeIsA400NamingIt() throws Exception {
        for (String type :
                List.of(";;;=", "application/", "/json", "application/json; charset", "a b/c", "text/x; q=\"")) {
            for (String path : POSTS) {
                RawHttp.Answer a = raw("POST", path, Map.of("Host", "x", "Content-Type", type), "{}");
                assertEquals(400, a.status(), type + " " + path + ": " + a);
                JsonNode body = errorBody(a);
                assertEquals("malformed_content_type", body.path("error").asText());
                assertTrue(body.path("message").asText().contains(type), body.toString());
            }
        }
        RawHttp.Answer two = raw(
                "POST",
                "/validate",
                Map.of("Host", "x", "Content-Type", "application/json", "content-type", "text/plain"),
                "{}");
        assertEquals(400, two.status(), two.toString());
    }

    @Test
    void aLongUrlIsA414AndLargeHeadersA431InTheErrorShape() throws Exception {
        RawHttp.Answer url = raw("GET", "/status?jobId=" + "a".repeat(5000), Map.of("Host", "x"), null);
        assertEquals(414, url.status(), url.toString());
        assertEquals("url_too_long", errorBody(url).path("error").asText());
        RawHttp.Answer invoke = raw(
                "POST",
                "/invoke?" + "a".repeat(5000),
                Map.of("Host", "x", "Content-Type", "application/octet-stream"),
                "{}");
        assertEquals(414, invoke.status());
        assertEquals("200", invoke.header("x-fc-status"));
        RawHttp.Answer headers = raw("GET", "/status", Map.of("Host", "x", "X-Big", "h".repeat(30_000)), null);
        assertEquals(431, headers.status(), headers.toString());
        assertEquals("headers_too_large", errorBody(headers).path("error").asText());
        RawHttp.Answer fine =
                raw("GET", "/status?jobId=" + "a".repeat(4000), Map.of("Host", "x", "X-A", "h".repeat(12_000)), null);
        assertEquals(400, fine.status(), "under both limits the call itself answers: " + fine);
        assertEquals("invalid_job_id", errorBody(fine).path("error").asText());
    }

    @Test
    void aBodyOverTheLimitOnInvokeIsA413ThatFcDoesNotRetry() {
        given().contentType(ContentType.BINARY)
                .body(new byte[1_100_000])
                .when()
                .post("/invoke")
                .then()
                .statusCode(413)
                .header("x-fc-status", "200")
                .body("error", equalTo("body_too_large"));
    }

    @Test
    void malformedJsonIsDescribedInOurWords() {
        String message = given().contentType(ContentType.JSON)
                .body("a=" + "x".repeat(100))
                .when()
                .post("/validate")
                .then()
                .statusCode(400)
                .body("error", equalTo("malformed_json"))
                .extract()
                .path("message");
        assertTrue(message.contains("(line 1, column 1)"), message);
        assertFalse(message.contains("JSON String, Number"), message);
        given().when()
                .get("/validate")
                .then()
                .statusCode(405)
                .header("Allow", "POST, OPTIONS")
                .body("error", equalTo("method_not_allowed"))
                .body("message", containsString("send POST /validate"));
    }

    @Test
    void aRequestWithoutHostIsA400InTheErrorShape() throws Exception {
        RawHttp.Answer a = raw("GET", "/status", Map.of(), null);
        assertEquals(400, a.status(), a.toString());
        JsonNode body = errorBody(a);
        assertEquals("bad_request", body.path("error").asText());
        assertTrue(body.path("message").asText().contains("Host"), body.toString());
    }

    /** A method a call does not take: 405 with Allow, and advice that works when followed. */
    @Test
    void aWrongMethodIsA405WithAllowAndAdviceThatWorks() {
        Map<String, String> wrong = Map.of(
                "GET /concat", "POST, OPTIONS",
                "PUT /concat", "POST, OPTIONS",
                "DELETE /validate", "POST, OPTIONS",
                "POST /status", "GET, OPTIONS",
                "GET /invoke", "POST, OPTIONS",
                "GET /notify", "POST, OPTIONS",
                "GET /retry", "POST, OPTIONS");
        assertEquals(7, wrong.size());
        wrong.forEach((call, allow) -> {
            String[] parts = call.split(" ");
            String message = given().when()
                    .request(parts[0], parts[1])
                    .then()
                    .statusCode(405)
                    .header("Allow", allow)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("method_not_allowed"))
                    .extract()
                    .path("message");
            assertTrue(message.startsWith(call + " is not allowed; "), message);
            assertFalse(message.contains("GET with query parameters"), message);
        });
        // the advice of GET /concat, followed
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(200);
    }
}
