package dev.ossconcat.bench;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import dev.ossconcat.localoss.LocalOssServer;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The large-object benchmark of BENCHMARKS.md, in two processes: {@code server DIR PORT} runs the embedded OSS server
 * alone (the script gives it {@code -Xmx256m}, so an object held in memory would fail it), and
 * {@code client ENDPOINT FILE PART_MB CRC} sends FILE through aliyun-sdk-oss, with its CRC-64 check {@code on} or
 * {@code off}: a single PutObject, a multipart upload (parts one at a time), a GetObject of the whole object into a
 * file next to FILE, and a Range GET of 64 MB from its middle. Each read is compared with FILE byte for byte, outside
 * the timed span, after an untimed warm-up. One line per operation: its name, MB, seconds, MB/s.
 */
public final class LargeObjectBench {

    static final String KEY_ID = "bench-key";
    static final String SECRET = "bench-secret";
    static final String BUCKET = "bench";
    private static final double MB = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        quietLogging();
        if (args[0].equals("server")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir.resolve(BUCKET));
            LocalOssServer server = new LocalOssServer(Vertx.vertx(), dir, Map.of(KEY_ID, SECRET), Clock.systemUTC());
            System.out.println(server.start("127.0.0.1", Integer.parseInt(args[2])));
            Thread.currentThread().join();
        } else {
            client(args[1], Path.of(args[2]), Integer.parseInt(args[3]), args[4].equals("on"));
        }
    }

    /**
     * These JVMs run outside Quarkus, on a class path that installs JBoss LogManager unconfigured, whose root level
     * is ALL. Apache HttpClient then formats every byte on the wire as a DEBUG line that no handler prints: that
     * per-byte work was most of the client's CPU time, and the first runs of this benchmark measured it. An
     * application configures its logging (Quarkus at INFO), so the benchmark does too. JBoss LogManager is installed
     * first, as it would be later anyway, so that it does not complain about the JDK's being used before it.
     */
    private static void quietLogging() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Logger.getLogger("").setLevel(Level.INFO);
    }

    static void client(String endpoint, Path file, int partMb, boolean crc) throws Exception {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(SignVersion.V4);
        c.setMaxErrorRetry(0);
        c.setSocketTimeout(600_000);
        c.setCrcCheckEnabled(crc);
        OSS oss = OSSClientBuilder.create()
                .endpoint(endpoint)
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(KEY_ID, SECRET))
                .clientConfiguration(c)
                .build();
        warmUp(oss);
        long size = Files.size(file);
        String label = "crc " + (crc ? "on " : "off");

        String putKey = "large/put-" + file.getFileName();
        long start = System.nanoTime();
        oss.putObject(BUCKET, putKey, file.toFile());
        report(label, "PutObject", size, start);
        oss.deleteObject(BUCKET, putKey);

        String key = "large/" + file.getFileName();
        long partSize = partMb * 1024L * 1024;
        start = System.nanoTime();
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        List<PartETag> etags = new ArrayList<>();
        int number = 1;
        for (long offset = 0; offset < size; offset += partSize, number++) {
            long length = Math.min(partSize, size - offset);
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                etags.add(oss.uploadPart(new UploadPartRequest(BUCKET, key, uploadId, number, in, length))
                        .getPartETag());
            }
        }
        long complete = System.nanoTime();
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
        report(label, "multipart " + etags.size() + " x " + partMb + " MB", size, start);
        report(label, "  of which CompleteMultipartUpload", 0, complete);

        Path copy = file.resolveSibling("get.bin");
        start = System.nanoTime();
        oss.getObject(new GetObjectRequest(BUCKET, key), copy.toFile());
        report(label, "GetObject, whole, into a file", size, start);
        if (Files.mismatch(file, copy) != -1) {
            throw new IllegalStateException("the object read back differs from the file");
        }
        Files.delete(copy);

        long rangeLength = Math.min(64L * 1024 * 1024, size);
        long first = size / 2 - rangeLength / 2;
        GetObjectRequest g = new GetObjectRequest(BUCKET, key);
        g.setRange(first, first + rangeLength - 1);
        start = System.nanoTime();
        byte[] got;
        try (InputStream in = oss.getObject(g).getObjectContent()) {
            got = in.readAllBytes();
        }
        report(label, "Range GET from the middle, into memory", rangeLength, start);
        byte[] expected = new byte[(int) rangeLength];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(first);
            raf.readFully(expected);
        }
        if (!Arrays.equals(expected, got)) {
            throw new IllegalStateException("the ranged read differs from the file");
        }
        oss.deleteObject(BUCKET, key);
        oss.shutdown();
    }

    /** Both JVMs compile their hot paths during the first transfers; these are not timed. */
    private static void warmUp(OSS oss) throws Exception {
        byte[] bytes = new byte[32 * 1024 * 1024];
        for (int i = 0; i < 3; i++) {
            oss.putObject(BUCKET, "warm-up", new java.io.ByteArrayInputStream(bytes));
            try (InputStream in = oss.getObject(BUCKET, "warm-up").getObjectContent()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        oss.deleteObject(BUCKET, "warm-up");
    }

    private static void report(String label, String operation, long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(
                "%s | %-40s | %6.0f MB | %6.2f s | %s%n",
                label,
                operation,
                bytes / MB,
                seconds,
                bytes == 0 ? "" : String.format("%.0f MB/s", bytes / MB / seconds));
    }
}
