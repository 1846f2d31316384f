package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local OSS triggers: the triggers of the project's own {@code s.yaml}, uploads through the embedded server with the
 * SDK, and a stand-in function on a real HTTP port that records what reaches its {@code /invoke} and answers
 * {@code x-fc-status: 404} as often as a test asks, so that FC's redelivery is seen.
 */
class OssTriggersTest {

    static final String KEY_ID = "trigger-key";
    static final String SECRET = "trigger-secret";
    static final String BUCKET = "triggered";
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the stand-in function received: headers of interest and the body. */
    record Received(String path, String contentType, String controlPath, String body) {}

    static Vertx vertx;
    static LocalOssServer server;
    static HttpServer function;
    static final List<Received> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failNext = new AtomicInteger();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        function = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    received.add(new Received(
                            req.path(),
                            req.getHeader("content-type"),
                            req.getHeader("x-fc-control-path"),
                            body.toString(StandardCharsets.UTF_8)));
                    boolean fail = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                    req.response()
                            .putHeader("x-fc-status", fail ? "404" : "200")
                            .end("{}");
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        server = new LocalOssServer(vertx, dir, Map.of(KEY_ID, SECRET), Clock.systemUTC());
        server.start("127.0.0.1", 0);
        server.triggers(new OssTriggers(
                OssTriggers.Declared.read(Path.of("s.yaml")),
                () -> URI.create("http://127.0.0.1:" + function.actualPort() + "/invoke"),
                4,
                Duration.ofMillis(10),
                Clock.systemUTC()));
        Files.createDirectories(dir.resolve(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void clear() {
        received.clear();
        failNext.set(0);
    }

    static OSS client() {
        return OssClients.of(server.endpoint(), KEY_ID, SECRET, SignVersion.V4);
    }

    /**
     * Waits until the triggers have finished {@code n} deliveries in all. A guard against a delivery that never
     * ends, not a measure of speed.
     */
    static List<OssTriggers.Delivery> awaitDeliveries(int n) throws InterruptedException {
        OssTriggers t = server.triggers().orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.delivered().size() < n) {
            if (System.nanoTime() > deadline) {
                fail("only " + t.delivered().size() + " of " + n + " deliveries finished");
            }
            Thread.sleep(10);
        }
        return t.delivered();
    }

    @Test
    void theTriggersOfSYamlAreReadAsAYamlParserReadsThem() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree(Path.of("s.yaml").toFile());
        List<OssTriggers.OssTrigger> oss = new ArrayList<>();
        List<OssTriggers.TimerTrigger> timers = new ArrayList<>();
        for (JsonNode fn : yaml.path("resources")) {
            for (JsonNode t : fn.path("props").path("triggers")) {
                JsonNode c = t.path("triggerConfig");
                if (t.path("triggerType").asText().equals("oss")) {
                    List<String> events = new ArrayList<>();
                    c.path("events").forEach(e -> events.add(e.asText()));
                    oss.add(new OssTriggers.OssTrigger(
                            t.path("triggerName").asText(),
                            events,
                            c.path("filter").path("key").path("prefix").asText(),
                            c.path("filter").path("key").path("suffix").asText()));
                } else if (t.path("triggerType").asText().equals("timer")) {
                    timers.add(new OssTriggers.TimerTrigger(
                            t.path("triggerName").asText(), c.path("payload").asText()));
                }
            }
        }
        OssTriggers.Declared declared = OssTriggers.Declared.read(Path.of("s.yaml"));
        assertEquals(oss, declared.oss());
        assertEquals(timers, declared.timers());
        assertTrue(!oss.isEmpty() && !timers.isEmpty(), "s.yaml declares both kinds");
    }

    @Test
    void aMatchingPutIsDeliveredAsFcDeliversItAndRedeliveredAfterXFcStatus404() throws Exception {
        OSS oss = client();
        int before = server.triggers().orElseThrow().delivered().size();
        failNext.set(2);
        oss.putObject(BUCKET, "playlists/day one.json", new ByteArrayInputStream("{}".getBytes()));
        OssTriggers.Delivery d = awaitDeliveries(before + 1).get(before);
        assertEquals("playlist-json", d.trigger());
        assertEquals(3, d.attempts(), "two 404s, then delivered");
        assertEquals(3, received.size());
        Received r = received.get(0);
        assertEquals("/invoke", r.path());
        assertEquals("application/octet-stream", r.contentType());
        assertEquals("/invoke", r.controlPath());
        JsonNode record = JSON.readTree(r.body()).path("events").get(0);
        assertEquals("ObjectCreated:PutObject", record.path("eventName").asText());
        assertEquals(BUCKET, record.path("oss").path("bucket").path("name").asText());
        assertEquals(
                "playlists/day one.json",
                record.path("oss").path("object").path("key").asText());
        assertEquals(2, record.path("oss").path("object").path("size").asInt());
        assertEquals(
                oss.getObjectMetadata(BUCKET, "playlists/day one.json").getETag(),
                record.path("oss").path("object").path("eTag").asText());
        oss.shutdown();
    }

    @Test
    void redeliveryIsBoundedAndOnlyMatchingUploadsAreDelivered() throws Exception {
        OSS oss = client();
        int before = server.triggers().orElseThrow().delivered().size();
        failNext.set(100);
        oss.putObject(BUCKET, "playlists/always-failing.txt", new ByteArrayInputStream("a.mp4".getBytes()));
        OssTriggers.Delivery d = awaitDeliveries(before + 1).get(before);
        assertEquals(4, d.attempts(), "FC's 1 + 3 retries, no more");
        assertEquals("404", d.fcStatus());
        failNext.set(0);
        received.clear();
        // no trigger takes these: wrong prefix, wrong suffix, a copy (not among s.yaml's events)
        oss.putObject(BUCKET, "clips/a.json", new ByteArrayInputStream("{}".getBytes()));
        oss.putObject(BUCKET, "playlists/a.mp4", new ByteArrayInputStream("x".getBytes()));
        oss.copyObject(BUCKET, "clips/a.json", BUCKET, "playlists/copied.json");
        // a multipart upload completing under the prefix is delivered, after the ones above would have been
        String key = "playlists/big.ffconcat";
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        byte[] part = "ffconcat version 1.0\n".getBytes(StandardCharsets.UTF_8);
        PartETag etag = oss.uploadPart(
                        new UploadPartRequest(BUCKET, key, uploadId, 1, new ByteArrayInputStream(part), part.length))
                .getPartETag();
        oss.completeMultipartUpload(
                new CompleteMultipartUploadRequest(BUCKET, key, uploadId, new ArrayList<>(List.of(etag))));
        OssTriggers.Delivery multipart = awaitDeliveries(before + 2).get(before + 1);
        assertEquals("playlist-ffconcat", multipart.trigger());
        assertEquals(1, received.size(), "only the completed upload reached the function: " + received);
        assertEquals(
                "ObjectCreated:CompleteMultipartUpload",
                JSON.readTree(received.get(0).body())
                        .path("events")
                        .get(0)
                        .path("eventName")
                        .asText());
        oss.shutdown();
    }

    @Test
    void aTimerTriggerIsFiredByOnePostAndUnknownOnesAreNamed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> fired = http.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + LocalOssServer.TIMER_PATH + "nightly-highlights"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fired.statusCode(), fired.body());
        assertEquals(1, JSON.readTree(fired.body()).path("attempts").asInt());
        JsonNode event = JSON.readTree(received.get(0).body());
        assertEquals("nightly-highlights", event.path("triggerName").asText());
        assertEquals(
                "matches/",
                JSON.readTree(event.path("payload").asText()).path("prefix").asText());
        assertTrue(event.path("triggerTime").asText().endsWith("Z"));

        HttpResponse<String> unknown = http.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + LocalOssServer.TIMER_PATH + "nope"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("nightly-highlights"), unknown.body());
        HttpResponse<String> fromAPage = http.send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + LocalOssServer.TIMER_PATH + "nightly-highlights"))
                        .header("Origin", "http://localhost:3000")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, fromAPage.statusCode());
    }
}
