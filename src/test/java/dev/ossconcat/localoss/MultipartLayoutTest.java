package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a multipart upload's bytes lie on the embedded server, seen through aliyun-sdk-oss over real HTTP: parts of
 * one size (all but the last), sent in order, out of order or at once, become the object without a second copy (the
 * completed object is the very file they were written into), and every other way of sending parts (sizes that do not
 * fit, again, cut off, across a restart, completed with fewer parts or refused once) still gives exactly the bytes of
 * the parts chosen, in their order.
 */
class MultipartLayoutTest {

    static final String KEY_ID = "layout-key";
    static final String SECRET = "layout-secret";
    static final String BUCKET = "layout";
    static final int PART = 128 * 1024;

    @TempDir
    Path dir;

    Vertx vertx;
    LocalOssServer server;
    OSS oss;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        Files.createDirectories(dir.resolve(BUCKET));
        startServer();
    }

    private void startServer() {
        server = new LocalOssServer(vertx, dir, Map.of(KEY_ID, SECRET), Clock.systemUTC());
        server.start("127.0.0.1", 0);
        oss = OssClients.of(server.endpoint(), KEY_ID, SECRET, SignVersion.V4);
    }

    private void stopServer() {
        oss.shutdown();
        server.stop();
    }

    @AfterEach
    void stop() throws Exception {
        stopServer();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void partsSentInOrderBecomeTheObjectWithoutACopy() throws Exception {
        String key = "in-order.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 1), bytes(PART, 2), bytes(1000, 3)};
        List<PartETag> etags = uploadInOrder(key, id, parts);
        assertEquals(2 * PART + 1000, Files.size(data(id)), "the parts lie one after the other");

        assertLinked(key, id, etags);
        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void aShortLastPartSentFirstIsAddedAtCompletion() throws Exception {
        String key = "short-last-first.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 11), bytes(PART, 12), bytes(900, 13)};
        PartETag third = upload(key, id, 3, parts[2]); // too short to give the stride: a file of its own
        PartETag second = upload(key, id, 2, parts[1]);
        PartETag first = upload(key, id, 1, parts[0]);

        assertLinked(key, id, List.of(first, second, third));
        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void partsOfOneSizeOutOfOrderAreLinked() throws Exception {
        String key = "out-of-order-linked.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 14), bytes(PART, 15), bytes(900, 16)};
        PartETag second = upload(key, id, 2, parts[1]);
        PartETag third = upload(key, id, 3, parts[2]);
        PartETag first = upload(key, id, 1, parts[0]);

        assertLinked(key, id, List.of(first, second, third));
        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void aPartSentAgainReplacesThePlacedOne() throws Exception {
        String key = "again.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 21), bytes(PART, 22), bytes(500, 23)};
        List<PartETag> etags = uploadInOrder(key, id, parts);
        byte[] newFirst = bytes(PART + 4096, 24); // another size too: the later parts must not shift
        byte[] newSecond = bytes(PART, 25);
        etags.set(0, upload(key, id, 1, newFirst));
        etags.set(1, upload(key, id, 2, newSecond));

        complete(key, id, etags);

        assertObject(key, concat(newFirst, newSecond, parts[2]));
        assertUploadsLeaveNothing();
    }

    @Test
    void completingWithFewerPartsThanPlacedTakesOnlyThoseChosen() throws Exception {
        String key = "fewer.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 31), bytes(PART, 32), bytes(PART, 33)};
        List<PartETag> etags = uploadInOrder(key, id, parts);

        complete(key, id, List.of(etags.get(0), etags.get(1)));

        assertObject(key, concat(parts[0], parts[1]));
        assertUploadsLeaveNothing();
    }

    @Test
    void partsOfDifferentSizesSentAtOnceAreJoinedInTheirOrder() throws Exception {
        String key = "at-once.bin";
        String id = initiate(key);
        byte[][] parts = parts(6, i -> PART + i * 1000, 40);
        complete(key, id, uploadAtOnce(key, id, parts));

        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void partsOfOneSizeSentAtOnceAreLinked() throws Exception {
        String key = "at-once-linked.bin";
        String id = initiate(key);
        byte[][] parts = parts(6, i -> i == 5 ? 5000 : PART, 80);
        List<PartETag> etags = uploadAtOnce(key, id, parts);

        assertLinked(key, id, etags);
        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void aPartCutOffMidwayLeavesNothingAndTheNextTakesItsPlace() throws Exception {
        String key = "cut-off.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 51), bytes(PART, 52), bytes(700, 53)};
        PartETag first = upload(key, id, 1, parts[0]);
        PartETag second = upload(key, id, 2, parts[1]);
        Path data = data(id);
        try (RawHttp raw = partHead(key, id, 3, PART)) {
            raw.send(bytes(PART / 2, 50));
            await(() -> Files.size(data) > 2L * PART, "the half part is being written");
            raw.abort();
        }
        await(() -> Files.size(data) == 2L * PART, "what the broken part wrote is cut off, the parts before kept");

        assertLinked(key, id, List.of(first, second, upload(key, id, 3, parts[2])));
        assertObject(key, concat(parts));
    }

    @Test
    void anUploadAbortedWhileAPartIsWrittenLeavesNothing() throws Exception {
        String key = "aborted.bin";
        String id = initiate(key);
        upload(key, id, 1, bytes(PART, 54));
        Path data = data(id);
        try (RawHttp raw = partHead(key, id, 2, PART)) {
            raw.send(bytes(PART / 2, 55));
            await(() -> Files.size(data) > PART, "the half part is being written");
            oss.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(BUCKET, key, id));
            raw.send(bytes(PART - PART / 2, 56));
            RawHttp.Response r = raw.read();
            assertEquals(404, r.status());
            assertEquals("NoSuchUpload", r.code());
        }
        assertUploadsLeaveNothing();
    }

    @Test
    void aCompletionRefusedOnceCanBeTriedAgain() throws Exception {
        String key = "refused.bin";
        oss.putObject(BUCKET, key, new ByteArrayInputStream(bytes(10, 60)));
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 61), bytes(PART, 62), bytes(800, 63)};
        PartETag third = upload(key, id, 3, parts[2]); // short and first: added to the data file at completion
        List<PartETag> etags =
                new ArrayList<>(List.of(upload(key, id, 1, parts[0]), upload(key, id, 2, parts[1]), third));
        CompleteMultipartUploadRequest forbidden = new CompleteMultipartUploadRequest(BUCKET, key, id, etags);
        forbidden.addHeader("x-oss-forbid-overwrite", "true");

        OSSException refused = assertThrows(OSSException.class, () -> oss.completeMultipartUpload(forbidden));
        assertEquals("FileAlreadyExists", refused.getErrorCode());
        assertArrayEquals(bytes(10, 60), read(key), "the object is untouched");

        complete(key, id, etags);
        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    @Test
    void anUploadBegunBeforeARestartIsCompletedExactly() throws Exception {
        String key = "restart.bin";
        String id = initiate(key);
        byte[][] parts = {bytes(PART, 71), bytes(PART, 72), bytes(PART, 73)};
        List<PartETag> etags = new ArrayList<>(List.of(upload(key, id, 1, parts[0])));

        stopServer();
        startServer();
        etags.add(upload(key, id, 2, parts[1]));
        etags.add(upload(key, id, 3, parts[2]));
        complete(key, id, etags);

        assertObject(key, concat(parts));
        assertUploadsLeaveNothing();
    }

    interface Condition {
        boolean holds() throws IOException;
    }

    /** Waits for what the server does after a connection is lost; the bound only guards against a hang. */
    static void await(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A raw connection that has sent the head of an UploadPart declaring {@code length} bytes, and no body yet. */
    private RawHttp partHead(String key, String id, int number, int length) throws IOException {
        String target = "/" + BUCKET + "/" + key + "?partNumber=" + number + "&uploadId=" + id;
        Map<String, String> headers = new LinkedHashMap<>(RawHttp.signV1("PUT", target, Map.of(), KEY_ID, SECRET));
        headers.put("Content-Length", Integer.toString(length));
        RawHttp raw = new RawHttp(server.endpoint());
        raw.send(RawHttp.head("PUT", target, headers));
        return raw;
    }

    private String initiate(String key) {
        return oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
    }

    private List<PartETag> uploadInOrder(String key, String id, byte[][] parts) {
        List<PartETag> etags = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            etags.add(upload(key, id, i + 1, parts[i]));
        }
        return etags;
    }

    /** Sends every part at once, the last first, each from its own thread; their ETags in part order. */
    private List<PartETag> uploadAtOnce(String key, String id, byte[][] parts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parts.length);
        try {
            List<Future<PartETag>> sent = new ArrayList<>();
            for (int i = parts.length - 1; i >= 0; i--) {
                int number = i + 1;
                byte[] b = parts[i];
                sent.add(0, pool.submit(() -> upload(key, id, number, b)));
            }
            List<PartETag> etags = new ArrayList<>();
            for (Future<PartETag> f : sent) {
                etags.add(f.get(60, TimeUnit.SECONDS));
            }
            return etags;
        } finally {
            pool.shutdownNow();
        }
    }

    private Path data(String id) {
        return dir.resolve(".uploads").resolve(id).resolve("data");
    }

    /** Completes the upload and checks that the object is the data file itself: linked, not copied. */
    private void assertLinked(String key, String id, List<PartETag> etags) throws IOException {
        Object inode = Files.getAttribute(data(id), "unix:ino");
        complete(key, id, etags);
        assertEquals(inode, Files.getAttribute(dir.resolve(BUCKET).resolve(key), "unix:ino"), "linked, not copied");
    }

    private void complete(String key, String id, List<PartETag> etags) {
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(etags)));
    }

    private PartETag upload(String key, String id, int number, byte[] b) {
        return oss.uploadPart(new UploadPartRequest(BUCKET, key, id, number, new ByteArrayInputStream(b), b.length))
                .getPartETag();
    }

    /** The object's bytes, and the CRC-64 the server reports for them is theirs (the SDK computes it here). */
    private void assertObject(String key, byte[] expected) throws IOException {
        assertArrayEquals(expected, read(key));
        ObjectMetadata meta = oss.getObjectMetadata(BUCKET, key);
        CRC64 crc = new CRC64();
        crc.update(expected, expected.length);
        assertEquals(crc.getValue(), meta.getServerCRC());
        assertEquals(expected.length, meta.getContentLength());
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = oss.getObject(BUCKET, key).getObjectContent()) {
            return in.readAllBytes();
        }
    }

    private void assertUploadsLeaveNothing() throws IOException {
        try (Stream<Path> left = Files.list(dir.resolve(".uploads"))) {
            assertEquals(List.of(), left.toList(), "a completed upload leaves nothing");
        }
        try (Stream<Path> temps = Files.walk(dir.resolve(".tmp"))) {
            List<Path> files = temps.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            assertEquals(List.of(), files, "no temporary file is left");
        }
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** {@code n} parts of random bytes, part {@code i} (from 0) of {@code size(i)} bytes. */
    static byte[][] parts(int n, java.util.function.IntUnaryOperator size, long seed) {
        byte[][] parts = new byte[n][];
        for (int i = 0; i < n; i++) {
            parts[i] = bytes(size.applyAsInt(i), seed + i);
        }
        return parts;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
