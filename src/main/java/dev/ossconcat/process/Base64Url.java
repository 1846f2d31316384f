package dev.ossconcat.process;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Names and topics in a process string: URL-safe Base64 of the UTF-8 bytes, without {@code =} padding. The
 * official Java sample calls {@code getBytes()} with the platform charset; we always encode UTF-8.
 */
public final class Base64Url {

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");

    private Base64Url() {
    }

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
        if (!ALPHABET.matcher(encoded).matches()) {
            char bad = encoded.chars().filter(c -> !isAlphabet((char) c)).mapToObj(c -> (char) c).findFirst().orElse('?');
            return new Decoded(null, "contains '" + bad + "', which is not in the URL-safe Base64 alphabet [A-Za-z0-9_-]");
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
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new Decoded(text, null);
        } catch (CharacterCodingException e) {
            return new Decoded(null, "does not decode to UTF-8 text");
        }
    }

    private static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Exactly one of {@code text} and {@code problem} is set. */
    public record Decoded(String text, String problem) {
    }
}
