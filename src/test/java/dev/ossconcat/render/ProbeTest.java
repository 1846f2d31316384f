package dev.ossconcat.render;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /validate?probe=true} on real media: the embedded server answers {@code video/info} with FFmpeg's probe of
 * clips FFmpeg made, so what the answer says about each clip can be checked against how it was made.
 */
@QuarkusTest
@TestProfile(ProbeTest.Priced.class)
class ProbeTest {

    /** The rendering profile with a price table of the test's own. */
    public static class Priced extends LocalRenderTest.Rendering {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("concat.prices", "src/test/resources/prices-test.json");
            return overrides;
        }
    }

    static final String BUCKET = TestBuckets.of(ProbeTest.class);

    @Inject
    LocalOss local;

    String dir;

    @BeforeEach
    void clips() throws Exception {
        Ffmpeg ffmpeg = Ffmpeg.find().orElse(null);
        assertNotNull(ffmpeg, "ffmpeg on PATH or from the pom's jave-nativebin dependency for this platform");
        dir = "t-" + UUID.randomUUID() + "/";
        var store = local.server().orElseThrow().store();
        for (QuickStartSamples.Sample s : new QuickStartSamples.Sample[] {
            new QuickStartSamples.Sample(dir + "small.mp4", "640x360", 25, 48_000, 440, 2),
            new QuickStartSamples.Sample(dir + "large.mp4", "1280x720", 30, 44_100, 660, 3),
            new QuickStartSamples.Sample(dir + "silent.mp4", "640x360", 25, 0, 0, 2)
        }) {
            assertTrue(QuickStartSamples.make(store, ffmpeg, BUCKET, s), s.key());
        }
    }

    ValidatableResponse validate(String clips) {
        return given().contentType(ContentType.JSON)
                .queryParam("probe", "true")
                .body("{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + clips
                        + "],\"output\":{\"key\":\"outputs/probed.mp4\",\"preset\":\"mp4-h264-720p\"}}")
                .when()
                .post("/validate")
                .then()
                .statusCode(200);
    }

    @Test
    void theProbeDescribesEachClipWarnsWhatWillBeReconciledAndEstimatesFromRealDurations() {
        validate("{\"key\":\"" + dir + "small.mp4\"},{\"key\":\"" + dir
                        + "large.mp4\",\"start\":1000,\"duration\":5000}," + "{\"key\":\"" + dir + "silent.mp4\"}")
                .body("valid", equalTo(true))
                .body("probe.key", contains(dir + "small.mp4", dir + "large.mp4", dir + "silent.mp4"))
                .body("probe[0].width", equalTo(640))
                .body("probe[1].height", equalTo(720))
                .body("probe[1].fps", equalTo(30.0f))
                .body("probe[1].sampleRate", equalTo(44100))
                .body("probe[2].audioCodec", nullValue())
                .body("probe[0].durationMs", allOf(greaterThan(1900), lessThan(2100)))
                .body(
                        "warnings.code",
                        containsInAnyOrder(
                                "trim_past_end",
                                "clip_without_audio",
                                "mixed_resolutions",
                                "mixed_frame_rates",
                                "mixed_sample_rates"))
                .body("warnings.find { it.code == 'trim_past_end' }.path", equalTo("clips[1].duration"))
                .body("warnings.find { it.code == 'clip_without_audio' }.path", equalTo("clips[2].key"))
                // 2 s + (3 s - 1 s) + 2 s, as the clips really are; the 720p preset is tier h264-sd
                .body("estimate.exactness", equalTo("exact"))
                .body("estimate.outputMillis", allOf(greaterThan(5800), lessThan(6200)))
                .body("estimate.levels[0].tier", equalTo("h264-sd"))
                .body("estimate.currency", equalTo("CNY"))
                .body("estimate.price", equalTo(0.005f));
    }

    @Test
    void aTrimStartingAfterTheClipEndsIsAnError() {
        validate("{\"key\":\"" + dir + "small.mp4\",\"start\":5000},{\"key\":\"" + dir + "large.mp4\"}")
                .body("valid", equalTo(false))
                .body("violations[0].code", equalTo("trim_beyond_end"))
                .body("violations[0].path", equalTo("clips[0].start"))
                .body("plan", nullValue());
    }

    @Test
    void aClipThatIsNotThereIsAWarningAndLeavesTheEstimatePartial() {
        validate("{\"key\":\"" + dir + "small.mp4\"},{\"key\":\"" + dir + "gone.mp4\"}")
                .body("valid", equalTo(true))
                .body("warnings.code", contains("probe_failed"))
                .body("warnings[0].path", equalTo("clips[1].key"))
                .body("estimate.exactness", equalTo("partial"))
                .body("estimate.unknownClips", contains(1));
    }
}
