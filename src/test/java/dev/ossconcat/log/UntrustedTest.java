package dev.ossconcat.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UntrustedTest {

    @Test
    void controlFormatAndSeparatorCharactersAreEscaped() {
        assertEquals(
                "a\\nb\\rc\\td\\u0000e\\u007ff\\u0085g\\u2028h\\u202ei",
                Untrusted.value("a\nb\rc\td\u0000e\u007ff\u0085g\u2028h\u202ei"));
    }

    @Test
    void ordinaryTextIsReturnedAsItIs() {
        String key = "playlists/match day 1/ü-片段-\uD83C\uDFAC.json";
        assertSame(key, Untrusted.value(key));
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertEquals("x\\ud83cy", Untrusted.value("x\uD83Cy"));
        assertEquals("\\udc00", Untrusted.value("\uDC00"));
        assertEquals("\uD83C\uDFAC", Untrusted.value("\uD83C\uDFAC"));
    }

    @Test
    void longValuesAreCutAndSaySo() {
        String shown = Untrusted.value("x".repeat(900_000));
        assertTrue(shown.startsWith("x".repeat(Untrusted.MAX_VALUE) + "..."), shown);
        assertTrue(shown.endsWith("(" + (900_000 - Untrusted.MAX_VALUE) + " more characters)"), shown);
        assertTrue(shown.length() < Untrusted.MAX_VALUE + 40);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "x".repeat(Untrusted.MAX_VALUE - 1) + "\uD83C\uDFAC" + "tail";
        String shown = Untrusted.value(text);
        assertFalse(shown.contains("\\ud83c"), shown);
        assertTrue(shown.startsWith("x".repeat(Untrusted.MAX_VALUE - 1) + "..."), shown);
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = Untrusted.line("task\n2024-01-01 INFO forged line\u0000");
        assertSame(once, Untrusted.line(once));
        assertEquals("task\\n2024-01-01 INFO forged line\\u0000", once);
    }

    @Test
    void quotedAndNull() {
        assertEquals("'a\\nb'", Untrusted.quoted("a\nb"));
        assertEquals("null", Untrusted.value(null));
    }
}
