package dev.ossconcat.fc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FC events posted to /invoke as application/octet-stream, as Function Compute sends them. */
@QuarkusTest
class InvokeFunctionTest {

    static final String BUCKET = TestBuckets.of(InvokeFunctionTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    LocalOssServer server;
    String run;

    @BeforeEach
    void setUp() throws Exception {
        gateway.endpoint();
        server = local.server().orElseThrow();
        run = UUID.randomUUID().toString();
        for (String clip : List.of("a.mp4", "b.mp4")) {
            file("clips/" + run + "/" + clip, "video " + clip, Instant.now());
        }
    }

    Path file(String key, String content, Instant modified) throws Exception {
        Path f = server.store().file(BUCKET, key);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    /** The OSS trigger event of the reference (function-compute.md §2.1), for our bucket and key. */
    static String ossEvent(String eventName, String key) {
        return """
                {"events":[{"eventName":"%s","eventSource":"acs:oss","eventTime":"2022-08-13T06:45:43.000Z",
                "eventVersion":"1.0","oss":{"bucket":{"arn":"acs:oss:cn-hangzhou:123456789:%s","name":"%s",
                "ownerIdentity":"164901546557****","virtualBucket":""},"object":{"deltaSize":122539,
                "eTag":"688A7BF4F233DC9C88A80BF985AB****","key":"%s","size":122539},"ossSchemaVersion":"1.0",
                "ruleId":"9adac8e253828f4f7c0466d941fa3db81161****"},"region":"cn-hangzhou",
                "requestParameters":{"sourceIPAddress":"140.205.XX.XX"},
                "responseElements":{"requestId":"58F9FF2D3DF792092E12044C"},
                "userIdentity":{"principalId":"164901546557****"}}]}""".formatted(eventName, BUCKET, BUCKET, key);
    }

    Response invoke(String event) {
        return given().contentType(ContentType.BINARY)
                .body(event.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/invoke");
    }

    String plainList() {
        return "clips/" + run + "/a.mp4\nclips/" + run + "/b.mp4\n";
    }

    long tasks() {
        return server.tasks().accepted().stream()
                .filter(t -> t.key().contains(run))
                .count();
    }

    @Test
    void uploadedPlaylistStartsOneJobAndRecordsItOnThePlaylist() throws Exception {
        String key = "playlists/" + run + "/match.txt";
        gateway.asInstance()
                .put(
                        BUCKET,
                        key,
                        plainList().getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        Map.of("by", "cam"),
                        false);
        invoke(ossEvent("ObjectCreated:PutObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("event", equalTo("oss"))
                .body("outcomes[0].result", equalTo("submitted"))
                .body("outcomes[0].taskId", startsWith("MediaConvert-"));
        ObjectInfo playlist = gateway.asInstance().head(BUCKET, key).orElseThrow();
        assertEquals("submitted", playlist.userMetadata().get("concat-state"));
        assertEquals("cam", playlist.userMetadata().get("by"));
        assertEquals(1, tasks());
        String process = server.tasks().accepted().stream()
                .filter(t -> t.key().contains(run))
                .findFirst()
                .orElseThrow()
                .process();
        assertTrue(
                process.contains("o_" + dev.ossconcat.process.Base64Url.encode("outputs/" + run + "/match.{autoext}")),
                process);

        // the metadata write is a CopyObject event; a redelivered upload is a duplicate
        invoke(ossEvent("ObjectCreated:CopyObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes[0].result", equalTo("ignored"));
        invoke(ossEvent("ObjectCreated:PutObject", key))
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("duplicate"));
        assertEquals(1, tasks());
    }

    @Test
    void aLostSubmitAnswerKeepsAskingForRedeliveryWithoutSubmittingAgain() throws Exception {
        String key = "playlists/" + run + "/lost.txt";
        file(key, plainList(), Instant.now());
        server.faults()
                .inject(
                        dev.ossconcat.localoss.OssOperation.ASYNC_PROCESS,
                        dev.ossconcat.localoss.Faults.Kind.DROP_AFTER,
                        0,
                        0,
                        null,
                        1);
        try {
            invoke(ossEvent("ObjectCreated:PutObject", key))
                    .then()
                    .statusCode(200)
                    .header("x-fc-status", "404")
                    .body("outcomes[0].result", equalTo("failed"));
        } finally {
            server.faults().clear();
        }
        invoke(ossEvent("ObjectCreated:PutObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "404")
                .body("outcomes[0].reason", containsString("claimed by another delivery"));
        assertEquals(1, tasks(), "the redelivery did not submit again");
    }

    @Test
    void multipartPartsOwnWritesAndOtherKeysStartNothing() {
        for (String[] e : new String[][] {
            {"ObjectCreated:UploadPart", "playlists/" + run + "/x.json"},
            {"ObjectCreated:InitiateMultipartUpload", "playlists/" + run + "/x.json"},
            {"ObjectCreated:CopyObject", "playlists/" + run + "/x.json"},
            {"ObjectRemoved:DeleteObject", "playlists/" + run + "/x.json"},
            {"ObjectCreated:PutObject", "concat-jobs/" + run + ".json"},
            {"ObjectCreated:PutObject", "outputs/" + run + "/match.mp4"},
            {"ObjectCreated:PutObject", "highlights/" + run + "/x.json"},
            {"ObjectCreated:PutObject", "clips/" + run + "/a.mp4"},
            {"ObjectCreated:PutObject", "playlists/" + run + "/notes.md"}
        }) {
            invoke(ossEvent(e[0], e[1]))
                    .then()
                    .statusCode(200)
                    .header("x-fc-status", "200")
                    .body("outcomes[0].result", equalTo("ignored"));
        }
        assertEquals(0, tasks());
    }

    @Test
    void completedMultipartUploadWithAPercentEncodedKeyStartsAJob() throws Exception {
        String key = "playlists/" + run + "/match day 1.txt";
        file(key, plainList(), Instant.now());
        String encoded = key.replace(" ", "%20");
        invoke(ossEvent("ObjectCreated:CompleteMultipartUpload", encoded))
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("submitted"))
                .body("outcomes[0].source", equalTo(BUCKET + "/" + key));
    }

    @Test
    void invalidPlaylistIsRejectedOnceAndRecordedOnThePlaylist() throws Exception {
        String key = "playlists/" + run + "/bad.json";
        file(
                key,
                "{\"clips\": [{\"key\": \"x.mp4\"}], \"output\": {\"key\": \"o.mp4\", \"format\": \"flv\","
                        + " \"video\": {\"codec\": \"h265\"}, \"audio\": {\"codec\": \"aac\"}}}",
                Instant.now());
        invoke(ossEvent("ObjectCreated:PostObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes[0].result", equalTo("rejected"))
                .body("outcomes[0].violations[0].path", equalTo("output.video.codec"));
        ObjectInfo info = gateway.asInstance().head(BUCKET, key).orElseThrow();
        assertEquals("rejected", info.userMetadata().get("concat-state"));
        assertTrue(info.userMetadata().get("concat-error").contains("output.video.codec"));
    }

    @Test
    void missingClipsAskForARedelivery() throws Exception {
        String key = "playlists/" + run + "/early.txt";
        file(key, "clips/" + run + "/not-yet.mp4\nclips/" + run + "/not-yet-2.mp4\n", Instant.now());
        invoke(ossEvent("ObjectCreated:PutObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "404")
                .body("retry", equalTo(true))
                .body("outcomes[0].result", equalTo("failed"));
        assertEquals(
                "failed",
                gateway.asInstance()
                        .head(BUCKET, key)
                        .orElseThrow()
                        .userMetadata()
                        .get("concat-state"));
    }

    @Test
    void unknownEventsAre400WithoutRetry() {
        invoke("{\"hello\": 1}")
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("error", equalTo("unknown_event"));
    }

    // ---- timer --------------------------------------------------------------------------------------------

    static String timer(String name, String time, String payload) {
        return "{\"triggerTime\":\"" + time + "\",\"triggerName\":\"" + name + "\",\"payload\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(payload) + "}";
    }

    @Test
    void theReferenceTimerEventWithANonJsonPayloadIsA400WithoutRetry() {
        invoke(
                        "{\"triggerTime\":\"2023-12-26T07:49:00Z\",\"triggerName\":\"timer-trigger\",\"payload\":\"awesome-fc\"}")
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("error", equalTo("invalid_event"))
                .body("violations[0].path", equalTo("payload"))
                .body("violations[0].code", equalTo("malformed_json"))
                .body("violations[0].message", containsString("not JSON"));
    }

    @Test
    void highlightSelectionOverMoreThanAThousandObjectsIsDeterministicAndOncePerTick() throws Exception {
        Instant tick = Instant.parse("2026-11-25T19:00:00Z");
        String prefix = "matches/" + run + "/";
        for (int i = 0; i < 1200; i++) {
            // two objects share each modification time: ties are broken by key
            file(prefix + String.format("clip-%04d.mp4", i), "c" + i, tick.minusSeconds(36_000 - (i / 2) * 10L));
        }
        file(prefix + "notes.txt", "not a clip", tick.minusSeconds(10));
        file(prefix + "future.mp4", "after the tick", tick.plusSeconds(60));
        String payload = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"" + prefix + "\",\"window\":\"PT10H\","
                + "\"pick\":\"newest\",\"count\":4,\"trim\":{\"duration\":5000},"
                + "\"output\":{\"key\":\"highlights/" + run + "/{date}.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";
        Response first = invoke(timer("nightly", tick.toString(), payload));
        first.then().statusCode(200).header("x-fc-status", "200").body("outcomes[0].result", equalTo("submitted"));
        var task = server.tasks().accepted().stream()
                .filter(t -> t.key().contains(run))
                .findFirst()
                .orElseThrow();
        var clips = task.plan().playlist().clips();
        assertEquals(
                List.of(
                        prefix + "clip-1196.mp4",
                        prefix + "clip-1197.mp4",
                        prefix + "clip-1198.mp4",
                        prefix + "clip-1199.mp4"),
                clips.stream().map(dev.ossconcat.playlist.Clip::key).toList(),
                "the four newest, in chronological order");
        assertTrue(clips.stream().allMatch(c -> c.duration() == 5000));
        assertEquals(
                "highlights/" + run + "/2026-11-25.{autoext}",
                task.plan().playlist().output().key());

        invoke(timer("nightly", tick.toString(), payload))
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("duplicate"))
                .body("outcomes[0].jobId", equalTo(first.path("outcomes[0].jobId")));
        assertEquals(1, tasks());
    }

    /** An uploaded playlist of more than 11 clips is a chunked job: its first level of parts is submitted. */
    @Test
    void anUploadedPlaylistOfTwelveClipsStartsAChunkedJob() throws Exception {
        String key = "playlists/" + run + "/long.json";
        List<String> clips = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            clips.add("{\"key\":\"clips/" + run + "/" + (i % 2 == 0 ? "a" : "b") + ".mp4\"}");
        }
        String playlist = "{\"clips\":[" + String.join(",", clips) + "],\"output\":{\"key\":\"outputs/" + run
                + "/long.mp4\",\"preset\":\"mp4-h264-720p\"},\"notify\":{\"topic\":\"concat-done\"}}";
        gateway.asInstance()
                .put(BUCKET, key, playlist.getBytes(StandardCharsets.UTF_8), "application/json", Map.of(), false);
        invoke(ossEvent("ObjectCreated:PutObject", key))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes[0].result", equalTo("submitted"));
        assertEquals(2, tasks(), "two parts of 6 clips; the final task follows their completions");
        assertEquals(
                "submitted",
                gateway.asInstance()
                        .head(BUCKET, key)
                        .orElseThrow()
                        .userMetadata()
                        .get("concat-state"));
    }

    /** A highlight may pick up to 1,000 clips; more than 11 then need a notify topic like any chunked job. */
    @Test
    void aHighlightOfTwelveClipsIsCheckedAsAChunkedJob() throws Exception {
        Instant tick = Instant.parse("2026-11-26T19:00:00Z");
        String prefix = "many/" + run + "/";
        for (int i = 0; i < 13; i++) {
            file(prefix + "c" + i + ".mp4", "c" + i, tick.minusSeconds(600 - i));
        }
        String payload = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"" + prefix + "\",\"window\":\"PT1H\","
                + "\"count\":12,\"output\":{\"key\":\"highlights/" + run + "/many.{autoext}\","
                + "\"preset\":\"mp4-h264-720p\"}}";
        invoke(timer("many", tick.toString(), payload))
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("rejected"))
                .body("outcomes[0].violations[0].code", equalTo("chunk_needs_notify"));
        assertEquals(0, tasks());
    }

    @Test
    void scorePickUsesUserMetadataAndOrderCanFollowThePick() throws Exception {
        Instant tick = Instant.now();
        String prefix = "scored/" + run + "/";
        int[] scores = {5, 90, 12, 90, 33};
        for (int i = 0; i < scores.length; i++) {
            gateway.asInstance()
                    .put(
                            BUCKET,
                            prefix + "s" + i + ".mp4",
                            ("s" + i).getBytes(),
                            "video/mp4",
                            Map.of("score", Integer.toString(scores[i])),
                            false);
        }
        gateway.asInstance().put(BUCKET, prefix + "unscored.mp4", new byte[] {1}, "video/mp4", Map.of(), false);
        String payload = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"" + prefix + "\",\"pick\":\"score\","
                + "\"count\":3,\"order\":\"pick\",\"output\":{\"key\":\"highlights/" + run + "/top.{autoext}\","
                + "\"preset\":\"mp4-h264-720p\"}}";
        invoke(timer("top", tick.plusSeconds(5).toString(), payload))
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("submitted"));
        var task = server.tasks().accepted().stream()
                .filter(t -> t.key().contains(run))
                .findFirst()
                .orElseThrow();
        List<String> keys = task.plan().playlist().clips().stream()
                .map(dev.ossconcat.playlist.Clip::key)
                .toList();
        assertEquals(3, keys.size());
        assertEquals(prefix + "s4.mp4", keys.get(2), "90, 90, then 33");
        assertTrue(keys.subList(0, 2).containsAll(List.of(prefix + "s1.mp4", prefix + "s3.mp4")));
    }

    @Test
    void anEmptySelectionSubmitsNothingAndSaysSo() {
        String payload = "{\"bucket\":\"" + BUCKET + "\",\"prefix\":\"nothing-here/" + run + "/\","
                + "\"output\":{\"key\":\"highlights/x.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";
        invoke(timer("nightly", Instant.now().toString(), payload))
                .then()
                .statusCode(200)
                .header("x-fc-status", "200")
                .body("outcomes", hasSize(1))
                .body("outcomes[0].result", equalTo("empty"))
                .body("outcomes[0].reason", containsString("nothing to join"));
    }

    @Test
    void invalidTimerPayloadNamesEachField() {
        String payload = "{\"prefix\": 3, \"count\": 2000, \"pick\": \"best\", \"window\": \"a day\"}";
        invoke(timer("nightly", Instant.now().toString(), payload))
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("error", equalTo("invalid_event"))
                .body(
                        "violations.path",
                        org.hamcrest.Matchers.hasItems(
                                "payload.prefix", "payload.count", "payload.pick", "payload.window", "payload.output"));
    }
}
