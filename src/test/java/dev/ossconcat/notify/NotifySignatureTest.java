package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.TestClock;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /notify with SMQ signatures required, as on Function Compute: over real HTTP, on jobs made by /concat. */
@QuarkusTest
@TestProfile(NotifySignatureTest.Required.class)
class NotifySignatureTest {

    public static class Required implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concat.notify-signature", "required");
        }
    }

    static final String BUCKET = TestBuckets.of(NotifySignatureTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Inject
    SmqCertificates certificates;

    @Inject
    TestClock clock;

    Jobs.Submitted submit() throws Exception {
        gateway.endpoint();
        return Jobs.submit(BUCKET, Jobs.clips(local, BUCKET));
    }

    ValidatableResponse push(String body, Map<String, String> headers) {
        return given().headers(headers)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/notify")
                .then();
    }

    static String succeeded(String task) {
        return smqXml(base64(imm(content(task, "Succeeded", "", "", BUCKET))));
    }

    @Test
    void aSignedPushCompletesTheJob() throws Exception {
        Jobs.Submitted job = submit();
        String task = job.taskId();
        String body = succeeded(task);
        push(body, SmqSigner.headers("/notify", body.getBytes(StandardCharsets.UTF_8)))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("state", equalTo("succeeded"));
    }

    @Test
    void unsignedForgedAndReplayedPushesChangeNothing() throws Exception {
        Jobs.Submitted job = submit();
        String task = job.taskId();
        String body = succeeded(task);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        push(body, Map.of("Content-Type", "text/xml"))
                .statusCode(403)
                .body("error", equalTo("signature_refused"))
                .body("message", containsString("Authorization, x-mns-signing-cert-url, Date are missing"));
        push(imm(content(task, "Succeeded", "", "", BUCKET)), Map.of()).statusCode(403);

        String failed = smqXml(base64(imm(content(task, "Failed", "X", "forged", BUCKET))));
        push(failed, SmqSigner.headers("/notify", bytes))
                .statusCode(403)
                .body("message", containsString("Content-MD5 does not match the body"));

        SmqSigner.Keys stranger = SmqSigner.make("stranger");
        push(
                        body,
                        SmqSigner.headers(
                                "/notify",
                                bytes,
                                Instant.now(),
                                SmqSigner.CERTIFICATE_URL.toString(),
                                stranger.privateKey()))
                .statusCode(403)
                .body("message", containsString("does not verify"));

        push(
                        body,
                        SmqSigner.headers(
                                "/notify",
                                bytes,
                                Instant.now().minusSeconds(3600),
                                SmqSigner.CERTIFICATE_URL.toString(),
                                SmqSigner.keys().privateKey()))
                .statusCode(403)
                .body("message", containsString("more than 15 minutes"));

        push(body, SmqSigner.headers("/elsewhere", bytes))
                .statusCode(403)
                .body("message", containsString("does not verify"));

        Jobs.status(BUCKET, job.jobId()).body("state", equalTo("submitted"));
    }

    @Test
    void theReplayWindowIsMeasuredOnTheApplicationsClock() throws Exception {
        Jobs.Submitted job = submit();
        String body = succeeded(job.taskId());
        clock.freeze();
        Map<String, String> signedNow = SmqSigner.headers(
                "/notify",
                body.getBytes(StandardCharsets.UTF_8),
                clock.instant(),
                SmqSigner.CERTIFICATE_URL.toString(),
                SmqSigner.keys().privateKey());
        try {
            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            push(body, signedNow).statusCode(403).body("message", containsString("more than 15 minutes"));
            clock.advance(Duration.ofMinutes(-15));
            push(body, signedNow).statusCode(200).body("result", equalTo("updated"));
        } finally {
            clock.reset();
        }
    }

    @Test
    void certificatesComeOnlyFromSmqsHostsAndAnUnreachableOneAsksForARetry() throws Exception {
        FakeSmqCertificates fake = (FakeSmqCertificates) certificates;
        Jobs.Submitted job = submit();
        String task = job.taskId();
        String body = succeeded(task);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        int before = fake.fetched.size();
        push(
                        body,
                        SmqSigner.headers(
                                "/notify",
                                bytes,
                                Instant.now(),
                                "https://certs.example.com/x509.pem",
                                SmqSigner.keys().privateKey()))
                .statusCode(403)
                .body("message", containsString("not an SMQ certificate"));
        assertEquals(before, fake.fetched.size(), "nothing fetched from an untrusted host");

        push(
                        body,
                        SmqSigner.headers(
                                "/notify",
                                bytes,
                                Instant.now(),
                                "https://mns-cert.oss-cn-hangzhou.aliyuncs.com/missing-" + java.util.UUID.randomUUID()
                                        + ".pem",
                                SmqSigner.keys().privateKey()))
                .statusCode(503)
                .body("error", equalTo("certificate_unavailable"))
                .body("retryable", equalTo(true));
        Jobs.status(BUCKET, job.jobId()).body("state", equalTo("submitted"));

        // the documentation's sample names the certificate with http://: fetched over https all the same
        push(
                        body,
                        SmqSigner.headers(
                                "/notify",
                                bytes,
                                Instant.now(),
                                SmqSigner.CERTIFICATE_URL.toString().replace("https://", "http://"),
                                SmqSigner.keys().privateKey()))
                .statusCode(200)
                .body("state", equalTo("succeeded"));
        assertFalse(fake.fetched.isEmpty(), "the pushes above fetched certificates");
        assertTrue(fake.fetched.stream().allMatch(u -> u.getScheme().equals("https")), fake.fetched.toString());
        assertFalse(fake.fetched.contains(URI.create("https://certs.example.com/x509.pem")));
    }

    @Test
    void headerNamesAreMatchedWhateverTheirCase() throws Exception {
        Jobs.Submitted job = submit();
        String task = job.taskId();
        String body = succeeded(task);
        Map<String, String> upper = new HashMap<>();
        SmqSigner.headers("/notify", body.getBytes(StandardCharsets.UTF_8))
                .forEach((k, v) -> upper.put(
                        k.equals("content-md5") ? "Content-MD5" : k.startsWith("x-mns-") ? k.toUpperCase() : k, v));
        push(body, upper).statusCode(200).body("state", equalTo("succeeded"));
    }
}
