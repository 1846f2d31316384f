package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.DeleteObjectsResult;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyun.oss.model.UploadPartResult;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The embedded server as clients other than the function use it, through aliyun-sdk-oss over real HTTP (V1 and V4,
 * presigned URLs, Range, multipart, ListObjects v1, DeleteObjects) and raw HTTP for header-level details: nothing it
 * does not implement changes an object, and what it implements answers as OSS does. A server of its own, whose
 * request clock a test can move, so that skew and expiry are reached without waiting.
 */
class LocalOssCompatibilityTest {

    static final String KEY_ID = "compat-key";
    static final String SECRET = "compat-secret";
    static final String BUCKET = "compat";
    static final Pattern RFC_1123 =
            Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    /** The server's request clock: real time plus an offset a test sets. */
    static final class MovableClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final MovableClock REQUEST_CLOCK = new MovableClock();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Vertx vertx;
    static LocalOssServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        server = new LocalOssServer(
                vertx, dir, Map.of(KEY_ID, SECRET), Clock.systemUTC(), LocalOssServer.Limits.oss(), REQUEST_CLOCK);
        server.cors(Cors.localPages());
        server.start("127.0.0.1", 0);
        Files.createDirectories(dir.resolve(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void realTime() {
        REQUEST_CLOCK.offset = Duration.ZERO;
    }

    static OSS client(SignVersion version) {
        return OssClients.of(server.endpoint(), KEY_ID, SECRET, version);
    }

    static String unique(String name) {
        return "c-" + UUID.randomUUID() + "/" + name;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(OSS oss, String key) throws IOException {
        try (InputStream in = oss.getObject(BUCKET, key).getObjectContent()) {
            return in.readAllBytes();
        }
    }

    static HttpResponse<byte[]> send(String method, URL url, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.toURI())
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String code(HttpResponse<byte[]> r) {
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        if (xml.isEmpty()) {
            xml = r.headers()
                    .firstValue("x-oss-err")
                    .map(e -> new String(Base64.getDecoder().decode(e), StandardCharsets.UTF_8))
                    .orElse("");
        }
        int start = xml.indexOf("<Code>");
        return start < 0 ? null : xml.substring(start + 6, xml.indexOf("</Code>"));
    }

    /** A raw request signed with V1 as an SDK that sends {@code x-oss-date} and no {@code Date} signs it. */
    static HttpResponse<byte[]> v1WithOssDate(String method, String key, String ossDate) throws Exception {
        String resource = "/" + BUCKET + "/" + key;
        String toSign = method + "\n\n\n" + ossDate + "\nx-oss-date:" + ossDate + "\n" + resource;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        return send(
                method,
                URI.create(server.endpoint() + resource).toURL(),
                null,
                Map.of("x-oss-date", ossDate, "Authorization", "OSS " + KEY_ID + ":" + signature));
    }

    // ---- never silent damage ------------------------------------------------------------------------------

    /** Sub-resources the OSS API reference names, which the server's list must all cover. */
    static final List<String> REFERENCE_NAMES = List.of(
            "acl",
            "tagging",
            "symlink",
            "uploads",
            "uploadId",
            "partNumber",
            "cors",
            "lifecycle",
            "website",
            "logging",
            "referer",
            "encryption",
            "policy",
            "versioning",
            "versionId",
            "restore",
            "x-oss-process",
            "append",
            "position",
            "objectMeta",
            "location",
            "bucketInfo",
            "stat",
            "worm",
            "inventory",
            "qos",
            "delete",
            "versions",
            "replication",
            "requestPayment",
            "transferAcceleration",
            "seal",
            "select");

    /**
     * What an implemented sub-resource answers on an object whose name it does not fit; every other pair of method
     * and sub-resource is 501 NotImplemented. The object must survive every one of them byte for byte.
     */
    static final Map<String, Integer> IMPLEMENTED = Map.ofEntries(
            Map.entry("POST uploads", 200), // InitiateMultipartUpload: an upload begins, the object is untouched
            Map.entry("POST uploadId", 404), // CompleteMultipartUpload of an unknown upload: NoSuchUpload
            Map.entry("DELETE uploadId", 404), // AbortMultipartUpload: NoSuchUpload
            Map.entry("GET uploadId", 404), // ListParts: NoSuchUpload
            Map.entry("POST x-oss-async-process", 400), // no process string in the body
            Map.entry("GET x-oss-process", 400), // only video/info is answered
            Map.entry("HEAD objectMeta", 200),
            Map.entry("GET response-cache-control", 200),
            Map.entry("GET response-content-disposition", 200),
            Map.entry("GET response-content-encoding", 200),
            Map.entry("GET response-content-language", 200),
            Map.entry("GET response-content-type", 200),
            Map.entry("GET response-expires", 200));

    @Test
    void everySubResourceOnEveryMethodIsNotImplementedOrAnsweredAndTheObjectIsUntouched() throws Exception {
        assertTrue(Routing.OSS_SUBRESOURCES.containsAll(REFERENCE_NAMES), "the server's list covers the reference");
        OSS oss = client(SignVersion.V4);
        String key = unique("precious.mp4");
        byte[] content = bytes(1000, 1);
        String etag =
                oss.putObject(BUCKET, key, new ByteArrayInputStream(content)).getETag();
        byte[] body = "<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8);
        List<String> answered = new ArrayList<>();
        for (String name : Routing.OSS_SUBRESOURCES) {
            for (String method : List.of("PUT", "POST", "DELETE", "GET", "HEAD")) {
                GeneratePresignedUrlRequest r =
                        new GeneratePresignedUrlRequest(BUCKET, key, HttpMethod.valueOf(method));
                r.setExpiration(new Date(System.currentTimeMillis() + 60_000));
                r.addQueryParameter(
                        name,
                        switch (name) {
                            case "partNumber", "position" -> "1";
                            case "uploadId" -> "0123456789ABCDEF0123456789ABCDEF";
                            case "x-oss-process" -> "image/resize,w_10";
                            default -> "";
                        });
                HttpResponse<byte[]> answer = send(method, oss.generatePresignedUrl(r), body, Map.of());
                int expected = IMPLEMENTED.getOrDefault(method + " " + name, 501);
                assertEquals(expected, answer.statusCode(), method + " ?" + name + ": " + code(answer));
                if (expected == 501) {
                    assertEquals("NotImplemented", code(answer), method + " ?" + name);
                } else {
                    answered.add(method + " " + name);
                }
                assertArrayEquals(content, read(oss, key), method + " ?" + name + " left the object as it was");
                assertEquals(etag, oss.getObjectMetadata(BUCKET, key).getETag());
            }
        }
        assertEquals(IMPLEMENTED.keySet(), Set.copyOf(answered));
        oss.shutdown();
    }

    @Test
    void headersForFeaturesTheServerLacksAreNotImplementedAndChangeNothing() throws Exception {
        OSS oss = client(SignVersion.V1);
        String key = unique("kept.txt");
        byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
        oss.putObject(BUCKET, key, new ByteArrayInputStream(content));
        for (String header : List.of(
                "x-oss-object-acl: public-read",
                "x-oss-storage-class: Archive",
                "x-oss-server-side-encryption: AES256",
                "x-oss-tagging: a=b",
                "x-oss-symlink-target: other",
                "x-oss-callback: e30=")) {
            com.aliyun.oss.model.ObjectMetadata m = new com.aliyun.oss.model.ObjectMetadata();
            int colon = header.indexOf(':');
            m.setHeader(header.substring(0, colon), header.substring(colon + 1).trim());
            OSSException e = assertThrows(
                    OSSException.class,
                    () -> oss.putObject(BUCKET, key, new ByteArrayInputStream("other".getBytes()), m),
                    header);
            assertEquals("NotImplemented", e.getErrorCode(), header);
            assertArrayEquals(content, read(oss, key), header);
        }
        oss.shutdown();
    }

    // ---- signatures -------------------------------------------------------------------------------------

    @Test
    void v1SignedOverXOssDateWithoutADateHeaderIsAccepted() throws Exception {
        OSS oss = client(SignVersion.V4);
        String key = unique("v1.txt");
        oss.putObject(BUCKET, key, new ByteArrayInputStream("x".getBytes()));
        HttpResponse<byte[]> ok = v1WithOssDate("GET", key, HttpDates.format(Instant.now()));
        assertEquals(200, ok.statusCode(), new String(ok.body(), StandardCharsets.UTF_8));
        assertEquals("x", new String(ok.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> old =
                v1WithOssDate("GET", key, HttpDates.format(Instant.now().minusSeconds(16 * 60)));
        assertEquals(403, old.statusCode());
        assertEquals("RequestTimeTooSkewed", code(old));
        oss.shutdown();
    }

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void aClockSkewOfMoreThanFifteenMinutesIsRequestTimeTooSkewed(SignVersion version) {
        OSS oss = client(version);
        String key = unique("skew.txt");
        REQUEST_CLOCK.offset = Duration.ofMinutes(14);
        oss.putObject(BUCKET, key, new ByteArrayInputStream("x".getBytes()));
        REQUEST_CLOCK.offset = Duration.ofMinutes(16);
        OSSException e = assertThrows(OSSException.class, () -> oss.getObjectMetadata(BUCKET, key));
        assertEquals("RequestTimeTooSkewed", e.getErrorCode());
        REQUEST_CLOCK.offset = Duration.ofMinutes(-16);
        assertThrows(OSSException.class, () -> oss.getObject(BUCKET, key));
        oss.shutdown();
    }

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void presignedUrlsWorkUntilTheyExpireAndATamperedOneIsRefused(SignVersion version) throws Exception {
        OSS oss = client(version);
        String key = unique("clip one+ü.mp4");
        byte[] content = bytes(5000, 2);
        Date expiry = new Date(System.currentTimeMillis() + 3_600_000);
        URL put = oss.generatePresignedUrl(BUCKET, key, expiry, HttpMethod.PUT);
        assertEquals(200, send("PUT", put, content, Map.of()).statusCode(), "a presigned upload");
        URL get = oss.generatePresignedUrl(BUCKET, key, expiry, HttpMethod.GET);
        HttpResponse<byte[]> r = send("GET", get, null, Map.of("Range", "bytes=100-199"));
        assertEquals(206, r.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, 200), r.body());

        HttpResponse<byte[]> tampered =
                send("GET", new URL(get.toString().replace(BUCKET + "/", BUCKET + "/x")), null, Map.of());
        assertEquals(403, tampered.statusCode());
        assertEquals("SignatureDoesNotMatch", code(tampered));

        REQUEST_CLOCK.offset = Duration.ofHours(2);
        HttpResponse<byte[]> expired = send("GET", get, null, Map.of());
        assertEquals(403, expired.statusCode());
        assertEquals("AccessDenied", code(expired));
        assertTrue(new String(expired.body(), StandardCharsets.UTF_8).contains("expired"));
        oss.shutdown();
    }

    // ---- reads: Range, conditions, dates, errors ---------------------------------------------------------

    @Test
    void rangesAnswerAsOssDoes() throws Exception {
        OSS oss = client(SignVersion.V4);
        String key = unique("video.mp4");
        byte[] content = bytes(1000, 3);
        oss.putObject(BUCKET, key, new ByteArrayInputStream(content));
        GetObjectRequest g = new GetObjectRequest(BUCKET, key);
        g.setRange(10, 19);
        try (InputStream in = oss.getObject(g).getObjectContent()) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 10, 20), in.readAllBytes());
        }
        URL url = oss.generatePresignedUrl(BUCKET, key, new Date(System.currentTimeMillis() + 60_000));
        record Case(String range, boolean standard, int status, String contentRange, int from, int to) {}
        for (Case c : List.of(
                new Case("bytes=0-", false, 206, "bytes 0-999/1000", 0, 1000),
                new Case("bytes=990-", false, 206, "bytes 990-999/1000", 990, 1000),
                new Case("bytes=-10", false, 206, "bytes 990-999/1000", 990, 1000),
                new Case("bytes=0-9,20-29", false, 206, "bytes 0-9/1000", 0, 10),
                new Case("bytes=0-1000", false, 200, null, 0, 1000),
                new Case("bytes=1000-2000", false, 200, null, 0, 1000),
                new Case("bytes=-2000", false, 200, null, 0, 1000),
                new Case("byte=0-9", false, 200, null, 0, 1000))) {
            HttpResponse<byte[]> r = send("GET", url, null, Map.of("Range", c.range()));
            assertEquals(c.status(), r.statusCode(), c.toString());
            assertEquals(
                    c.contentRange(), r.headers().firstValue("Content-Range").orElse(null), c.toString());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, c.from(), c.to()), r.body(), c.toString());
            assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElse(null));
        }
        // x-oss-range-behavior: standard is an x-oss- header, so it is signed: sent by the SDK
        GetObjectRequest standard = new GetObjectRequest(BUCKET, key);
        standard.addHeader("x-oss-range-behavior", "standard");
        standard.setRange(0, 1000);
        try (InputStream in = oss.getObject(standard).getObjectContent()) {
            assertArrayEquals(content, in.readAllBytes(), "the part of the range that exists");
        }
        standard.setRange(1000, -1);
        OSSException unsatisfiable = assertThrows(OSSException.class, () -> oss.getObject(standard));
        assertEquals("InvalidRange", unsatisfiable.getErrorCode());
        oss.shutdown();
    }

    @Test
    void conditionalReadsAnswer304Or412AndDatesAreRfc1123AndErrorsCarryEc() throws Exception {
        OSS oss = client(SignVersion.V4);
        String key = unique("cond.txt");
        oss.putObject(BUCKET, key, new ByteArrayInputStream("cond".getBytes()));
        URL get = oss.generatePresignedUrl(BUCKET, key, new Date(System.currentTimeMillis() + 60_000));
        HttpResponse<byte[]> first = send("GET", get, null, Map.of());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertTrue(RFC_1123.matcher(modified).matches(), modified);
        assertTrue(RFC_1123.matcher(first.headers().firstValue("Date").orElseThrow())
                .matches());

        assertEquals(304, send("GET", get, null, Map.of("If-None-Match", etag)).statusCode());
        assertEquals(
                304,
                send("GET", get, null, Map.of("If-Modified-Since", modified)).statusCode());
        assertEquals(
                200,
                send("GET", get, null, Map.of("If-None-Match", "\"other\"")).statusCode());
        String past = HttpDates.format(Instant.now().minusSeconds(3600));
        assertEquals(
                200, send("GET", get, null, Map.of("If-Modified-Since", past)).statusCode());
        HttpResponse<byte[]> failed = send("GET", get, null, Map.of("If-Match", "\"other\""));
        assertEquals(412, failed.statusCode());
        assertEquals("PreconditionFailed", code(failed));
        assertEquals(
                412, send("GET", get, null, Map.of("If-Unmodified-Since", past)).statusCode());
        GeneratePresignedUrlRequest headRequest = new GeneratePresignedUrlRequest(BUCKET, key, HttpMethod.HEAD);
        headRequest.setExpiration(new Date(System.currentTimeMillis() + 60_000));
        URL head = oss.generatePresignedUrl(headRequest);
        assertEquals(
                304, send("HEAD", head, null, Map.of("If-None-Match", etag)).statusCode());

        OSSException missing = assertThrows(OSSException.class, () -> oss.getObject(BUCKET, key + "-missing"));
        assertEquals("NoSuchKey", missing.getErrorCode());
        assertTrue(missing.getErrorMessage() != null);
        String body = new String(
                send(
                                "GET",
                                oss.generatePresignedUrl(
                                        BUCKET, key + "-missing", new Date(System.currentTimeMillis() + 60_000)),
                                null,
                                Map.of())
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(Pattern.compile("<EC>\\d{4}-\\d{8}</EC>").matcher(body).find(), body);
        oss.shutdown();
    }

    @Test
    void writesReportTheCrc64OfTheirContent() throws Exception {
        OSS oss = client(SignVersion.V4);
        byte[] content = bytes(70_001, 4);
        CRC64 crc = new CRC64();
        crc.update(content, content.length);
        String key = unique("crc.bin");
        // the SDK compares its own CRC with the server's after each write and each whole read, and fails on a
        // difference: these calls passing is one check; the headers are compared too
        URL put = oss.generatePresignedUrl(BUCKET, key, new Date(System.currentTimeMillis() + 60_000), HttpMethod.PUT);
        HttpResponse<byte[]> r = send("PUT", put, content, Map.of());
        assertEquals(
                Long.toUnsignedString(crc.getValue()),
                r.headers().firstValue("x-oss-hash-crc64ecma").orElse(null));
        oss.putObject(BUCKET, key, new ByteArrayInputStream(content));
        assertArrayEquals(content, read(oss, key));
        assertEquals(
                Long.toUnsignedString(crc.getValue()),
                oss.getObjectMetadata(BUCKET, key).getRawMetadata().get("x-oss-hash-crc64ecma"));
        oss.copyObject(BUCKET, key, BUCKET, key + ".copy");
        assertEquals(
                Long.toUnsignedString(crc.getValue()),
                oss.getObjectMetadata(BUCKET, key + ".copy").getRawMetadata().get("x-oss-hash-crc64ecma"));
        oss.shutdown();
    }

    // ---- listings, batch delete, bucket -----------------------------------------------------------------

    @Test
    void listObjectsV1PagesWithMarkerAndDelimiter() {
        OSS oss = client(SignVersion.V1);
        String base = unique("");
        for (String k : List.of("a.txt", "b/1.txt", "b/2.txt", "c.txt", "d/1.txt")) {
            oss.putObject(BUCKET, base + k, new ByteArrayInputStream(k.getBytes()));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            ObjectListing l = oss.listObjects(new ListObjectsRequest(BUCKET, base, marker, "/", 2));
            l.getObjectSummaries().forEach(s -> seen.add(s.getKey().substring(base.length())));
            l.getCommonPrefixes().forEach(p -> seen.add(p.substring(base.length())));
            marker = l.isTruncated() ? l.getNextMarker() : null;
            pages++;
        } while (marker != null);
        assertEquals(
                List.of("a.txt", "b/", "c.txt", "d/"), seen.stream().sorted().toList());
        assertEquals(2, pages);
        ObjectListing all = oss.listObjects(new ListObjectsRequest(BUCKET, base, null, null, 100));
        assertEquals(5, all.getObjectSummaries().size());
        assertFalse(all.isTruncated());
        oss.shutdown();
    }

    @Test
    void deleteMultipleObjectsVerboseAndQuiet() {
        OSS oss = client(SignVersion.V4);
        String base = unique("");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(base + "k" + i + " ü");
            oss.putObject(BUCKET, keys.get(i), new ByteArrayInputStream(new byte[] {(byte) i}));
        }
        DeleteObjectsResult verbose = oss.deleteObjects(new DeleteObjectsRequest(BUCKET).withKeys(keys.subList(0, 2)));
        assertEquals(keys.subList(0, 2), verbose.getDeletedObjects());
        DeleteObjectsResult quiet = oss.deleteObjects(
                new DeleteObjectsRequest(BUCKET).withKeys(keys.subList(2, 4)).withQuiet(true));
        assertTrue(quiet.getDeletedObjects().isEmpty());
        keys.forEach(k -> assertFalse(oss.doesObjectExist(BUCKET, k), k));
        oss.shutdown();
    }

    @Test
    void bucketInfoAndLocationAnswerMinimally() {
        OSS oss = client(SignVersion.V4);
        BucketInfo info = oss.getBucketInfo(BUCKET);
        assertEquals(BUCKET, info.getBucket().getName());
        assertEquals(LocalOssServer.LOCATION, info.getBucket().getLocation());
        assertEquals(LocalOssServer.LOCATION, oss.getBucketLocation(BUCKET));
        OSSException e = assertThrows(OSSException.class, () -> oss.getBucketInfo("no-such-bucket"));
        assertEquals("NoSuchBucket", e.getErrorCode());
        oss.shutdown();
    }

    // ---- multipart ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(
            value = SignVersion.class,
            names = {"V1", "V4"})
    void multipartUploadCompletesWithOssEtagAndPartsStayOutOfListings(SignVersion version) throws Exception {
        OSS oss = client(version);
        String base = unique("");
        String key = base + "big video.mp4";
        byte[][] parts = {bytes(100 * 1024, 5), bytes(100 * 1024, 6), bytes(10, 7)};
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        List<PartETag> etags = new ArrayList<>();
        MessageDigest md5s = MessageDigest.getInstance("MD5");
        for (int i = 0; i < parts.length; i++) {
            UploadPartRequest p = new UploadPartRequest(
                    BUCKET, key, uploadId, i + 1, new ByteArrayInputStream(parts[i]), parts[i].length);
            UploadPartResult r = oss.uploadPart(p);
            etags.add(r.getPartETag());
            md5s.update(MessageDigest.getInstance("MD5").digest(parts[i]));
        }
        PartListing listed = oss.listParts(new ListPartsRequest(BUCKET, key, uploadId));
        assertEquals(3, listed.getParts().size());
        assertEquals(100 * 1024, listed.getParts().get(0).getSize());
        List<MultipartUpload> uploads = oss.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET))
                .getMultipartUploads();
        assertTrue(uploads.stream()
                .anyMatch(u -> u.getUploadId().equals(uploadId) && u.getKey().equals(key)));
        assertTrue(oss.listObjects(BUCKET, base).getObjectSummaries().isEmpty(), "parts are no objects");

        CompleteMultipartUploadResult done =
                oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
        String expected = HexFormat.of().withUpperCase().formatHex(md5s.digest()) + "-3";
        assertEquals(expected, done.getETag());
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            whole.write(p);
        }
        assertArrayEquals(whole.toByteArray(), read(oss, key));
        List<OSSObjectSummary> objects = oss.listObjects(BUCKET, base).getObjectSummaries();
        assertEquals(
                List.of(key), objects.stream().map(OSSObjectSummary::getKey).toList());
        assertFalse(oss.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads().stream()
                .anyMatch(u -> u.getUploadId().equals(uploadId)));
        OSSException gone =
                assertThrows(OSSException.class, () -> oss.listParts(new ListPartsRequest(BUCKET, key, uploadId)));
        assertEquals("NoSuchUpload", gone.getErrorCode());
        oss.shutdown();
    }

    @Test
    void multipartRefusesSmallPartsWrongEtagsAndAbortsCleanly() throws Exception {
        OSS oss = client(SignVersion.V4);
        String key = unique("parts.bin");
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        List<PartETag> etags = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            byte[] b = bytes(10, i);
            etags.add(oss.uploadPart(
                            new UploadPartRequest(BUCKET, key, uploadId, i, new ByteArrayInputStream(b), b.length))
                    .getPartETag());
        }
        OSSException small = assertThrows(
                OSSException.class,
                () -> oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags)));
        assertEquals("EntityTooSmall", small.getErrorCode());
        List<PartETag> wrong = List.of(new PartETag(1, "0123456789ABCDEF0123456789ABCDEF"));
        OSSException invalid = assertThrows(
                OSSException.class,
                () -> oss.completeMultipartUpload(
                        new CompleteMultipartUploadRequest(BUCKET, key, uploadId, new ArrayList<>(wrong))));
        assertEquals("InvalidPart", invalid.getErrorCode());
        assertFalse(oss.doesObjectExist(BUCKET, key));

        // UploadPartCopy of a range of an existing object, then completion
        String source = unique("source.bin");
        byte[] content = bytes(300 * 1024, 9);
        oss.putObject(BUCKET, source, new ByteArrayInputStream(content));
        UploadPartCopyRequest copy = new UploadPartCopyRequest(BUCKET, source, BUCKET, key);
        copy.setUploadId(uploadId);
        copy.setPartNumber(1);
        copy.setBeginIndex(1000L);
        copy.setPartSize(200L * 1024);
        PartETag copied = oss.uploadPartCopy(copy).getPartETag();
        List<PartETag> chosen = new ArrayList<>(List.of(copied, etags.get(1)));
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, chosen));
        byte[] stored = read(oss, key);
        assertArrayEquals(
                java.util.Arrays.copyOfRange(content, 1000, 1000 + 200 * 1024),
                java.util.Arrays.copyOfRange(stored, 0, 200 * 1024));

        String other = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        oss.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(BUCKET, key, other));
        assertFalse(Files.exists(dir.resolve(".uploads").resolve(other)), "an aborted upload leaves nothing");
        oss.shutdown();
    }

    @Test
    void aPartForAnUnknownUploadIsRefusedBeforeItsBodyIsSent() throws Exception {
        String key = unique("x.bin");
        String query = "?partNumber=1&uploadId=0123456789ABCDEF0123456789ABCDEF";
        Map<String, String> headers =
                new LinkedHashMap<>(RawHttp.signV1("PUT", "/" + BUCKET + "/" + key + query, Map.of(), KEY_ID, SECRET));
        headers.put("Content-Length", Integer.toString(200 * 1024));
        try (RawHttp raw = new RawHttp(server.endpoint())) {
            // the head alone: a server that waited for the body before looking up the upload would answer nothing
            raw.send(RawHttp.head("PUT", "/" + BUCKET + "/" + key + query, headers));
            RawHttp.Response r = raw.read();
            assertEquals(404, r.status());
            assertEquals("NoSuchUpload", r.code());
        }
    }

    // ---- CORS ---------------------------------------------------------------------------------------------

    @Test
    void corsPreflightAndAnswersForAllowedOriginsOnly() throws Exception {
        URL object = URI.create(server.endpoint() + "/" + BUCKET + "/any.mp4").toURL();
        HttpResponse<byte[]> ok = send(
                "OPTIONS",
                object,
                null,
                Map.of(
                        "Origin",
                        "http://localhost:5173",
                        "Access-Control-Request-Method",
                        "PUT",
                        "Access-Control-Request-Headers",
                        "content-type"));
        assertEquals(200, ok.statusCode());
        assertEquals(
                "http://localhost:5173",
                ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(ok.headers()
                .firstValue("Access-Control-Allow-Methods")
                .orElse("")
                .contains("PUT"));
        assertEquals(
                "content-type",
                ok.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        HttpResponse<byte[]> refused = send(
                "OPTIONS",
                object,
                null,
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
        assertEquals(403, refused.statusCode());
        assertEquals("AccessForbidden", code(refused));

        OSS oss = client(SignVersion.V4);
        String key = unique("play.mp4");
        oss.putObject(BUCKET, key, new ByteArrayInputStream(bytes(100, 1)));
        URL get = oss.generatePresignedUrl(BUCKET, key, new Date(System.currentTimeMillis() + 60_000));
        HttpResponse<byte[]> page =
                send("GET", get, null, Map.of("Origin", "http://127.0.0.1:8080", "Range", "bytes=0-9"));
        assertEquals(206, page.statusCode());
        assertEquals(
                "http://127.0.0.1:8080",
                page.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(page.headers()
                .firstValue("Access-Control-Expose-Headers")
                .orElse("")
                .contains("Content-Range"));
        HttpResponse<byte[]> foreign = send("GET", get, null, Map.of("Origin", "https://evil.example"));
        assertNull(foreign.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        oss.shutdown();
    }

    @Test
    void crc64CombinesAsTheSdkComputes() {
        byte[] a = bytes(1234, 1);
        byte[] b = bytes(98765, 2);
        Crc64 ca = new Crc64();
        ca.update(a, 0, a.length);
        Crc64 cb = new Crc64();
        cb.update(b, 0, b.length);
        CRC64 whole = new CRC64();
        whole.update(a, a.length);
        whole.update(b, b.length);
        assertEquals(whole.getValue(), Crc64.combine(ca.value(), cb.value(), b.length));
        CRC64 sdk = new CRC64();
        sdk.update(a, a.length);
        assertEquals(sdk.getValue(), ca.value());
        assertNotNull(ca.unsigned());
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
