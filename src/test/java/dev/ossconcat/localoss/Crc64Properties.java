package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The table-driven CRC-64 ({@link Crc64}, sixteen bytes per step) against the definition computed a bit at a time,
 * and against the eight-bytes-per-step version it replaced, over random buffers, offsets, lengths and splits: the
 * SDK checks every upload's CRC against its own, so one wrong bit fails every write.
 */
class Crc64Properties {

    private static final long POLY = 0xC96C5795D7870F42L;

    /** The definition: reflected CRC-64/ECMA-182, initial and final value all ones, one bit at a time. */
    private static long bitwise(byte[] b, int off, int len) {
        long crc = ~0L;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xffL;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
        }
        return ~crc;
    }

    /** The implementation before slicing by sixteen (slicing by eight, bytes assembled one by one). */
    private static final long[][] BY8 = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            BY8[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = BY8[0][n];
            for (int k = 1; k < 8; k++) {
                crc = BY8[0][(int) (crc & 0xff)] ^ (crc >>> 8);
                BY8[k][n] = crc;
            }
        }
    }

    private static long slicingBy8(byte[] b, int off, int len) {
        long crc = ~0L;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            for (int k = 0; k < 8; k++) {
                crc ^= (b[i + k] & 0xffL) << (8 * k);
            }
            long c = crc;
            crc = 0;
            for (int k = 0; k < 8; k++) {
                crc ^= BY8[7 - k][(int) ((c >>> (8 * k)) & 0xff)];
            }
            i += 8;
        }
        while (i < end) {
            crc = BY8[0][(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            i++;
        }
        return ~crc;
    }

    @Example
    void theStandardCheckValue() {
        Crc64 crc = new Crc64();
        byte[] nine = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(nine, 0, nine.length);
        // CRC-64/XZ's check value for "123456789"
        assertEquals(0x995DC9BBDF1939FAL, crc.value());
        assertEquals(Long.toUnsignedString(0x995DC9BBDF1939FAL), crc.unsigned());
    }

    @Property(tries = 400)
    void anySliceInAnyPiecesMatchesTheDefinitionAndTheOldTable(
            @ForAll @Size(max = 600) byte[] bytes,
            @ForAll @IntRange(max = 600) int from,
            @ForAll @IntRange(max = 600) int to,
            @ForAll @IntRange(max = 600) int split) {
        int off = Math.min(from, bytes.length);
        int len = Math.min(to, bytes.length - off);
        int first = Math.min(split, len);
        Crc64 crc = new Crc64();
        crc.update(bytes, off, first);
        crc.update(bytes, off + first, len - first);
        assertEquals(bitwise(bytes, off, len), crc.value());
        assertEquals(slicingBy8(bytes, off, len), crc.value());
    }

    @Property(tries = 200)
    void combineGivesTheCrcOfTheConcatenation(@ForAll @Size(max = 300) byte[] a, @ForAll @Size(max = 300) byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals(
                bitwise(both, 0, both.length),
                Crc64.combine(bitwise(a, 0, a.length), bitwise(b, 0, b.length), b.length));
    }

    /** The digest of an upload is fed the chunks' buffers as they arrive; read-only and direct ones included. */
    @Property(tries = 200)
    void theDigestOfBuffersInPiecesIsThatOfTheWhole(
            @ForAll @Size(max = 2000) byte[] bytes, @ForAll @IntRange(min = 1, max = 700) int piece) throws Exception {
        Digester d = new Digester();
        for (int i = 0, n = 0; i < bytes.length; i += piece, n++) {
            int len = Math.min(piece, bytes.length - i);
            ByteBuffer b = switch (n % 3) {
                case 0 -> ByteBuffer.wrap(bytes, i, len);
                case 1 -> ByteBuffer.wrap(bytes, i, len).asReadOnlyBuffer();
                default -> ByteBuffer.allocateDirect(len).put(bytes, i, len).flip();
            };
            int position = b.position();
            d.update(b);
            assertEquals(position, b.position());
        }
        ObjectStore.Digest digest = d.digest();
        assertEquals(
                HexFormat.of()
                        .withUpperCase()
                        .formatHex(MessageDigest.getInstance("MD5").digest(bytes)),
                digest.md5());
        assertEquals(Long.toUnsignedString(bitwise(bytes, 0, bytes.length)), digest.crc64());
    }
}
