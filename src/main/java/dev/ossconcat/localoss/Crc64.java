package dev.ossconcat.localoss;

/**
 * CRC-64/ECMA-182 as OSS computes {@code x-oss-hash-crc64ecma} (reflected, initial and final value all ones: the
 * CRC-64/XZ variant). The SDK checks it against its own after every write, so it must be exact. {@link #combine}
 * gives the CRC of a concatenation from the CRCs of its pieces, so that a completed multipart object needs no second
 * pass over its bytes.
 */
final class Crc64 {

    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] TABLE = new long[8][256];

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
            for (int k = 1; k < 8; k++) {
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

    /** Slicing by eight: a byte-at-a-time loop would make the CRC, not the disk, the limit of an upload. */
    void update(byte[] b, int off, int len) {
        long crc = ~value;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            crc ^= (b[i] & 0xffL)
                    | (b[i + 1] & 0xffL) << 8
                    | (b[i + 2] & 0xffL) << 16
                    | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32
                    | (b[i + 5] & 0xffL) << 40
                    | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            crc = TABLE[7][(int) (crc & 0xff)]
                    ^ TABLE[6][(int) ((crc >>> 8) & 0xff)]
                    ^ TABLE[5][(int) ((crc >>> 16) & 0xff)]
                    ^ TABLE[4][(int) ((crc >>> 24) & 0xff)]
                    ^ TABLE[3][(int) ((crc >>> 32) & 0xff)]
                    ^ TABLE[2][(int) ((crc >>> 40) & 0xff)]
                    ^ TABLE[1][(int) ((crc >>> 48) & 0xff)]
                    ^ TABLE[0][(int) (crc >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = TABLE[0][(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
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
