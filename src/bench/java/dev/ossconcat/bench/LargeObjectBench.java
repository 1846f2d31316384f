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

/**
 * The large-object benchmark of BENCHMARKS.md, in two processes: {@code server DIR PORT} runs the embedded OSS server
 * alone (the script gives it {@code -Xmx256m}, so an object held in memory would fail it), and
 * {@code client ENDPOINT FILE PART_MB} uploads FILE with the SDK's multipart calls, then reads 64 MB from its middle
 * with a Range GET and compares them with the file, printing MB/s of each.
 */
public final class LargeObjectBench {

    static final String KEY_ID = "bench-key";
    static final String SECRET = "bench-secret";
    static final String BUCKET = "bench";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir.resolve(BUCKET));
            LocalOssServer server = new LocalOssServer(Vertx.vertx(), dir, Map.of(KEY_ID, SECRET), Clock.systemUTC());
            System.out.println(server.start("127.0.0.1", Integer.parseInt(args[2])));
            Thread.currentThread().join();
        } else {
            client(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
        }
    }

    static void client(String endpoint, Path file, int partMb) throws Exception {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(SignVersion.V4);
        c.setMaxErrorRetry(0);
        c.setSocketTimeout(600_000);
        OSS oss = OSSClientBuilder.create()
                .endpoint(endpoint)
                .region("cn-hangzhou")
                .credentialsProvider(new DefaultCredentialProvider(KEY_ID, SECRET))
                .clientConfiguration(c)
                .build();
        long size = Files.size(file);
        long partSize = partMb * 1024L * 1024;
        String key = "large/" + file.getFileName();
        long start = System.nanoTime();
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
        oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
        double uploadSeconds = (System.nanoTime() - start) / 1e9;

        long rangeLength = Math.min(64L * 1024 * 1024, size);
        long first = size / 2 - rangeLength / 2;
        GetObjectRequest g = new GetObjectRequest(BUCKET, key);
        g.setRange(first, first + rangeLength - 1);
        start = System.nanoTime();
        byte[] got;
        try (InputStream in = oss.getObject(g).getObjectContent()) {
            got = in.readAllBytes();
        }
        double rangeSeconds = (System.nanoTime() - start) / 1e9;
        byte[] expected = new byte[(int) rangeLength];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(first);
            raf.readFully(expected);
        }
        if (!Arrays.equals(expected, got)) {
            throw new IllegalStateException("the ranged read differs from the file");
        }
        double mb = size / 1048576.0;
        System.out.printf(
                "upload %d parts of %d MB: %.1f MB in %.1f s = %.0f MB/s; range GET of %d MB from the middle: "
                        + "%.0f MB/s, bytes identical%n",
                etags.size(),
                partMb,
                mb,
                uploadSeconds,
                mb / uploadSeconds,
                rangeLength / 1048576,
                rangeLength / 1048576.0 / rangeSeconds);
        oss.shutdown();
    }
}
