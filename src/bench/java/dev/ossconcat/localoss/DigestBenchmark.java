package dev.ossconcat.localoss;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each uploaded byte costs the embedded server's hashes on one core, the bound on how fast one upload can be
 * answered: the ETag's MD5 (sequential by nature: one stream cannot be split across cores), the CRC-64 the server
 * reports, and, for comparison, the SDK's CRC-64 that its client computes over the same bytes. One 64 KB chunk per
 * operation, the size the server's HTTP decoder hands over; MB/s = operations/s / 16. Run with the command in
 * BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DigestBenchmark {

    static final int CHUNK = 64 * 1024;

    private byte[] chunk;
    private MessageDigest md5;
    private Crc64 crc;
    private com.aliyun.oss.common.utils.CRC64 sdkCrc;

    @Setup
    public void setUp() throws Exception {
        chunk = new byte[CHUNK];
        new Random(1).nextBytes(chunk);
        md5 = MessageDigest.getInstance("MD5");
        crc = new Crc64();
        sdkCrc = new com.aliyun.oss.common.utils.CRC64();
    }

    @Benchmark
    public MessageDigest md5() {
        md5.update(chunk, 0, CHUNK);
        return md5;
    }

    @Benchmark
    public long crc64() {
        crc.update(chunk, 0, CHUNK);
        return crc.value();
    }

    @Benchmark
    public long sdkCrc64() {
        sdkCrc.update(chunk, CHUNK);
        return sdkCrc.getValue();
    }
}
