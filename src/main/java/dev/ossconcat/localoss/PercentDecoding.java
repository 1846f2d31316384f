package dev.ossconcat.localoss;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of what a client sent: the path, query names and values, and headers that carry encoded
 * names ({@code x-oss-copy-source}). {@link java.net.URLDecoder} throws an unchecked exception on {@code %zz} and
 * silently turns invalid UTF-8 into U+FFFD; here both are OSS's 400 {@code InvalidArgument}, so a malformed request
 * always gets an answer and never names an object other than the one the client spelled.
 */
final class PercentDecoding {

    private PercentDecoding() {}

    /**
     * Decodes {@code %XX} escapes as UTF-8. A {@code +} stays a plus sign: the SDK encodes spaces as {@code %20}, and
     * OSS keys may contain {@code +}.
     *
     * @param what names the decoded part in the error message, e.g. "the object key"
     * @throws OssError 400 InvalidArgument for a truncated or non-hex escape, or bytes that are not UTF-8
     */
    static String decode(String raw, String what) {
        if (raw.chars().allMatch(c -> c < 0x80 && c != '%')) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw invalid(what, "has a malformed escape at position " + i);
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else if (c <= 0xFF) {
                // sent unescaped: Netty reads the request line and header values byte by byte as ISO-8859-1, so
                // each character is one byte the client sent, and raw UTF-8 is decoded below like escaped UTF-8
                bytes.write(c);
                i++;
            } else {
                // not from the wire (Netty gives no such characters), but a caller's string: its UTF-8 bytes
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return utf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            throw invalid(what, "is not UTF-8 once decoded");
        }
    }

    /** An ASCII hex digit's value, or -1: {@link Character#digit} would also take other scripts' digits. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Bytes as UTF-8, refusing malformed sequences instead of replacing them. */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static OssError invalid(String what, String why) {
        return new OssError(400, "InvalidArgument", "The percent-encoding of " + what + " is invalid: it " + why + ".");
    }
}
