package dev.ossconcat.localoss;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64/ECMA-182 as OSS computes {@code x-oss-hash-crc64ecma} (reflected, initial and final value all ones: the
 * CRC-64/XZ variant). The SDK checks it against its own after every write, so it must be exact. {@link #combine}
 * gives the CRC of a concatenation from the CRCs of its pieces, so that a completed multipart object needs no second
 * pass over its bytes.
 */
final class Crc64 {

    private static final long POLY = 0xC96C5795D7870F42L;
    /**
     * {@code TABLE[k][n]}: the CRC of byte {@code n} followed by {@code k} zero bytes, so that sixteen bytes are
     * folded in with sixteen independent look-ups instead of sixteen dependent steps.
     */
    private static final long[][] TABLE = new long[16][256];
    /** Reads eight bytes as one little-endian long: one load instead of eight loads, shifts and ors. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = TABLE[0][n];
            for (int k = 1; k < TABLE.length; k++) {
                crc = TABLE[0][(int) (crc & 0xff)] ^ (crc >>> 8);
                TABLE[k][n] = crc;
            }
        }
    }

    private long value;

    /** The CRC so far, as OSS writes it: an unsigned decimal. */
    String unsigned() {
        return Long.toUnsignedString(value);
    }

    long value() {
        return value;
    }

    /**
     * Slicing by sixteen: a byte-at-a-time loop (one dependent table look-up per byte) would make the CRC, not the
     * disk, the limit of an upload; sixteen independent look-ups per sixteen bytes let the CPU overlap them.
     */
    void update(byte[] b, int off, int len) {
        long crc = ~value;
        int i = off;
        int end = off + len;
        long[] t0 = TABLE[0], t1 = TABLE[1], t2 = TABLE[2], t3 = TABLE[3];
        long[] t4 = TABLE[4], t5 = TABLE[5], t6 = TABLE[6], t7 = TABLE[7];
        long[] t8 = TABLE[8], t9 = TABLE[9], t10 = TABLE[10], t11 = TABLE[11];
        long[] t12 = TABLE[12], t13 = TABLE[13], t14 = TABLE[14], t15 = TABLE[15];
        while (end - i >= 16) {
            long lo = crc ^ (long) LONGS.get(b, i);
            long hi = (long) LONGS.get(b, i + 8);
            crc = t15[(int) (lo & 0xff)]
                    ^ t14[(int) ((lo >>> 8) & 0xff)]
                    ^ t13[(int) ((lo >>> 16) & 0xff)]
                    ^ t12[(int) ((lo >>> 24) & 0xff)]
                    ^ t11[(int) ((lo >>> 32) & 0xff)]
                    ^ t10[(int) ((lo >>> 40) & 0xff)]
                    ^ t9[(int) ((lo >>> 48) & 0xff)]
                    ^ t8[(int) (lo >>> 56)]
                    ^ t7[(int) (hi & 0xff)]
                    ^ t6[(int) ((hi >>> 8) & 0xff)]
                    ^ t5[(int) ((hi >>> 16) & 0xff)]
                    ^ t4[(int) ((hi >>> 24) & 0xff)]
                    ^ t3[(int) ((hi >>> 32) & 0xff)]
                    ^ t2[(int) ((hi >>> 40) & 0xff)]
                    ^ t1[(int) ((hi >>> 48) & 0xff)]
                    ^ t0[(int) (hi >>> 56)];
            i += 16;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            i++;
        }
        value = ~crc;
    }

    /** The CRC of {@code a} followed by {@code b}, from their CRCs and the length of {@code b} (zlib's method). */
    static long combine(long crc1, long crc2, long len2) {
        if (len2 <= 0) {
            return crc1;
        }
        long[] even = new long[64];
        long[] odd = new long[64];
        odd[0] = POLY; // the operator for one zero bit
        long row = 1;
        for (int n = 1; n < 64; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        do {
            square(even, odd);
            if ((len2 & 1) != 0) {
                crc1 = times(even, crc1);
            }
            len2 >>= 1;
            if (len2 == 0) {
                break;
            }
            square(odd, even);
            if ((len2 & 1) != 0) {
                crc1 = times(odd, crc1);
            }
            len2 >>= 1;
        } while (len2 != 0);
        return crc1 ^ crc2;
    }

    private static long times(long[] matrix, long vec) {
        long sum = 0;
        int i = 0;
        while (vec != 0) {
            if ((vec & 1) != 0) {
                sum ^= matrix[i];
            }
            vec >>>= 1;
            i++;
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < 64; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
