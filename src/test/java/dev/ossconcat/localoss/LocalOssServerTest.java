package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.AsyncProcessObjectRequest;
import com.aliyun.oss.model.AsyncProcessObjectResult;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.process.Base64Url;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded server, spoken to by the real aliyun-sdk-oss client over HTTP, with both signature versions. */
@QuarkusTest
class LocalOssServerTest {

    @Inject
    LocalOss local;

    static final String BUCKET = TestBuckets.of(LocalOssServerTest.class);

    OSS client(SignVersion version, String secret) {
        return client(version, secret, local.config().accessKeyId());
    }

    OSS client(SignVersion version, String secret, String accessKeyId) {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(version);
        c.setMaxErrorRetry(0);
        return OSSClientBuilder.create()
                .endpoint(local.start())
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(accessKeyId, secret))
                .clientConfiguration(c)
                .build();
    }

    OSS client(SignVersion version) {
        return client(version, local.config().accessKeySecret());
    }

    @AfterEach
    void clearFaults() {
        local.server().ifPresent(s -> s.faults().clear());
    }

    static String unique(String name) {
        return "t-" + UUID.randomUUID() + "/" + name;
    }

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void putGetHeadDeleteWithMetadata(SignVersion version) throws Exception {
        OSS oss = client(version);
        String key = unique("dir/clip one+ü.mp4");
        byte[] body = "hello video".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentType("video/mp4");
        m.setCacheControl("no-cache");
        m.setUserMetadata(Map.of("owner", "team-a", "Mixed-Case", "x"));
        String etag =
                oss.putObject(BUCKET, key, new ByteArrayInputStream(body), m).getETag();
        assertEquals(32, etag.length());

        ObjectMetadata head = oss.getObjectMetadata(BUCKET, key);
        assertEquals(etag, head.getETag());
        assertEquals(body.length, head.getContentLength());
        assertEquals("video/mp4", head.getContentType());
        assertEquals("no-cache", head.getCacheControl());
        assertEquals(Map.of("owner", "team-a", "mixed-case", "x"), head.getUserMetadata());
        try (InputStream in = oss.getObject(BUCKET, key).getObjectContent()) {
            assertArrayEquals(body, in.readAllBytes());
        }
        assertTrue(
                local.server().orElseThrow().store().file(BUCKET, key).toFile().isFile(), "a plain file");

        oss.deleteObject(BUCKET, key);
        OSSException e = assertThrows(OSSException.class, () -> oss.getObjectMetadata(BUCKET, key));
        assertEquals("NoSuchKey", e.getErrorCode());
        oss.shutdown();
    }

    @Test
    void chunkedUploadOfUnknownLength() throws Exception {
        OSS oss = client(SignVersion.V4);
        String key = unique("chunked.bin");
        byte[] body = new byte[300_000];
        new java.util.Random(1).nextBytes(body);
        oss.putObject(BUCKET, key, new ByteArrayInputStream(body)); // no length: the SDK sends it chunked
        try (InputStream in = oss.getObject(BUCKET, key).getObjectContent()) {
            assertArrayEquals(body, in.readAllBytes());
        }
        oss.shutdown();
    }

    @Test
    void forbidOverwriteGivesFileAlreadyExists() {
        OSS oss = client(SignVersion.V4);
        String key = unique("claim.json");
        ObjectMetadata m = new ObjectMetadata();
        m.setHeader("x-oss-forbid-overwrite", "true");
        oss.putObject(BUCKET, key, new ByteArrayInputStream("1".getBytes()), m);
        ObjectMetadata again = new ObjectMetadata();
        again.setHeader("x-oss-forbid-overwrite", "true");
        OSSException e = assertThrows(
                OSSException.class, () -> oss.putObject(BUCKET, key, new ByteArrayInputStream("2".getBytes()), again));
        assertEquals("FileAlreadyExists", e.getErrorCode());
        oss.shutdown();
    }

    @Test
    void copyReplaceKeepsOnlyWhatIsSentAndIfMatchGuards() {
        OSS oss = client(SignVersion.V4);
        String key = unique("playlist.json");
        ObjectMetadata m = new ObjectMetadata();
        m.setContentType("application/json");
        m.setUserMetadata(Map.of("a", "1"));
        String etag = oss.putObject(BUCKET, key, new ByteArrayInputStream("{}".getBytes()), m)
                .getETag();

        CopyObjectRequest copy = new CopyObjectRequest(BUCKET, key, BUCKET, key);
        ObjectMetadata replaced = new ObjectMetadata();
        replaced.setUserMetadata(Map.of("b", "2"));
        copy.setNewObjectMetadata(replaced);
        copy.setMatchingETagConstraints(List.of(etag));
        oss.copyObject(copy);
        ObjectMetadata after = oss.getObjectMetadata(BUCKET, key);
        assertEquals(Map.of("b", "2"), after.getUserMetadata());
        assertEquals(etag, after.getETag(), "a self-copy changes metadata only");

        CopyObjectRequest stale = new CopyObjectRequest(BUCKET, key, BUCKET, key);
        stale.setNewObjectMetadata(new ObjectMetadata());
        stale.setMatchingETagConstraints(List.of("0123456789ABCDEF0123456789ABCDEF"));
        OSSException e = assertThrows(OSSException.class, () -> oss.copyObject(stale));
        assertEquals("PreconditionFailed", e.getErrorCode());

        String other = unique("copy.json");
        oss.copyObject(BUCKET, key, BUCKET, other); // COPY directive: the source's metadata comes along
        assertEquals(Map.of("b", "2"), oss.getObjectMetadata(BUCKET, other).getUserMetadata());
        oss.shutdown();
    }

    @Test
    void listObjectsV2PagesWithPrefixDelimiterAndContinuation() {
        OSS oss = client(SignVersion.V4);
        String prefix = "t-" + UUID.randomUUID() + "/";
        for (int i = 0; i < 25; i++) {
            oss.putObject(BUCKET, prefix + String.format("clip-%02d.mp4", i), new ByteArrayInputStream(new byte[] {1}));
        }
        oss.putObject(BUCKET, prefix + "sub/a.mp4", new ByteArrayInputStream(new byte[] {1}));
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ListObjectsV2Request r = new ListObjectsV2Request(BUCKET)
                    .withPrefix(prefix)
                    .withMaxKeys(10)
                    .withDelimiter("/")
                    .withContinuationToken(token);
            ListObjectsV2Result page = oss.listObjectsV2(r);
            page.getObjectSummaries().stream().map(OSSObjectSummary::getKey).forEach(keys::add);
            keys.addAll(page.getCommonPrefixes());
            token = page.isTruncated() ? page.getNextContinuationToken() : null;
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(26, keys.size());
        assertEquals(prefix + "clip-00.mp4", keys.get(0));
        assertTrue(keys.contains(prefix + "sub/"), keys.toString());
        oss.shutdown();
    }

    @Test
    void asyncProcessAcceptsValidStringsAndRefusesInvalidOnesLikeOss() {
        OSS oss = client(SignVersion.V4);
        String key = unique("source.mp4");
        oss.putObject(BUCKET, key, new ByteArrayInputStream(new byte[] {1}));
        String process = "video/concat,f_mp4,vcodec_h264,acodec_aac,ar_48000,ac_2/pre,o_" + Base64Url.encode("pre.mp4")
                + "|sys/saveas,o_" + Base64Url.encode("out.mp4");
        int before = local.server().orElseThrow().tasks().accepted().size();
        AsyncProcessObjectResult r = oss.asyncProcessObject(new AsyncProcessObjectRequest(BUCKET, key, process));
        assertTrue(r.getTaskId().startsWith("MediaConvert-"), r.getTaskId());
        assertFalse(r.getEventId().isEmpty());
        assertEquals(before + 1, local.server().orElseThrow().tasks().accepted().size());

        OSSException e = assertThrows(
                OSSException.class,
                () -> oss.asyncProcessObject(
                        new AsyncProcessObjectRequest(BUCKET, key, "video/concat,f_flv,vcodec_h265|sys/saveas,o_YQ")));
        assertEquals("Imm Client", e.getErrorCode());
        assertTrue(e.getErrorMessage().startsWith("InvalidArgument, "), e.getErrorMessage());
        assertTrue(e.getErrorMessage().contains("h265"), e.getErrorMessage());
        oss.shutdown();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/%zz",
                "/a%",
                "/a%4",
                "/%C3%28", // a valid escape, but not UTF-8
                "/key?a=%zz",
                "/key?%zz=1",
                "/key?x-oss-process=video%2",
                "?list-type=2&prefix=%E0%80"
            })
    void malformedEscapesAreInvalidArgumentAndTheConnectionStaysUsable(String rest) throws Exception {
        String target = "/" + BUCKET + rest;
        try (RawHttp http = new RawHttp(local.start())) {
            http.send(RawHttp.head("GET", target, Map.of()));
            RawHttp.Response get = http.read();
            assertEquals(400, get.status(), target);
            assertEquals("InvalidArgument", get.code(), get.body());
            assertTrue(get.body().contains("<RequestId>"), "OSS's error document: " + get.body());

            http.send(RawHttp.head("HEAD", target, Map.of()));
            RawHttp.Response head = http.readHead();
            assertEquals(400, head.status());
            assertEquals("InvalidArgument", head.code(), "in x-oss-err, as OSS answers HEAD");

            // an unsigned but well-formed request on the same connection: answered, so nothing was left hanging
            http.send(RawHttp.head("GET", "/" + BUCKET + "/fine", Map.of()));
            assertEquals("AccessDenied", http.read().code());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void aMalformedCopySourceOrContinuationTokenIsInvalidArgument(SignVersion version) {
        OSS oss = client(version);
        String source = unique("source.txt");
        oss.putObject(BUCKET, source, new ByteArrayInputStream(new byte[] {1}));
        // the SDK encodes what it builds itself, but sends a header set by hand as it is: a raw x-oss-copy-source
        for (String raw : List.of("/" + BUCKET + "/%zz", "/" + BUCKET + "/" + source + "%", "/" + BUCKET + "/%C3%28")) {
            ObjectMetadata m = new ObjectMetadata();
            m.setHeader("x-oss-copy-source", raw);
            OSSException e = assertThrows(
                    OSSException.class,
                    () -> oss.putObject(BUCKET, unique("copy.txt"), new ByteArrayInputStream(new byte[0]), m),
                    raw);
            assertEquals("InvalidArgument", e.getErrorCode(), raw);
        }
        for (String token : List.of("%zz", "not base64!", "wyg" /* Base64 of bytes that are no UTF-8 */)) {
            OSSException e = assertThrows(
                    OSSException.class,
                    () -> oss.listObjectsV2(new ListObjectsV2Request(BUCKET).withContinuationToken(token)),
                    token);
            assertEquals("InvalidArgument", e.getErrorCode(), token);
        }
        oss.shutdown();
    }

    @Test
    void aV4PayloadHashIsRefusedAsOssRefusesIt() throws Exception {
        // OSS's V4 accepts only UNSIGNED-PAYLOAD; the SDK always sends it, so this request is made by hand. The
        // header is refused before the signature is looked at, so the signature here need not be valid.
        HttpRequest request = HttpRequest.newBuilder(URI.create(local.start() + "/" + BUCKET + "/" + unique("h")))
                .PUT(HttpRequest.BodyPublishers.ofString("abc"))
                .header("x-oss-date", "20240611T000000Z")
                .header("x-oss-content-sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .header(
                        "Authorization",
                        "OSS4-HMAC-SHA256 Credential=" + local.config().accessKeyId()
                                + "/20240611/cn-hangzhou/oss/aliyun_v4_request,Signature=00")
                .timeout(Duration.ofMillis(RawHttp.HANG_GUARD_MILLIS))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>InvalidArgument</Code>"), r.body());
        assertTrue(r.body().contains("UNSIGNED-PAYLOAD"), r.body());
    }

    @Test
    void theDefaultMaximumObjectSizeIsOssFiveGigabytesCheckedBeforeTheBody() throws Exception {
        LocalOssServer server = local.server().orElseThrow();
        assertEquals(5L * 1024 * 1024 * 1024, server.limits().maxObjectSize());
        String key = unique("huge.bin");
        String resource = "/" + BUCKET + "/" + key;
        Map<String, String> headers = new java.util.LinkedHashMap<>(RawHttp.signV1(
                "PUT",
                resource,
                Map.of(),
                local.config().accessKeyId(),
                local.config().accessKeySecret()));
        try (RawHttp http = new RawHttp(local.start())) {
            headers.put("Content-Length", Long.toString(server.limits().maxObjectSize() + 1));
            http.send(RawHttp.head("PUT", resource, headers));
            RawHttp.Response r = http.read(); // no byte of the body was sent: the answer cannot have waited for it
            assertEquals(400, r.status());
            assertEquals("EntityTooLarge", r.code());
        }
        headers.put("Content-Length", Long.toString(server.limits().maxObjectSize()));
        try (RawHttp http = new RawHttp(local.start())) {
            http.send(RawHttp.head("PUT", resource, headers));
            http.send(new byte[1024]);
            http.abort(); // 5 GB accepted as a length; the upload is then abandoned
        }
        assertTrue(server.store().head(BUCKET, key).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void wrongSecretIsSignatureDoesNotMatch(SignVersion version) {
        OSS oss = client(version, "not-the-secret");
        OSSException e = assertThrows(
                OSSException.class, () -> oss.putObject(BUCKET, unique("x"), new ByteArrayInputStream(new byte[] {1})));
        assertEquals("SignatureDoesNotMatch", e.getErrorCode());
        OSSException head = assertThrows(OSSException.class, () -> oss.getObjectMetadata(BUCKET, "anything"));
        assertEquals("SignatureDoesNotMatch", head.getErrorCode(), "HEAD errors travel in x-oss-err");
        oss.shutdown();
    }

    @Test
    void keysThatCouldEscapeTheDataDirectoryAreRefused() {
        OSS oss = client(SignVersion.V4);
        for (String key : List.of("a/../../escape.txt", "a/./b", "a//b", "dir/")) {
            OSSException e = assertThrows(
                    OSSException.class,
                    () -> oss.putObject(BUCKET, key, new ByteArrayInputStream(new byte[] {1})),
                    key);
            assertEquals("InvalidObjectName", e.getErrorCode(), key);
        }
        oss.shutdown();
        // the SDK refuses an overlong key before sending it, so the server's own check is asked directly
        OssError overlong = assertThrows(
                OssError.class, () -> local.server().orElseThrow().store().file(BUCKET, "k".repeat(1024)));
        assertEquals("InvalidObjectName", overlong.code());
        assertThrows(OssError.class, () -> local.server().orElseThrow().store().file(BUCKET, "/etc/passwd"));
        assertThrows(OssError.class, () -> local.server().orElseThrow().store().file(BUCKET, "a\0b"));
        assertThrows(OssError.class, () -> local.server().orElseThrow().store().file("..", "x"));
    }

    @Test
    void injectedErrorsAnswerInOssShape() {
        OSS oss = client(SignVersion.V4);
        local.server().orElseThrow().faults().error(OssOperation.HEAD_OBJECT, 503, "ServiceUnavailable", 1);
        OSSException e = assertThrows(OSSException.class, () -> oss.getObjectMetadata(BUCKET, "x"));
        assertEquals("ServiceUnavailable", e.getErrorCode());
        assertEquals(
                "NoSuchKey",
                assertThrows(OSSException.class, () -> oss.getObjectMetadata(BUCKET, "x"))
                        .getErrorCode(),
                "the fault is used up");
        oss.shutdown();
    }

    @Test
    void aHeldRequestLandsWhenTheTestReleasesItEvenAfterItsCallerGaveUp() throws Exception {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(SignVersion.V4);
        c.setMaxErrorRetry(0);
        // the caller gives up; when does not matter, only that its request reached the server and is held. 300 ms
        // was too short on a loaded machine: the client could give up before the request arrived (caught() == 0)
        c.setSocketTimeout(3000);
        OSS impatient = OSSClientBuilder.create()
                .endpoint(local.start())
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(
                        local.config().accessKeyId(), local.config().accessKeySecret()))
                .clientConfiguration(c)
                .build();
        LocalOssServer server = local.server().orElseThrow();
        String key = unique("held.txt");
        Faults.Hold hold = server.faults().hold(OssOperation.PUT_OBJECT, 0, 1);
        assertThrows(
                ClientException.class,
                () -> impatient.putObject(
                        BUCKET, key, new ByteArrayInputStream("late".getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, hold.caught());
        assertTrue(server.store().head(BUCKET, key).isEmpty(), "nothing lands while held");
        hold.release();
        assertTrue(server.store().head(BUCKET, key).isPresent(), "released, it has landed when release returns");
        impatient.shutdown();
    }

    @Test
    void aGrantedKeyIsAcceptedAndWatchersLearnWhoSignedEachCall() throws Exception {
        LocalOssServer server = local.server().orElseThrow();
        server.grant("someone-else", "their-secret");
        List<LocalOssServer.SignedCall> seen = new CopyOnWriteArrayList<>();
        String key = unique("signed.txt");
        OSS theirs = client(SignVersion.V4, "their-secret", "someone-else");
        OSS ours = client(SignVersion.V1);
        try (AutoCloseable watch = server.watchSigners(seen::add)) {
            theirs.putObject(BUCKET, key, new ByteArrayInputStream(new byte[] {1}));
            ours.getObjectMetadata(BUCKET, key);
        }
        ours.shutdown();
        assertEquals(
                List.of(
                        new LocalOssServer.SignedCall(OssOperation.PUT_OBJECT, BUCKET, key, "someone-else"),
                        new LocalOssServer.SignedCall(
                                OssOperation.HEAD_OBJECT,
                                BUCKET,
                                key,
                                local.config().accessKeyId())),
                seen);
        theirs.getObjectMetadata(BUCKET, key);
        assertEquals(2, seen.size(), "a closed watch hears nothing more");
        theirs.shutdown();
    }
}
