package dev.ossconcat.oss;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.LocalOssServer.SignedCall;
import dev.ossconcat.localoss.OssOperation;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every OSS call a request causes is signed with that request's credentials, including the calls the pipeline makes
 * on its I/O threads (the concurrent HEADs of the clips, the task index and playlist writes). The embedded server
 * accepts two key pairs here, the instance's and one standing in for Function Compute's per-request STS credentials,
 * and reports which one signed each call.
 */
@QuarkusTest
class RequestCredentialsTest {

    static final String BUCKET = "credentials-test";
    static final String FC_KEY = "fc-sts-access-key";
    static final String FC_SECRET = "fc-sts-secret";

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    LocalOssServer server;
    String dir;
    final List<SignedCall> calls = new CopyOnWriteArrayList<>();
    AutoCloseable watch;

    @BeforeEach
    void setUp() throws Exception {
        gateway.endpoint();
        server = local.server().orElseThrow();
        server.grant(FC_KEY, FC_SECRET);
        dir = "t-" + UUID.randomUUID() + "/";
        for (String clip : List.of("a.mp4", "b.mp4")) {
            Path f = server.store().file(BUCKET, dir + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "video " + clip);
        }
        watch = server.watchSigners(c -> {
            if (BUCKET.equals(c.bucket())) {
                calls.add(c);
            }
        });
    }

    @AfterEach
    void stopWatching() throws Exception {
        watch.close();
    }

    /** A request as Function Compute delivers it: with the STS credentials of the function's role. */
    static RequestSpecification fromFc() {
        return given().header("x-fc-access-key-id", FC_KEY)
                .header("x-fc-access-key-secret", FC_SECRET)
                .header("x-fc-security-token", "sts-token-of-this-request");
    }

    String playlist() {
        return "{\"bucket\":\"" + BUCKET + "\",\"clips\":[{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir
                + "b.mp4\"}],\"output\":{\"key\":\"outputs/" + dir + "x.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";
    }

    Set<String> signers() {
        return calls.stream().map(SignedCall::accessKeyId).collect(Collectors.toSet());
    }

    boolean called(OssOperation op, String keyPrefix) {
        return calls.stream()
                .anyMatch(c -> c.op() == op && c.key() != null && c.key().startsWith(keyPrefix));
    }

    @Test
    void concatAndStatusSignEveryCallWithTheRequestsCredentialsOnPoolThreadsToo() {
        String jobId = fromFc().contentType(ContentType.JSON)
                .body(playlist())
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("jobId");
        assertTrue(called(OssOperation.HEAD_OBJECT, dir), "the clips' HEADs, made on the I/O pool: " + calls);
        assertTrue(called(OssOperation.PUT_OBJECT, "concat-jobs/tasks/"), "the task index, on the I/O pool");
        assertTrue(called(OssOperation.ASYNC_PROCESS, dir));
        assertEquals(Set.of(FC_KEY), signers(), calls.toString());

        calls.clear();
        fromFc().queryParam("jobId", jobId)
                .queryParam("bucket", BUCKET)
                .when()
                .get("/status")
                .then()
                .statusCode(200);
        assertTrue(called(OssOperation.GET_OBJECT, "concat-jobs/"));
        assertEquals(Set.of(FC_KEY), signers());
    }

    @Test
    void withoutFcHeadersTheInstancesOwnCredentialsSign() {
        given().contentType(ContentType.JSON)
                .body(playlist())
                .when()
                .post("/concat")
                .then()
                .statusCode(200);
        assertFalse(calls.isEmpty());
        assertEquals(Set.of(local.config().accessKeyId()), signers(), "the watch tells the two apart");
    }

    @Test
    void anUploadEventWritesThePlaylistsMetadataWithTheRequestsCredentials() {
        String key = "playlists/" + dir + "match.txt";
        gateway.as(RequestCredentials.of(FC_KEY, FC_SECRET, null))
                .put(
                        BUCKET,
                        key,
                        (dir + "a.mp4\n" + dir + "b.mp4\n").getBytes(StandardCharsets.UTF_8),
                        "text/plain",
                        Map.of(),
                        false);
        calls.clear();
        String event = "{\"events\":[{\"eventName\":\"ObjectCreated:PutObject\",\"oss\":{\"bucket\":{\"name\":\""
                + BUCKET + "\"},\"object\":{\"key\":\"" + key + "\"}}}]}";
        fromFc().contentType(ContentType.BINARY)
                .body(event.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/invoke")
                .then()
                .statusCode(200)
                .body("outcomes[0].result", equalTo("submitted"));
        assertTrue(called(OssOperation.COPY_OBJECT, key), "the playlist's metadata, written on the I/O pool");
        assertEquals(Set.of(FC_KEY), signers(), calls.toString());
    }

    @Test
    void aCompletionMessageIsRecordedAndVerifiedWithTheRequestsCredentials() {
        String taskId = fromFc().contentType(ContentType.JSON)
                .body(playlist())
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract()
                .path("taskId");
        calls.clear();
        String content = "{\"TaskId\":\"" + taskId + "\",\"Status\":\"Succeeded\",\"Code\":\"\",\"Message\":\"\","
                + "\"EndTime\":\"2024-08-20T07:03:08.57Z\",\"Sources\":[{\"URI\":\"oss://" + BUCKET + "/" + dir
                + "a.mp4\"}],\"Targets\":[{\"URI\":\"oss://" + BUCKET + "/outputs/" + dir + "x.mp4\"}]}";
        fromFc().body("{\"id\":\"e1\",\"source\":\"acs.imm\",\"type\":\"imm:Task:MediaConvert\",\"content\":"
                        + TextNode.valueOf(content) + "}")
                .when()
                .post("/notify")
                .then()
                .statusCode(200)
                .body("result", equalTo("updated"));
        assertTrue(called(OssOperation.GET_OBJECT, "concat-jobs/tasks/"), "the task index");
        assertTrue(called(OssOperation.PUT_OBJECT, "concat-jobs/"), "the record");
        assertTrue(called(OssOperation.VIDEO_INFO, "outputs/" + dir), "the output check, of the job's own output");
        assertEquals(Set.of(FC_KEY), signers(), calls.toString());
    }
}
