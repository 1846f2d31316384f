package dev.ossconcat.fc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events that can never succeed are refused whole, before any OSS call, as a 400 that Function Compute does not
 * deliver again; every duration and count of a timer payload is bounded.
 */
@QuarkusTest
class InvokeEdgeTest {

    static final String BUCKET = TestBuckets.of(InvokeEdgeTest.class);
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    LocalOssServer server;
    String run;

    @BeforeEach
    void setUp() {
        gateway.endpoint();
        server = local.server().orElseThrow();
        run = UUID.randomUUID().toString();
    }

    static ObjectNode record(String bucket, String key) {
        ObjectNode r = JSON.createObjectNode().put("eventName", "ObjectCreated:PutObject");
        r.putObject("oss").putObject("bucket").put("name", bucket);
        ((ObjectNode) r.get("oss")).putObject("object").put("key", key);
        r.putObject("responseElements").put("requestId", "58F9FF2D3DF792092E12044C");
        return r;
    }

    static String event(ObjectNode... records) {
        ObjectNode e = JSON.createObjectNode();
        ArrayNode events = e.putArray("events");
        for (ObjectNode r : records) {
            events.add(r);
        }
        return e.toString();
    }

    static Response invoke(String event) {
        return given().contentType(ContentType.BINARY)
                .body(event.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/invoke");
    }

    /** The OSS calls made while {@code action} runs, as the embedded server saw them. */
    List<LocalOssServer.SignedCall> callsDuring(Runnable action) throws Exception {
        List<LocalOssServer.SignedCall> calls = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = server.watchSigners(calls::add)) {
            action.run();
        }
        return calls;
    }

    @Test
    void invalidBucketNamesAndKeysAreRefusedWithoutAnOssCallOrARetry() throws Exception {
        String[][] cases = {
            {"A", "playlists/x.txt", "events[0].oss.bucket.name", "bucket_name"},
            {"MEDIA", "playlists/x.txt", "events[0].oss.bucket.name", "bucket_name"},
            {"", "playlists/x.txt", "events[0].oss.bucket.name", "bucket_name"},
            {BUCKET, "playlists/" + "x".repeat(1100) + ".txt", "events[0].oss.object.key", "key_length"},
            {BUCKET, "/playlists/x.txt", "events[0].oss.object.key", "key_leading_slash"},
            {BUCKET, "", "events[0].oss.object.key", "required"},
        };
        for (String[] c : cases) {
            List<LocalOssServer.SignedCall> calls = callsDuring(() -> invoke(event(record(c[0], c[1])))
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .header("x-fc-status", "200")
                    .body("error", equalTo("invalid_event"))
                    .body("violations[0].path", equalTo(c[2]))
                    .body("violations[0].code", equalTo(c[3]))
                    .body("violations[0].message", containsString(c[2])));
            assertEquals(List.of(), calls, "nothing was read from OSS for " + c[0] + "/" + c[1]);
        }
        assertEquals(6, cases.length);
    }

    @Test
    void aKeyWithAPercentThatIsNotAnEncodingIsReadAsItIs() {
        String key = "playlists/" + run + "/%zz.txt";
        gateway.asInstance()
                .put(
                        BUCKET,
                        "clips/" + run + "/a.mp4",
                        "a".getBytes(StandardCharsets.UTF_8),
                        "video/mp4",
                        Map.of(),
                        false);
        gateway.asInstance()
                .put(
                        BUCKET,
                        "clips/" + run + "/b.mp4",
                        "b".getBytes(StandardCharsets.UTF_8),
                        "video/mp4",
                        Map.of(),
                        false);
        gateway.asInstance()
                .put(
                        BUCKET,
                        key,
                        ("clips/" + run + "/a.mp4\nclips/" + run + "/b.mp4\n").getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        Map.of(),
                        false);
        invoke(event(record(BUCKET, key)))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes[0].result", equalTo("submitted"))
                .body("outcomes[0].source", equalTo(BUCKET + "/" + key));
    }

    @Test
    void anEventWithTooManyRecordsIsRefusedWithoutReadingStorage() throws Exception {
        ObjectNode[] records = new ObjectNode[3000];
        for (int i = 0; i < records.length; i++) {
            records[i] = record(BUCKET, "playlists/" + run + "/" + i + ".txt");
        }
        List<LocalOssServer.SignedCall> calls = callsDuring(() -> invoke(event(records))
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("violations[0].path", equalTo("events"))
                .body("violations[0].code", equalTo("out_of_range"))
                .body("violations[0].message", containsString("3000 records")));
        assertEquals(List.of(), calls);
    }

    @Test
    void oneBadRecordRefusesTheWholeEvent() throws Exception {
        List<LocalOssServer.SignedCall> calls = callsDuring(() -> invoke(
                        event(record(BUCKET, "playlists/" + run + "/good.txt"), record("Bad_Bucket", "x.txt")))
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("violations.path", hasItem("events[1].oss.bucket.name")));
        assertEquals(List.of(), calls, "the good record was not handled either");
    }

    @Test
    void aRefusedEventIsLoggedOnceWithItsIdentityOnOneLine() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r instanceof ExtLogRecord ext && r.getLoggerName().endsWith("InvokeFunction")) {
                    lines.add(ext.getFormattedMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            invoke(event(record("A", "playlists/x\n2026-01-01 INFO forged.txt")))
                    .then()
                    .statusCode(400);
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("refused OSS event of 1 record(s), the first on A/playlists/x"), line);
        assertTrue(line.contains("x\\n2026-01-01 INFO forged.txt"), line);
        assertFalse(line.contains("\n"), line);
    }

    // ---- timer --------------------------------------------------------------------------------------------

    static String timer(String name, String time, String payload) {
        return JSON.createObjectNode()
                .put("triggerName", name)
                .put("triggerTime", time)
                .put("payload", payload)
                .toString();
    }

    static final String TICK = "2026-11-25T19:00:00Z";

    String payload(String extra) {
        return "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"m/" + run + "/\"," + extra
                + "\"output\":{\"key\":\"highlights/{date}.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";
    }

    @Test
    void everyDurationAndCountOfATimerIsBoundedWithA400NamingTheField() throws Exception {
        String[][] cases = {
            {"nightly", TICK, payload("\"window\":\"PT100000000000000000S\","), "payload.window", "out_of_range"},
            {"nightly", TICK, payload("\"window\":\"PT99999999999999999999S\","), "payload.window", "malformed_value"},
            {"nightly", TICK, payload("\"window\":\"-PT1H\","), "payload.window", "out_of_range"},
            {"nightly", TICK, payload("\"window\":\"P367D\","), "payload.window", "out_of_range"},
            {"nightly", TICK, payload("\"count\":0,"), "payload.count", "out_of_range"},
            // one clip could never run (single_video): refused with the payload, not at every tick
            {"nightly", TICK, payload("\"count\":1,"), "payload.count", "out_of_range"},
            {"nightly", TICK, payload("\"count\":1001,"), "payload.count", "out_of_range"},
            {"nightly", TICK, payload("\"trim\":{\"start\":-1},"), "payload.trim.start", "out_of_range"},
            {"nightly", TICK, payload("\"trim\":{\"duration\":86400001},"), "payload.trim.duration", "out_of_range"},
            {"nightly", TICK, payload("\"trim\":{\"last\":0},"), "payload.trim.last", "out_of_range"},
            {"nightly", TICK, payload("\"trim\":{\"last\":1e300},"), "payload.trim.last", "out_of_range"},
            {
                "nightly",
                TICK,
                payload("\"suffixes\":[" + "\".a\",".repeat(16) + "\".b\"],"),
                "payload.suffixes",
                "out_of_range"
            },
            {"nightly", TICK, payload("\"suffixes\":[\"\"],"), "payload.suffixes[0]", "wrong_type"},
            {"nightly", TICK, payload("\"scoreKey\":\"a b\","), "payload.scoreKey", "malformed_value"},
            {
                "nightly",
                TICK,
                payload("").replace("\"bucket\":\"" + BUCKET + "\"", "\"bucket\":\"A\""),
                "payload.bucket",
                "bucket_name"
            },
            {"nightly", TICK, payload("").replace("m/" + run + "/", "p".repeat(1100)), "payload.prefix", "key_length"},
            {"nightly", "+999999999-01-01T00:00:00Z", payload(""), "triggerTime", "out_of_range"},
            {"nightly", "1969-12-31T23:59:59Z", payload(""), "triggerTime", "out_of_range"},
            {"nightly", "tomorrow", payload(""), "triggerTime", "malformed_value"},
            {"", TICK, payload(""), "triggerName", "malformed_value"},
            {"n".repeat(129), TICK, payload(""), "triggerName", "malformed_value"},
            {"a\nb", TICK, payload(""), "triggerName", "malformed_value"},
        };
        for (String[] c : cases) {
            List<LocalOssServer.SignedCall> calls = callsDuring(() -> invoke(timer(c[0], c[1], c[2]))
                    .then()
                    .statusCode(400)
                    .contentType("application/json")
                    .header("x-fc-status", "200")
                    .body("error", equalTo("invalid_event"))
                    .body("violations.path", hasItem(c[3]))
                    .body("violations.code", hasItem(c[4])));
            assertEquals(List.of(), calls, "nothing was read from OSS for " + c[3]);
        }
        assertEquals(22, cases.length);
    }

    @Test
    void theLargestBoundsAreAccepted() {
        // a clip modified now is outside the window before the last accepted trigger time
        gateway.asInstance().put(BUCKET, "m/" + run + "/now.mp4", new byte[] {1}, "video/mp4", Map.of(), false);
        invoke(timer(
                        "n".repeat(128),
                        "9999-12-31T23:59:59Z",
                        payload("\"window\":\"P366D\",\"count\":11,\"trim\":{\"start\":0,\"duration\":86400000},")))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes[0].result", equalTo("empty"));
    }
}
