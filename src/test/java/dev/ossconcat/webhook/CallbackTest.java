package dev.ossconcat.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.ossconcat.LogCapture;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.TestClock;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.GuardConfig;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.notify.ImmMessages;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Callback;
import dev.ossconcat.playlist.Playlist;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks end to end: jobs made through /concat against the embedded server, ended by completion messages to
 * /notify, and a real HTTP receiver in the test that checks what arrives, with Java and with the Node.js verifier of
 * docs/webhooks.md.
 */
@QuarkusTest
class CallbackTest {

    static final String BUCKET = TestBuckets.of(CallbackTest.class);
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Inject
    TestClock clock;

    @Inject
    CallbackConfig callbackConfig;

    @Inject
    ConcatConfig concat;

    @Inject
    GuardConfig guard;

    LocalOssServer server;
    Receiver receiver;
    String dir;

    /** A receiver of events: answers with the queued statuses (then 200) and keeps every request. */
    static final class Receiver implements AutoCloseable {

        record Request(String path, String timestamp, String signature, byte[] body) {

            JsonNode json() throws IOException {
                return JSON.readTree(body);
            }
        }

        final HttpServer http;
        final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
        final BlockingQueue<Request> received = new LinkedBlockingQueue<>();

        Receiver() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                received.add(new Request(
                        exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                        body));
                Integer status = statuses.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, 2);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("ok".getBytes(StandardCharsets.UTF_8));
                }
            });
            http.start();
        }

        /** With a token in the query, as receivers often have: it must never reach the log. */
        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook?token=receiver-token-7c2e";
        }

        Request next() throws InterruptedException {
            Request r = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(r, "the receiver got no request");
            return r;
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        gateway.endpoint(); // the gateway starts the embedded server
        server = local.server().orElseThrow();
        receiver = new Receiver();
        dir = "t-" + UUID.randomUUID() + "/";
        for (String clip : List.of("a.mp4", "b.mp4")) {
            Path f = server.store().file(BUCKET, dir + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, clip);
        }
        clearPending();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        clock.reset();
        clearPending();
    }

    /** Each test's pending deliveries are its own: the tests resume the whole bucket. */
    void clearPending() {
        var oss = gateway.asInstance();
        for (var o : oss.list(BUCKET, "concat-jobs/callbacks/", null, 1000).objects()) {
            oss.delete(BUCKET, o.key());
        }
    }

    String playlist(String callbackUrl) {
        return "{\"bucket\":\"" + BUCKET + "\",\"clips\":[{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir
                + "b.mp4\"}],\"output\":{\"key\":\"outputs/" + dir + "x.{autoext}\",\"preset\":\"mp4-h264-720p\"},"
                + "\"callback\":{\"url\":" + JSON.valueToTree(callbackUrl) + "}}";
    }

    /** POST /concat with a callback to the receiver; the job's ID, task ID and source key. */
    String[] submit() {
        var r = given().contentType(ContentType.JSON)
                .body(playlist(receiver.url()))
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract();
        return new String[] {r.path("jobId"), r.path("taskId"), r.path("source.key")};
    }

    /** IMM's message that the job's task ended. */
    void complete(String[] job, String status, String code, String message) {
        given().body(ImmMessages.imm(ImmMessages.content(job[1], status, code, message, BUCKET, job[2])))
                .when()
                .post("/notify")
                .then()
                .statusCode(200)
                .body("result", equalTo("updated"));
    }

    ValidatableResponse replay(String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .post("/replay")
                .then();
    }

    Path pending(String jobId) {
        return server.store().file(BUCKET, "concat-jobs/callbacks/" + jobId + ".json");
    }

    byte[] secret() {
        return callbackConfig.secret().orElseThrow().getBytes(StandardCharsets.UTF_8);
    }

    void assertSigned(Receiver.Request r) {
        assertTrue(
                WebhookSignature.verify(
                        secret(), r.timestamp(), r.signature(), r.body(), Instant.now(), Duration.ofMinutes(5)),
                "signed with the configured secret over timestamp.body");
    }

    @Test
    void aSucceededJobPostsSignedSucceededThenVerifiedEvents() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            String[] job = submit();
            complete(job, "Succeeded", "", "");
            Receiver.Request succeeded = receiver.next();
            Receiver.Request verified = receiver.next();

            JsonNode first = succeeded.json();
            assertEquals("succeeded", first.path("event").asText());
            assertEquals(job[0], first.path("jobId").asText());
            assertEquals(job[1], first.path("taskId").asText());
            assertEquals(job[0] + "-1-succeeded", first.path("id").asText());
            assertEquals(BUCKET, first.path("target").path("bucket").asText());
            assertEquals(
                    "outputs/" + dir + "x.{autoext}",
                    first.path("target").path("key").asText());
            assertTrue(first.path("error").isNull());
            JsonNode second = verified.json();
            assertEquals("verified", second.path("event").asText());
            assertEquals("succeeded", second.path("state").asText());
            assertFalse(second.path("verified").isNull(), "the verification is in the event");
            assertEquals("/hook?token=receiver-token-7c2e", succeeded.path());
            assertSigned(succeeded);
            assertSigned(verified);
            assertEquals(
                    "true",
                    NodeVerifier.run(new String(secret(), StandardCharsets.UTF_8), succeeded),
                    "the Node.js verifier of docs/webhooks.md accepts the event");
            assertEquals("false", NodeVerifier.run("another-secret", succeeded), "and refuses it under another secret");
            assertFalse(Files.exists(pending(job[0])), "nothing pending after a delivery");
            assertNothingSecretIn(log, succeeded, verified);
        }
    }

    @Test
    void aFailedJobPostsItsErrorAndFailureKind() throws Exception {
        String[] job = submit();
        complete(job, "Failed", "InvalidArgument", "codec mismatch");
        JsonNode e = receiver.next().json();
        assertEquals("failed", e.path("event").asText());
        assertEquals("failed", e.path("state").asText());
        assertEquals("InvalidArgument: codec mismatch", e.path("error").asText());
        assertEquals("permanent", e.path("failure").asText(), "an unsigned message's failure is permanent");
    }

    @Test
    void aFailedDeliveryIsKeptInOssAndResumedByAnotherInstance() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            receiver.statuses.add(500); // succeeded
            receiver.statuses.add(503); // verified
            String[] job = submit();
            complete(job, "Succeeded", "", "");
            receiver.next();
            Receiver.Request refused = receiver.next();
            assertEquals("verified", refused.json().path("event").asText());

            JsonNode kept = JSON.readTree(Files.readAllBytes(pending(job[0])));
            assertEquals(1, kept.path("attempts").asInt());
            assertEquals("verified", kept.path("event").path("event").asText(), "the newer event replaced the older");
            assertEquals(receiver.url(), kept.path("url").asText());
            assertEquals("HTTP 503", kept.path("lastResult").asText());
            Instant due = Instant.parse(kept.path("nextAt").asText());

            // a new instance (a restarted one) over the same OSS: nothing is due yet, then the retry is
            Deliveries restarted = new Callbacks(callbackConfig, concat, guard, gateway, clock).deliveries();
            assertEquals(0, restarted.resume(gateway.asInstance(), BUCKET, 10));
            assertTrue(receiver.received.isEmpty());
            clock.advance(Duration.between(clock.instant(), due).plusSeconds(1));
            assertEquals(1, restarted.resume(gateway.asInstance(), BUCKET, 10));
            Receiver.Request retried = receiver.next();
            assertArrayEquals(refused.body(), retried.body(), "the same event, byte for byte");
            assertSigned(retried); // signed afresh, at the retry's own time
            assertFalse(Files.exists(pending(job[0])), "delivered: no longer pending");
            assertNothingSecretIn(log, refused, retried);
        }
    }

    @Test
    void aTimerTickResumesPendingDeliveries() throws Exception {
        receiver.statuses.add(500);
        String[] job = submit();
        complete(job, "Failed", "InternalError", "boom");
        Receiver.Request refused = receiver.next();
        assertTrue(Files.exists(pending(job[0])));
        clock.advance(callbackConfig.firstRetry().plusSeconds(1));
        // on Function Compute the timer is what runs when nothing else does; its own work finds no clips here
        String payload = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"none-" + UUID.randomUUID()
                + "/\",\"output\":{\"key\":\"highlights/{date}.{autoext}\"}}";
        given().contentType(ContentType.BINARY)
                .body(("{\"triggerTime\":\"2026-11-30T20:00:00Z\",\"triggerName\":\"highlights\",\"payload\":"
                                + JSON.valueToTree(payload) + "}")
                        .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/invoke")
                .then()
                .statusCode(200);
        assertArrayEquals(refused.body(), receiver.next().body(), "the tick delivered the pending event");
        assertFalse(Files.exists(pending(job[0])));
    }

    @Test
    void theCallbackIsNoPartOfTheJobsIdentity() {
        String[] job = submit();
        given().contentType(ContentType.JSON)
                .body(playlist("http://127.0.0.1:1/another-receiver"))
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .body("jobId", equalTo(job[0]))
                .body("duplicate", equalTo(true));
    }

    @Test
    void theLastAttemptDropsThePendingDelivery() throws Exception {
        for (int i = 0; i < 20; i++) {
            receiver.statuses.add(500);
        }
        String[] job = submit();
        complete(job, "Failed", "InternalError", "boom");
        receiver.next();
        Deliveries restarted = new Callbacks(callbackConfig, concat, guard, gateway, clock).deliveries();
        for (int attempt = 2; attempt <= callbackConfig.maxAttempts(); attempt++) {
            assertTrue(Files.exists(pending(job[0])), "still pending before attempt " + attempt);
            clock.advance(callbackConfig.maxRetry().plusSeconds(1));
            assertEquals(1, restarted.resume(gateway.asInstance(), BUCKET, 10));
            receiver.next();
        }
        assertFalse(Files.exists(pending(job[0])), "dropped after the last attempt");
    }

    @Test
    void replaySendsTheLatestEventAgain() throws Exception {
        String[] job = submit();
        complete(job, "Succeeded", "", "");
        receiver.next();
        Receiver.Request verified = receiver.next();

        replay(job[0])
                .statusCode(200)
                .body("jobId", equalTo(job[0]))
                .body("event", equalTo("verified"))
                .body("eventId", equalTo(job[0] + "-1-verified"))
                .body("delivered", equalTo(true))
                .body("status", equalTo(200))
                .body("pending", equalTo(false));
        Receiver.Request replayed = receiver.next();
        assertArrayEquals(verified.body(), replayed.body(), "the same event, its id included");
        assertSigned(replayed);

        receiver.statuses.add(500);
        replay(job[0])
                .statusCode(200)
                .body("delivered", equalTo(false))
                .body("status", equalTo(500))
                .body("pending", equalTo(true));
        assertTrue(Files.exists(pending(job[0])), "a failed replay is retried like any delivery");
    }

    @Test
    void replayOfAJobWithoutCallbackOrUnknownIsRefused() {
        replay("0".repeat(32)).statusCode(404).body("error", equalTo("unknown_job"));
        String withoutCallback = playlist("x").replaceAll(",\"callback\":\\{[^}]*}", "");
        String jobId = given().contentType(ContentType.JSON)
                .body(withoutCallback)
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
        replay(jobId).statusCode(409).body("error", equalTo("nothing_to_send")).body("jobId", equalTo(jobId));
        given().queryParam("jobId", "nope").when().post("/replay").then().statusCode(400);
        given().queryParam("jobId", jobId).when().get("/replay").then().statusCode(405);
    }

    @Test
    void validateAndConcatNameTheRefusedCallback() {
        given().contentType(ContentType.JSON)
                .body(playlist("file:///etc/passwd"))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.path", hasItem("callback.url"))
                .body("violations.code", hasItem("scheme_not_allowed"))
                .body("violations.find { it.path == 'callback.url' }.message", containsString("file"));
        given().contentType(ContentType.JSON)
                .body(playlist("https://no-such-host.invalid/hook"))
                .when()
                .post("/concat")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_playlist"))
                .body("violations[0].path", equalTo("callback.url"))
                .body("violations[0].code", equalTo("host_unknown"))
                .body("violations[0].message", containsString("no-such-host.invalid"));
        given().contentType(ContentType.JSON)
                .body(playlist("x").replace("{\"url\":\"x\"}", "{}"))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("violations.code", hasItem("required"));
        given().contentType(ContentType.JSON)
                .body(playlist(receiver.url()))
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("playlist.callback.url", equalTo(receiver.url()));
    }

    @Test
    void withoutASecretCallbacksAreRefused() {
        Callbacks unsigned = new Callbacks(withoutSecret(), concat, guard, gateway, clock);
        Playlist p = new Playlist(1, BUCKET, List.of(), 0, null, null, null, new Callback(receiver.url()));
        var v = unsigned.check(p);
        assertEquals(1, v.size());
        assertEquals("callback.url", v.get(0).path());
        assertEquals("callback_not_configured", v.get(0).code());
        assertTrue(v.get(0).message().contains("CONCAT_CALLBACK_SECRET"));
    }

    @Test
    void inTheCloudPrivateAndLoopbackReceiversGetNothing() throws Exception {
        // the deliveries of a Function Compute deployment, over the same OSS, with a DNS of our own
        Destination.Resolver dns = host -> switch (host) {
            case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            case "mixed.example.com" ->
                new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")};
            default -> InetAddress.getAllByName(host);
        };
        Deliveries cloud = new Deliveries(
                new Deliveries.Settings(
                        new Destination.Policy(false, List.of()),
                        Duration.ofSeconds(30),
                        Duration.ofHours(1),
                        8,
                        "concat-jobs/"),
                new Sender(secret(), Duration.ofSeconds(2)),
                dns,
                clock);
        JobEvent event = new JobEvent(
                JobEvent.Type.SUCCEEDED,
                "ab".repeat(16),
                "succeeded",
                1,
                "MediaConvert-1",
                BUCKET,
                "outputs/x.mp4",
                null,
                null,
                null,
                clock.instant());
        int port = receiver.http.getAddress().getPort();
        List<String> codes = new ArrayList<>();
        for (String url : List.of(
                "https://127.0.0.1:" + port + "/hook",
                "https://localhost:" + port + "/hook",
                "https://hooks.example.com:" + port + "/hook",
                "https://mixed.example.com:" + port + "/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://100.100.100.200/latest/meta-data/",
                "http://127.0.0.1:" + port + "/hook")) {
            Deliveries.Outcome o = cloud.deliver(gateway.asInstance(), BUCKET, url, event);
            assertFalse(o.delivered(), url);
            assertFalse(o.pending(), url + " is refused for good, not kept");
            codes.add(o.refused().code());
        }
        assertEquals(
                List.of(
                        "address_not_allowed",
                        "address_not_allowed",
                        "address_not_allowed",
                        "address_not_allowed",
                        "address_not_allowed",
                        "address_not_allowed",
                        "scheme_not_allowed"),
                codes);
        assertTrue(receiver.received.isEmpty(), "no request left the function");
        assertFalse(Files.exists(pending(event.jobId())));
    }

    @Test
    void aReceiverIsNeverFollowedElsewhere() throws Exception {
        // a redirect is a failed attempt, not a second request to wherever it points
        Receiver elsewhere = new Receiver();
        try {
            receiver.http.removeContext("/");
            receiver.http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Location", elsewhere.url());
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            String[] job = submit();
            complete(job, "Failed", "InternalError", "boom");
            assertTrue(Files.exists(pending(job[0])), "the 307 was a failed attempt");
            assertTrue(elsewhere.received.isEmpty(), "the redirect was not followed");
            JsonNode kept = JSON.readTree(Files.readAllBytes(pending(job[0])));
            assertEquals("HTTP 307", kept.path("lastResult").asText());
        } finally {
            elsewhere.close();
        }
    }

    /** Neither the secret, nor a signature sent, nor the receiver's token is in any log line. */
    void assertNothingSecretIn(LogCapture log, Receiver.Request... sent) {
        List<String> secrets = new ArrayList<>(List.of(new String(secret(), StandardCharsets.UTF_8), "receiver-token"));
        for (Receiver.Request r : sent) {
            secrets.add(r.signature().substring("v1=".length()));
        }
        assertTrue(log.containing("callback of job").size() > 0, "the deliveries are logged");
        for (LogCapture.Line line : log.lines()) {
            for (String s : secrets) {
                assertFalse(line.message().contains(s), "a log line shows a secret: " + line.message());
            }
        }
    }

    /** The test configuration without its secret. */
    CallbackConfig withoutSecret() {
        return (CallbackConfig) Proxy.newProxyInstance(
                CallbackConfig.class.getClassLoader(),
                new Class<?>[] {CallbackConfig.class},
                (proxy, method, args) ->
                        method.getName().equals("secret") ? Optional.empty() : method.invoke(callbackConfig, args));
    }
}
