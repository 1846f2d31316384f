package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentDecodingTest {

    @Test
    void decodesEscapesAsUtf8AndKeepsPlusSigns() {
        assertEquals("dir/clip one+ü.mp4", PercentDecoding.decode("dir/clip%20one+%C3%BC.mp4", "the key"));
        assertEquals("a/b", PercentDecoding.decode("a%2fb", "the key"), "lower-case hex");
        assertEquals("plain-key.mp4", PercentDecoding.decode("plain-key.mp4", "the key"));
    }

    @Test
    void rawUtf8InTheRequestLineIsDecodedLikeEscapedUtf8() {
        // Netty hands over each byte of the request line as one ISO-8859-1 character
        String wire = new String("clip-ü.mp4".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("clip-ü.mp4", PercentDecoding.decode(wire, "the key"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "%zz", // not hex
                "a%", // truncated
                "a%4",
                "%C3%28", // hex, but not UTF-8
                "%FF",
                "%E0%80", // a truncated sequence
                "%C0%AF", // an overlong '/'
                "%\u0663\u0663", // Arabic-Indic digits, which Character.digit would take for 3
                "caf\u00e9" // one raw byte 0xE9: ISO-8859-1, not UTF-8
            })
    void malformedEscapesAndNonUtf8AreInvalidArgument(String raw) {
        OssError e = assertThrows(OssError.class, () -> PercentDecoding.decode(raw, "the object key"));
        assertEquals(400, e.status());
        assertEquals("InvalidArgument", e.code());
        assertTrue(e.getMessage().contains("the object key"), e.getMessage());
    }
}
