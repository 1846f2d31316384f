package dev.ossconcat.bench;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import dev.ossconcat.localoss.LocalOssServer;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * {@code client ENDPOINT FILE PART_MB MODE} sends FILE through aliyun-sdk-oss, with its CRC-64 check {@code on} or
 * {@code off}, or ({@code raw}) through presigned URLs with a client that sends with {@code sendfile}: a single
 * PutObject, a multipart upload (parts one at a time), a GetObject of the whole object into a file next to FILE, and a
 * Range GET of 64 MB from its middle. Each read is compared with FILE byte for byte, outside the timed span, after an
 * untimed warm-up. One line per operation: its name, MB, seconds and MB/s until the answer, and until the
 * operation's writes were on the disk (a {@code sync} after it; one before it, untimed, writes back earlier work).
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
            client(args[1], Path.of(args[2]), Integer.parseInt(args[3]), args[4]);
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

    static void client(String endpoint, Path file, int partMb, String mode) throws Exception {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(SignVersion.V4);
        c.setMaxErrorRetry(0);
        c.setSocketTimeout(600_000);
        c.setCrcCheckEnabled(mode.equals("on"));
        OSS oss = OSSClientBuilder.create()
                .endpoint(endpoint)
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(KEY_ID, SECRET))
                .clientConfiguration(c)
                .build();
        warmUp(oss);
        Transfer t = mode.equals("raw") ? new RawTransfer(oss, URI.create(endpoint)) : new SdkTransfer(oss);
        long size = Files.size(file);
        String label = switch (mode) {
            case "on" -> "sdk, crc on ";
            case "off" -> "sdk, crc off";
            default -> "sendfile    ";
        };

        String putKey = "large/put-" + file.getFileName();
        settle();
        long start = System.nanoTime();
        t.put(putKey, file);
        report(label, "PutObject", size, start, System.nanoTime());
        oss.deleteObject(BUCKET, putKey);

        String key = "large/" + file.getFileName();
        long partSize = partMb * 1024L * 1024;
        settle();
        start = System.nanoTime();
        String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key))
                .getUploadId();
        List<PartETag> etags = new ArrayList<>();
        int number = 1;
        for (long offset = 0; offset < size; offset += partSize, number++) {
            etags.add(t.part(key, uploadId, number, file, offset, Math.min(partSize, size - offset)));
        }
        long complete = System.nanoTime();
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
        long done = System.nanoTime();
        report(label, "multipart " + etags.size() + " x " + partMb + " MB", size, start, done);
        report(label, "  of which CompleteMultipartUpload", 0, complete, done);

        Path copy = file.resolveSibling("get.bin");
        settle();
        start = System.nanoTime();
        t.get(key, copy);
        report(label, "GetObject, whole, into a file", size, start, System.nanoTime());
        if (Files.mismatch(file, copy) != -1) {
            throw new IllegalStateException("the object read back differs from the file");
        }
        Files.delete(copy);

        long rangeLength = Math.min(64L * 1024 * 1024, size);
        long first = size / 2 - rangeLength / 2;
        start = System.nanoTime();
        byte[] got = t.range(key, first, rangeLength);
        report(label, "Range GET from the middle, into memory", rangeLength, start, System.nanoTime());
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

    /**
     * Writes back what the page cache holds before a timed operation, so that one operation does not pay for the
     * previous one's writes, and reports how long the writes of the operation just timed took to reach the disk
     * when called after it ({@link #report} does).
     */
    private static double settle() throws Exception {
        long start = System.nanoTime();
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (sync.waitFor() != 0) {
            throw new IllegalStateException("sync failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The four transfers, by aliyun-sdk-oss or by a client that costs next to nothing per byte. */
    interface Transfer {
        void put(String key, Path file) throws Exception;

        PartETag part(String key, String uploadId, int number, Path file, long offset, long length) throws Exception;

        void get(String key, Path into) throws Exception;

        byte[] range(String key, long first, long length) throws Exception;
    }

    record SdkTransfer(OSS oss) implements Transfer {
        @Override
        public void put(String key, Path file) {
            oss.putObject(BUCKET, key, file.toFile());
        }

        @Override
        public PartETag part(String key, String uploadId, int number, Path file, long offset, long length)
                throws Exception {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(offset);
                return oss.uploadPart(new UploadPartRequest(BUCKET, key, uploadId, number, in, length))
                        .getPartETag();
            }
        }

        @Override
        public void get(String key, Path into) {
            oss.getObject(new GetObjectRequest(BUCKET, key), into.toFile());
        }

        @Override
        public byte[] range(String key, long first, long length) throws Exception {
            GetObjectRequest g = new GetObjectRequest(BUCKET, key);
            g.setRange(first, first + length - 1);
            try (InputStream in = oss.getObject(g).getObjectContent()) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * HTTP/1.1 by hand over a socket, with URLs the SDK presigns: bodies go out with {@code sendfile}
     * ({@link FileChannel#transferTo}) and come in through one direct buffer, so that nearly all of the two cores is
     * left to the server. It shows what the server does when its client costs little, as a client on another
     * machine would; the SDK rows show what a Java application on the same machine gets.
     */
    record RawTransfer(OSS oss, URI endpoint) implements Transfer {
        @Override
        public void put(String key, Path file) throws Exception {
            send(presign(key, HttpMethod.PUT, Map.of()), file, 0, Files.size(file), null);
        }

        @Override
        public PartETag part(String key, String uploadId, int number, Path file, long offset, long length)
                throws Exception {
            Map<String, String> headers = send(
                    presign(key, HttpMethod.PUT, Map.of("partNumber", Integer.toString(number), "uploadId", uploadId)),
                    file,
                    offset,
                    length,
                    null);
            return new PartETag(number, headers.get("etag").replace("\"", ""));
        }

        @Override
        public void get(String key, Path into) throws Exception {
            try (FileChannel out = FileChannel.open(
                    into, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                send(presign(key, HttpMethod.GET, Map.of()), null, 0, 0, out);
            }
        }

        @Override
        public byte[] range(String key, long first, long length) throws Exception {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream((int) length);
            try (java.nio.channels.WritableByteChannel out = java.nio.channels.Channels.newChannel(bytes)) {
                send(presign(key, HttpMethod.GET, Map.of()), null, first, length, out);
            }
            return bytes.toByteArray();
        }

        private URL presign(String key, HttpMethod method, Map<String, String> query) {
            GeneratePresignedUrlRequest r = new GeneratePresignedUrlRequest(BUCKET, key, method);
            r.setExpiration(new java.util.Date(System.currentTimeMillis() + 3_600_000));
            query.forEach(r::addQueryParameter);
            return oss.generatePresignedUrl(r);
        }

        /**
         * One request: a PUT whose body is {@code length} bytes of {@code file} from {@code offset}, or a GET (of
         * that range when {@code length} > 0) whose body goes to {@code into}. Returns the answer's headers.
         */
        private Map<String, String> send(
                URL url, Path file, long offset, long length, java.nio.channels.WritableByteChannel into)
                throws Exception {
            try (SocketChannel socket =
                    SocketChannel.open(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()))) {
                StringBuilder head = new StringBuilder(file != null ? "PUT " : "GET ")
                        .append(url.getFile())
                        .append(" HTTP/1.1\r\nHost: ")
                        .append(url.getAuthority())
                        .append("\r\n");
                if (file != null) {
                    head.append("Content-Length: ").append(length).append("\r\n");
                } else if (length > 0) {
                    head.append("Range: bytes=")
                            .append(offset)
                            .append('-')
                            .append(offset + length - 1)
                            .append("\r\n");
                }
                write(socket, ByteBuffer.wrap(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII)));
                if (file != null) {
                    try (FileChannel in = FileChannel.open(file)) {
                        for (long done = 0; done < length; ) {
                            done += in.transferTo(offset + done, length - done, socket);
                        }
                    }
                }
                ByteBuffer buffer = ByteBuffer.allocateDirect(1024 * 1024);
                Map<String, String> headers = readHead(socket, buffer);
                int status = Integer.parseInt(headers.get(":status"));
                long bodyLength = Long.parseLong(headers.getOrDefault("content-length", "0"));
                if (status / 100 != 2) {
                    throw new IllegalStateException("HTTP " + status + " for " + url.getPath());
                }
                long left = bodyLength;
                while (left > 0) {
                    if (!buffer.hasRemaining()) {
                        buffer.clear();
                        if (socket.read(buffer) < 0) {
                            throw new java.io.EOFException("the body ended early");
                        }
                        buffer.flip();
                    }
                    int n = (int) Math.min(left, buffer.remaining());
                    ByteBuffer piece = buffer.duplicate().limit(buffer.position() + n);
                    if (into != null) {
                        while (piece.hasRemaining()) {
                            into.write(piece);
                        }
                    }
                    buffer.position(buffer.position() + n);
                    left -= n;
                }
                return headers;
            }
        }

        private static void write(SocketChannel socket, ByteBuffer b) throws java.io.IOException {
            while (b.hasRemaining()) {
                socket.write(b);
            }
        }

        /** Reads up to the end of the answer's head; leaves the buffer at the body's first bytes. */
        private static Map<String, String> readHead(SocketChannel socket, ByteBuffer buffer) throws Exception {
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            buffer.clear().flip();
            int matched = 0;
            while (matched < 4) {
                if (!buffer.hasRemaining()) {
                    buffer.clear();
                    if (socket.read(buffer) < 0) {
                        throw new java.io.EOFException("no answer");
                    }
                    buffer.flip();
                }
                byte b = buffer.get();
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            headers.put(":status", lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return headers;
        }
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

    /**
     * One line: the operation's time until its answer, and until its writes were on the disk ({@code sync} right
     * after; an operation that writes nothing here has both alike up to the cost of an empty sync).
     */
    private static void report(String label, String operation, long bytes, long startNanos, long endNanos)
            throws Exception {
        double seconds = (endNanos - startNanos) / 1e9;
        double onDisk = seconds + (bytes == 0 ? 0 : settle());
        System.out.printf(
                "%s | %-40s | %6.0f MB | %6.2f s | %s | on disk %6.2f s | %s%n",
                label,
                operation,
                bytes / MB,
                seconds,
                bytes == 0 ? "        " : String.format("%4.0f MB/s", bytes / MB / seconds),
                onDisk,
                bytes == 0 ? "" : String.format("%4.0f MB/s", bytes / MB / onDisk));
    }
}
