package dev.ossconcat.process;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Names and topics in a process string: URL-safe Base64 of the UTF-8 bytes, without {@code =} padding. The
 * official Java sample calls {@code getBytes()} with the platform charset; we always encode UTF-8.
 */
public final class Base64Url {

    private Base64Url() {}

    public static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded text, or a one-sentence reason why {@code encoded} is not a valid name. */
    public static Decoded decode(String encoded) {
        if (encoded.isEmpty()) {
            return new Decoded(null, "is empty");
        }
        if (encoded.indexOf('=') >= 0) {
            return new Decoded(null, "contains '=' padding, which OSS names must not have");
        }
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (!isAlphabet(c)) {
                return new Decoded(
                        null, "contains '" + c + "', which is not in the URL-safe Base64 alphabet " + "[A-Za-z0-9_-]");
            }
        }
        if (encoded.length() % 4 == 1) {
            return new Decoded(null, "has a length of " + encoded.length() + ", which no Base64 text can have");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Decoded(null, "is not valid Base64");
        }
        // Malformed UTF-8 decodes to U+FFFD, which encodes back to other bytes: equal bytes mean valid UTF-8.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            return new Decoded(null, "does not decode to UTF-8 text");
        }
        return new Decoded(text, null);
    }

    private static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Exactly one of {@code text} and {@code problem} is set. */
    public record Decoded(String text, String problem) {}
}
