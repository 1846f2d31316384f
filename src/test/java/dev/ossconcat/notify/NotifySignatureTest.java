package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.TestClock;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    @Inject
    dev.ossconcat.job.JobsConfig jobs;

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

    static String succeeded(Jobs.Submitted job) {
        return smqXml(base64(imm(Jobs.content(BUCKET, job, "Succeeded", "", ""))));
    }

    static String failed(Jobs.Submitted job, String code) {
        return smqXml(base64(imm(Jobs.content(BUCKET, job, "Failed", code, "from IMM"))));
    }

    /** The push as SMQ sends it now, signed with the tests' certificate. */
    ValidatableResponse signed(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return push(
                body,
                SmqSigner.headers(
                        "/notify",
                        bytes,
                        clock.instant(),
                        SmqSigner.CERTIFICATE_URL.toString(),
                        SmqSigner.keys().privateKey()));
    }

    @Test
    void aSignedPushCompletesTheJob() throws Exception {
        Jobs.Submitted job = submit();
        String body = succeeded(job);
        push(body, SmqSigner.headers("/notify", body.getBytes(StandardCharsets.UTF_8)))
                .statusCode(200)
                .body("result", equalTo("updated"))
                .body("state", equalTo("succeeded"));
    }

    @Test
    void unsignedForgedAndReplayedPushesChangeNothing() throws Exception {
        Jobs.Submitted job = submit();
        String task = job.taskId();
        String body = succeeded(job);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        push(body, Map.of("Content-Type", "text/xml"))
                .statusCode(403)
                .body("error", equalTo("signature_refused"))
                .body("message", containsString("Authorization, x-mns-signing-cert-url, Date are missing"));
        push(imm(content(task, "Succeeded", "", "", BUCKET, job.source())), Map.of())
                .statusCode(403);

        String failed = failed(job, "X");
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
        String body = succeeded(job);
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
        String body = succeeded(job);
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
                                "https://mns-cert.oss-cn-hangzhou.aliyuncs.com/missing-" + UUID.randomUUID() + ".pem",
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
        String body = succeeded(job);
        Map<String, String> upper = new HashMap<>();
        SmqSigner.headers("/notify", body.getBytes(StandardCharsets.UTF_8))
                .forEach((k, v) -> upper.put(
                        k.equals("content-md5") ? "Content-MD5" : k.startsWith("x-mns-") ? k.toUpperCase() : k, v));
        push(body, upper).statusCode(200).body("state", equalTo("succeeded"));
    }

    /** Nothing is fetched for a push that is malformed: the cheap checks come first, and each is a 403. */
    @Test
    void aMalformedPushIsRefusedBeforeAnythingIsFetched() throws Exception {
        FakeSmqCertificates fake = (FakeSmqCertificates) certificates;
        Jobs.Submitted job = submit();
        String body = succeeded(job);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI fresh = URI.create("https://mns-cert.oss-cn-hangzhou.aliyuncs.com/fresh-" + UUID.randomUUID() + ".pem");
        Map<String, String> good = SmqSigner.headers(
                "/notify",
                bytes,
                Instant.now(),
                fresh.toString(),
                SmqSigner.keys().privateKey());
        List<Map<String, String>> malformed = new ArrayList<>();
        for (String[] change : new String[][] {
            {"authorization", null},
            {"authorization", "not base64!"},
            {"authorization", "c2hvcnQ="},
            {"date", "yesterday"},
            {"date", "Wed, 25 May 2016 10:46:14 GMT"},
            {"content-md5", "AAAA"},
            {
                "x-mns-signing-cert-url",
                java.util.Base64.getEncoder()
                        .encodeToString(("https://mns-cert.oss-cn-" + "a".repeat(300) + ".aliyuncs.com/x.pem")
                                .getBytes(StandardCharsets.UTF_8))
            }
        }) {
            Map<String, String> h = new HashMap<>(good);
            if (change[1] == null) {
                h.remove(change[0]);
            } else {
                h.put(change[0], change[1]);
            }
            malformed.add(h);
        }
        assertEquals(7, malformed.size());
        int before = fake.fetched.size();
        for (Map<String, String> h : malformed) {
            push(body, h).statusCode(403).body("error", equalTo("signature_refused"));
        }
        assertEquals(before, fake.fetched.size(), "nothing was fetched for a malformed push");
        Jobs.status(BUCKET, job.jobId()).body("state", equalTo("submitted"));
    }

    /**
     * A certificate that cannot be had, or is no certificate, is fetched once per period however many pushes name
     * it; after the period it is tried again.
     */
    @Test
    void certificateFailuresAreRememberedForAWhile() throws Exception {
        FakeSmqCertificates fake = (FakeSmqCertificates) certificates;
        Jobs.Submitted job = submit();
        String body = succeeded(job);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI missing = URI.create("https://mns-cert.oss-cn-hangzhou.aliyuncs.com/gone-" + UUID.randomUUID() + ".pem");
        clock.freeze();
        try {
            for (int i = 0; i < 3; i++) {
                push(
                                body,
                                SmqSigner.headers(
                                        "/notify",
                                        bytes,
                                        clock.instant(),
                                        missing.toString(),
                                        SmqSigner.keys().privateKey()))
                        .statusCode(503)
                        .body("error", equalTo("certificate_unavailable"));
                push(
                                body,
                                SmqSigner.headers(
                                        "/notify",
                                        bytes,
                                        clock.instant(),
                                        FakeSmqCertificates.NOT_A_CERTIFICATE.toString(),
                                        SmqSigner.keys().privateKey()))
                        .statusCode(403)
                        .body("message", containsString("not a valid X.509 certificate"));
            }
            assertEquals(1, fake.fetches(missing), "a failed fetch is remembered");
            long pages = fake.fetches(FakeSmqCertificates.NOT_A_CERTIFICATE);
            clock.advance(SmqCertificates.KEEP_FAILURE.plusSeconds(1));
            push(
                            body,
                            SmqSigner.headers(
                                    "/notify",
                                    bytes,
                                    clock.instant(),
                                    missing.toString(),
                                    SmqSigner.keys().privateKey()))
                    .statusCode(503);
            push(
                            body,
                            SmqSigner.headers(
                                    "/notify",
                                    bytes,
                                    clock.instant(),
                                    FakeSmqCertificates.NOT_A_CERTIFICATE.toString(),
                                    SmqSigner.keys().privateKey()))
                    .statusCode(403);
            assertEquals(2, fake.fetches(missing), "tried again after the period");
            assertEquals(pages + 1, fake.fetches(FakeSmqCertificates.NOT_A_CERTIFICATE));

            long good = fake.fetches(SmqSigner.CERTIFICATE_URL);
            signed(failed(job, "InvalidArgument")).statusCode(200);
            signed(failed(job, "InvalidArgument")).statusCode(200).body("result", equalTo("duplicate"));
            assertTrue(fake.fetches(SmqSigner.CERTIFICATE_URL) <= good + 1, "a good certificate is kept too");
        } finally {
            clock.reset();
        }
    }

    /**
     * Signed by SMQ, IMM's code decides: a transient failure is submitted again by the next delivery, until the job
     * has made concat.jobs.max-attempts attempts; a permanent one is answered as it is. The record shows each attempt.
     */
    @Test
    void signedTransientFailuresAreSubmittedAgainUpToTheLimit() throws Exception {
        gateway.endpoint();
        String dir = Jobs.clips(local, BUCKET);
        Jobs.Submitted job = Jobs.submit(BUCKET, dir);
        List<String> tasks = new ArrayList<>(List.of(job.taskId()));
        for (int attempt = 1; attempt <= jobs.maxAttempts(); attempt++) {
            Jobs.Submitted current = new Jobs.Submitted(job.jobId(), tasks.get(attempt - 1), job.source());
            signed(failed(current, "InternalError"))
                    .statusCode(200)
                    .body("result", equalTo("updated"))
                    .body("failure", equalTo("transient"));
            var again = Jobs.post(BUCKET, dir).statusCode(200).extract();
            if (attempt < jobs.maxAttempts()) {
                assertEquals(Boolean.FALSE, again.path("duplicate"), "attempt " + attempt);
                tasks.add(again.path("taskId"));
            } else {
                assertEquals(Boolean.TRUE, again.path("duplicate"), "no attempt beyond the limit");
                assertEquals("failed", again.path("state"));
            }
        }
        assertEquals(jobs.maxAttempts(), tasks.size());
        assertEquals(jobs.maxAttempts(), new java.util.HashSet<>(tasks).size(), "each attempt its own task");
        LocalOssServer server = local.server().orElseThrow();
        assertEquals(
                jobs.maxAttempts(),
                server.tasks().accepted().stream()
                        .filter(t -> t.key().startsWith(dir))
                        .count());
        var status = Jobs.status(BUCKET, job.jobId())
                .body("attempt", equalTo(jobs.maxAttempts()))
                .body("failure", equalTo("transient"))
                .body("attempts", hasSize(jobs.maxAttempts() - 1));
        for (int i = 0; i < jobs.maxAttempts() - 1; i++) {
            status.body("attempts[" + i + "].taskId", equalTo(tasks.get(i)))
                    .body("attempts[" + i + "].attempt", equalTo(i + 1))
                    .body("attempts[" + i + "].error", equalTo("InternalError: from IMM"));
        }

        String otherDir = Jobs.clips(local, BUCKET);
        Jobs.Submitted other = Jobs.submit(BUCKET, otherDir);
        signed(failed(other, "InvalidArgument")).statusCode(200).body("failure", equalTo("permanent"));
        Jobs.post(BUCKET, otherDir)
                .statusCode(200)
                .body("duplicate", equalTo(true))
                .body("state", equalTo("failed"));
    }
}
