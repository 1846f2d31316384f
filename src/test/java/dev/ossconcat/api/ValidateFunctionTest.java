package dev.ossconcat.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.ossconcat.TestPlaylists;
import dev.ossconcat.process.Base64Url;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ValidateFunctionTest {

    static final String CONTRACT_PROCESS = "video/concat,ss_10000,f_mp4,vcodec_h264,fps_25,vb_1000000,acodec_aac,"
            + "ab_96000,ar_48000,ac_2,align_1/pre,o_" + Base64Url.encode("intro.mov") + "/sur,o_"
            + Base64Url.encode("outro.mov") + ",t_10000|sys/saveas,b_" + Base64Url.encode("media-bucket") + ",o_"
            + Base64Url.encode("highlights/final.{autoext}");

    @Test
    void validPlaylistShowsTheProcessStringSourceTargetAndOrder() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("process", equalTo(CONTRACT_PROCESS))
                .body("source.bucket", equalTo("media-bucket"))
                .body("source.key", equalTo("match.mkv"))
                .body("target.bucket", equalTo("media-bucket"))
                .body("target.key", equalTo("highlights/final.{autoext}"))
                .body("clips.role", contains("pre", "source", "sur"))
                .body("clips.key", contains("intro.mov", "match.mkv", "outro.mov"))
                .body("clips[1].start", equalTo(10000))
                .body("clips[2].duration", equalTo(10000))
                .body("warnings", empty())
                .body("violations", nullValue())
                .body("playlist.output.bucket", equalTo("media-bucket"));
    }

    @Test
    void invalidPlaylistListsEveryViolationWithPathCodeAndMessage() {
        String body = TestPlaylists.VALID
                .replace("\"format\": \"mp4\"", "\"format\": \"flv\"")
                .replace("\"codec\": \"h264\"", "\"codec\": \"h265\"")
                .replace("\"sampleRate\": 48000", "\"sampleRate\": 44000");
        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("process", nullValue())
                .body("violations.path", contains("output.video.codec", "output.audio.sampleRate"))
                .body("violations.code", contains("codec_container_mismatch", "not_allowed"))
                .body("violations[0].message", containsString("flv"))
                .body("violations[1].message", containsString("44000"));
    }

    @Test
    void unknownFieldIsATypoNotSilence() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID.replace("\"align\"", "\"alignment\""))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations[0].path", equalTo("output.alignment"))
                .body("violations[0].code", equalTo("unknown_field"));
    }

    @Test
    void malformedJsonIsA400WithTheContractErrorBody() {
        given().contentType(ContentType.JSON)
                .body("{\"clips\": [\n {\"key\": \"a.mp4\",, }\n]}")
                .when()
                .post("/validate")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("malformed_json"))
                .body("message", containsString("line 2"))
                .body("message", not(containsString("Exception")));
    }

    @Test
    void emptyBodyIsA400() {
        given().contentType(ContentType.JSON)
                .body("")
                .when()
                .post("/validate")
                .then()
                .statusCode(400)
                .body("error", equalTo("empty_body"));
    }

    @Test
    void rawProcessStringComesBackCanonicalWithThePlaylistItMeans() {
        String process = "video/concat,f_mp4,ss_10000,vcodec_h264,ar_48000,ac_2,acodec_aac,align_0/pre,o_"
                + Base64Url.encode("intro.mov") + "|sys/saveas,o_" + Base64Url.encode("outputs/out.mp4");
        given().contentType(ContentType.JSON)
                .body("{\"process\": \"" + process
                        + "\", \"source\": {\"bucket\": \"media-bucket\", \"key\": \"m.mkv\"}}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body(
                        "process",
                        equalTo("video/concat,ss_10000,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2/pre,o_"
                                + Base64Url.encode("intro.mov") + "|sys/saveas,o_"
                                + Base64Url.encode("outputs/out.mp4")))
                .body("source.key", equalTo("m.mkv"))
                .body("target.bucket", equalTo("media-bucket"))
                .body("playlist.clips.key", contains("intro.mov", "m.mkv"))
                .body("playlist.source", equalTo(1))
                .body("playlist.clips[1].start", equalTo(10000));
    }

    @Test
    void seedRestExampleIsRefusedForItsTrailingNewlinesAndItsOutputPrefix() {
        String seed = "video/concat,ss_10000,f_mp4,vcodec_h264,fps_25,vb_1000000,acodec_aac,ab_96000,ar_48000,ac_2,"
                + "align_1/pre,o_cHJlLm1vdgo/sur,o_c3VyMS5hYWMK,t_10000|sys/saveas,b_b3V0YnVja2V0,"
                + "o_b3V0b2JqLnthdXRvZXh0fQo/notify,topic_QXVkaW9Db252ZXJ0";
        given().contentType(ContentType.JSON)
                .body("{\"process\": \"" + seed + "\"}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                // the names end with an echo's newline, which the OSS SDK refuses; and 'outobj.{autoext}\n' is outside
                // this deployment's default output prefixes
                .body("valid", equalTo(false))
                .body(
                        "violations.code",
                        contains("key_character", "key_character", "key_character", "output_prefix_not_allowed"))
                .body("violations.path", contains("/pre[0].o", "/sur[0].o", "sys/saveas.o", "sys/saveas.o"))
                .body("violations[0].position", equalTo(seed.indexOf("o_cHJl")))
                .body("warnings.code", hasItem("source_not_given"));
    }

    @Test
    void invalidProcessStringPointsAtTheCharacter() {
        given().contentType(ContentType.JSON)
                .body("{\"process\": \"video/concat,f_mp4,fps_fast|sys/saveas,o_YQ\"}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations[0].path", equalTo("fps"))
                .body("violations[0].code", equalTo("malformed_value"))
                .body("violations[0].position", equalTo(23));
    }

    @Test
    void processRequestsAreStrictToo() {
        given().contentType(ContentType.JSON)
                .body("{\"process\": 5, \"sourc\": {}}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.path", contains("sourc", "process"))
                .body("violations.code", contains("unknown_field", "wrong_type"));
    }

    @Test
    void octetStreamBodiesAreParsedToo() {
        given().contentType(ContentType.BINARY)
                .body(TestPlaylists.VALID.getBytes())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void thousandsOfFindingsAreCutToTheFirstHundredWithTheTotal() {
        String process =
                "video/concat," + "f_mp4,".repeat(6000) + "vcodec_h264|sys/saveas,o_" + Base64Url.encode("o.mp4");
        String answer = given().contentType(ContentType.JSON)
                .body("{\"process\": \"" + process + "\"}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.size()", equalTo(100))
                .body("violationsTotal", equalTo(5999))
                .body("violations[0].code", equalTo("repeated_parameter"))
                .extract()
                .asString();
        org.junit.jupiter.api.Assertions.assertTrue(answer.length() < 40_000, "the answer has " + answer.length());

        StringBuilder unknown = new StringBuilder("{\"clips\": [{\"key\": \"a.mp4\"}]");
        for (int i = 0; i < 500; i++) {
            unknown.append(", \"x").append(i).append("\": 1");
        }
        given().contentType(ContentType.JSON)
                .body(unknown.append('}').toString())
                .when()
                .post("/concat")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_playlist"))
                .body("violations.size()", equalTo(100))
                .body("violationsTotal", org.hamcrest.Matchers.greaterThanOrEqualTo(500));
    }

    @Test
    void aFewFindingsComeWithoutATotal() {
        given().contentType(ContentType.JSON)
                .body("{\"clips\": []}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violationsTotal", nullValue())
                .body("warningsTotal", nullValue());
    }

    @Test
    void unknownFunctionIsA404WithTheErrorBody() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/nope")
                .then()
                .statusCode(404)
                .body("error", equalTo("not_found"));
    }

    /**
     * Without a probe, the estimate knows only what the playlist says: the outro's trim duration. TestPlaylists.VALID
     * leaves the frame size to the align clip, so the tier is unknown too; the bundled price table has no prices.
     */
    @Test
    void aValidPlaylistHasItsPlanAndAnEstimateThatSaysWhatItDoesNotKnow() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("plan.tasks", equalTo(1))
                .body("plan.levels", hasSize(1))
                .body("plan.levels[0].tasks", equalTo(1))
                .body("estimate.exactness", equalTo("partial"))
                .body("estimate.unknownClips", contains(0, 1))
                .body("estimate.outputMillis", equalTo(10000))
                .body("estimate.levels[0].billedMinutes", equalTo(0.167f))
                .body("estimate.levels[0].tier", nullValue())
                .body("estimate.price", nullValue())
                .body("estimate.notes", hasItem(containsString("2 clip(s) of unknown duration")))
                .body("estimate.notes", hasItem(containsString("level 1: the output's codec or frame size is unknown")))
                .body("estimate.pricesFrom", containsString("CONCAT_PRICES"))
                .body("probe", nullValue());
    }

    @Test
    void anInvalidPlaylistHasNoPlan() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID.replace("\"sampleRate\": 48000", "\"sampleRate\": 44000"))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("plan", nullValue())
                .body("estimate", nullValue());
    }

    @Test
    void probeIsTrueOrFalseAndNothingElse() {
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .queryParam("probe", "yes")
                .when()
                .post("/validate")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_query"))
                .body("message", equalTo("probe must be true, metadata or false; got 'yes'"))
                .body("violations[0].path", equalTo("probe"));
        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .queryParam("probe", "false")
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("plan.tasks", equalTo(1));
    }
}
