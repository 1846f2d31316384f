package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Preset;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The composer page is served at {@code /} next to the functions without changing them: the calls, their 404 and 405
 * answers and their JSON errors stay as they were; the page carries its security headers.
 */
@QuarkusTest
class PageTest {

    @Inject
    OssGateway gateway;

    static String page() {
        return given().when()
                .get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
    }

    @Test
    void thePageAndItsModulesAreServedWithTheirTypes() {
        assertTrue(page().contains("<title>Video concat composer</title>"));
        for (String module : List.of("/composer.js", "/api.js")) {
            given().when().get(module).then().statusCode(200).contentType(containsString("javascript"));
        }
        given().when().get("/composer.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void securityHeadersAllowOnlyThePagesOwnScriptsAndMediaFromOss() {
        String csp = given().when()
                .get("/")
                .then()
                .statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .extract()
                .header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe"), "no inline script or eval: " + csp);
        URI oss = gateway.publicEndpoint();
        assertTrue(csp.contains("media-src 'self' http://" + oss.getHost() + ":" + oss.getPort() + ";"), csp);
    }

    /** The CSP forbids inline script and style: the page must not need any. */
    @Test
    void thePageHasNoInlineScriptOrStyle() {
        String html = page();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
        int count = 0;
        while (scripts.find()) {
            assertTrue(scripts.group(1).contains("src="), "inline script: " + scripts.group());
            count++;
        }
        assertEquals(1, count, "one module");
        assertFalse(html.contains(" style="), "inline style");
        assertFalse(html.matches("(?s).*\\son[a-z]+=.*"), "inline event handler");
    }

    /** The page lists the presets; Preset.BUILT_IN is where they are defined, and the page must follow it. */
    @Test
    void thePagesPresetsAreTheBuiltInOnes() {
        Matcher options = Pattern.compile("<option value=\"([^\"]+)\"").matcher(page());
        List<String> offered = options.results().map(m -> m.group(1)).sorted().toList();
        assertEquals(Preset.BUILT_IN.stream().map(Preset::name).sorted().toList(), offered);
    }

    @Test
    void theCallsAndTheirErrorsAreUnchanged() {
        given().when()
                .get("/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("not_found"))
                .body("message", containsString("GET /clips"));
        given().when()
                .get("/status")
                .then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", equalTo("invalid_job_id"));
        given().when().get("/validate").then().statusCode(405).body("error", equalTo("method_not_allowed"));
        // the page takes GET only; anything else is no call either, and answered in the same JSON shape
        given().when()
                .post("/")
                .then()
                .statusCode(not(equalTo(200)))
                .contentType("application/json")
                .body("error", not(equalTo("internal")));
    }
}
