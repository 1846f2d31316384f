package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /clips} against the embedded server, over real HTTP: listing, durations, presigned previews, pages. */
@QuarkusTest
class ClipsTest {

    static final String BUCKET = TestBuckets.of(ClipsTest.class);

    @Inject
    OssGateway gateway;

    String dir;

    @BeforeEach
    void setUp() {
        dir = "t-" + UUID.randomUUID() + "/";
    }

    void put(String key, String content, Map<String, String> metadata) {
        gateway.asInstance().put(BUCKET, key, content.getBytes(StandardCharsets.UTF_8), "video/mp4", metadata, false);
    }

    JsonPath clips(String prefix, String cursor) {
        var request = given().queryParam("bucket", BUCKET).queryParam("prefix", prefix);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when()
                .get("/clips")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    @Test
    void listsMediaWithSizeDurationAndAPresignedUrlThatABrowserCanFetch() throws Exception {
        put(dir + "a.mp4", "clip a", Map.of("duration-ms", "4000"));
        put(dir + "b.MOV", "clip bb", Map.of());
        put(dir + "c.mp4", "clip c", Map.of("duration-ms", "not a number"));
        put(dir + "playlist.json", "{}", Map.of());
        Instant before = Instant.now();
        JsonPath page = clips(dir, null);
        assertEquals(List.of(dir + "a.mp4", dir + "b.MOV", dir + "c.mp4"), page.getList("clips.key"));
        assertEquals(BUCKET, page.getString("bucket"));
        assertEquals(dir, page.getString("prefix"));
        assertNull(page.get("next"), "one page");
        assertEquals(4000, page.getInt("clips[0].durationMs"));
        assertNull(page.get("clips[1].durationMs"), "unknown: no metadata, no probe");
        assertNull(page.get("clips[2].durationMs"), "metadata that is no duration is unknown");
        assertEquals(6, page.getInt("clips[0].size"));
        assertNotNull(Instant.parse(page.getString("clips[0].lastModified")));
        Instant expires = Instant.parse(page.getString("expiresAt"));
        assertTrue(expires.isAfter(before.plus(Presigned.LIFETIME).minusSeconds(5)), expires.toString());

        // the URL works without any credentials of the caller's: the embedded server checks its V4 signature
        String url = page.getString("clips[1].url");
        assertTrue(url.startsWith(gateway.publicEndpoint().toString()), url);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> got =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals("clip bb".getBytes(StandardCharsets.UTF_8), got.body());
        // and only for that object: the signature covers the key
        HttpResponse<String> other = http.send(
                HttpRequest.newBuilder(URI.create(url.replace("b.MOV", "a.mp4")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, other.statusCode());
    }

    @Test
    void pagesFollowTheCursorUntilTheLastPage() {
        int count = ClipsFunction.PAGE + 7;
        for (int i = 0; i < count; i++) {
            put(dir + String.format("clip-%03d.mp4", i), "x", Map.of());
        }
        JsonPath first = clips(dir, null);
        assertEquals(ClipsFunction.PAGE, first.getList("clips").size());
        String next = first.getString("next");
        assertNotNull(next);
        JsonPath second = clips(dir, next);
        assertEquals(7, second.getList("clips").size());
        assertNull(second.get("next"));
        List<String> all = new ArrayList<>(first.getList("clips.key"));
        all.addAll(second.getList("clips.key"));
        assertEquals(count, all.stream().distinct().count(), "every clip once");
    }

    @Test
    void aBadQueryNamesTheFieldTheRuleAndTheValue() {
        record Bad(String name, String value, String code) {}
        List<Bad> bad = List.of(
                new Bad("bucket", "Not_A_Bucket", "bucket_name"),
                new Bad("prefix", "/abs", "key_leading_slash"),
                new Bad("prefix", "x".repeat(1100), "key_length"),
                new Bad("prefix", "a\u0001b", "control_character"),
                new Bad("cursor", "has space", "cursor_format"),
                new Bad("limit", "10", "unknown_parameter"));
        for (Bad b : bad) {
            var request = given();
            if (!b.name().equals("bucket")) {
                request.queryParam("bucket", BUCKET);
            }
            request.queryParam(b.name(), b.value())
                    .when()
                    .get("/clips")
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .body("error", equalTo("invalid_query"))
                    .body("violations[0].path", equalTo(b.name()))
                    .body("violations[0].code", equalTo(b.code()))
                    .body("message", containsString(b.name()));
        }
        assertEquals(6, bad.size());
        // a well-formed cursor that OSS never handed out is the caller's mistake, not OSS's failure
        given().queryParam("bucket", BUCKET)
                .queryParam("cursor", "bm90LWEta2V5LW9mLW91cnM!")
                .when()
                .get("/clips")
                .then()
                .statusCode(400)
                .body("violations[0].code", equalTo("cursor_unknown"))
                .body("retryable", nullValue());
    }

    @Test
    void aBucketThatDoesNotExistIsA404() {
        given().queryParam(
                        "bucket",
                        "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8))
                .when()
                .get("/clips")
                .then()
                .statusCode(404)
                .body("error", equalTo("unknown_bucket"))
                .body("violations[0].path", equalTo("bucket"));
    }

    @Test
    void onlyGetAndTheDocumentedErrorsForOtherMethods() {
        given().when()
                .post("/clips")
                .then()
                .statusCode(405)
                .header("Allow", "GET, OPTIONS")
                .body("error", equalTo("method_not_allowed"));
    }

    @Test
    void mediaIsRecognisedByExtension() {
        assertTrue(ClipsFunction.media("a/b.mp4"));
        assertTrue(ClipsFunction.media("A.MKV"));
        assertTrue(!ClipsFunction.media("a.mp4/"));
        assertTrue(!ClipsFunction.media("dir.mp4/readme"));
        assertTrue(!ClipsFunction.media("concat-jobs/0123.json"));
    }
}
