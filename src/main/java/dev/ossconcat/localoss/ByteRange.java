package dev.ossconcat.localoss;

import java.util.Optional;

/**
 * One {@code Range: bytes=...} of a GetObject, as OSS reads it. By default OSS ignores a range it cannot serve and
 * answers 200 with the whole object; with {@code x-oss-range-behavior: standard} it answers 416 InvalidRange for a
 * range that starts past the end and serves the part of a longer range that exists. OSS serves one range: of
 * {@code bytes=0-9,20-29} only the first, and with the standard behaviour none (416), since it never sends
 * multipart/byteranges.
 *
 * @param first the first byte served
 * @param last  the last byte served, inclusive
 */
record ByteRange(long first, long last) {

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * The range to serve, or empty for the whole object (no header, or OSS's default for an unusable one).
     *
     * @throws OssError 416 InvalidRange with the standard behaviour when nothing of the range exists
     */
    static Optional<ByteRange> of(String header, long size, boolean standard) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.startsWith("bytes=")) {
            return Optional.empty(); // OSS: a malformed Range is ignored, in both behaviours
        }
        String spec = h.substring("bytes=".length()).trim();
        int comma = spec.indexOf(',');
        if (comma >= 0) {
            if (standard) {
                throw invalid(size);
            }
            spec = spec.substring(0, comma).trim();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (!digits(a) || !digits(b) || (a.isEmpty() && b.isEmpty())) {
            return Optional.empty();
        }
        Long from = a.isEmpty() ? null : Long.parseLong(a);
        Long to = b.isEmpty() ? null : Long.parseLong(b);
        if (from == null && to == null) {
            return Optional.empty();
        }
        if (from == null) { // suffix: the last n bytes
            long n = to;
            if (n == 0 || size == 0) {
                if (standard) {
                    throw invalid(size);
                }
                return Optional.empty();
            }
            if (n > size && !standard) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
        }
        if (to != null && to < from) {
            return Optional.empty(); // not a range at all: ignored, as a malformed header is
        }
        if (from >= size) {
            if (standard) {
                throw invalid(size);
            }
            return Optional.empty();
        }
        long last = to == null ? size - 1 : to;
        if (last >= size) {
            if (!standard) {
                return Optional.empty();
            }
            last = size - 1;
        }
        return Optional.of(new ByteRange(from, last));
    }

    /** Empty, or a decimal that fits a long (a longer one is past any object anyway, and is ignored). */
    private static boolean digits(String s) {
        return s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static OssError invalid(long size) {
        return new OssError(416, "InvalidRange", "The requested range cannot be satisfied (object size " + size + ").");
    }
}
