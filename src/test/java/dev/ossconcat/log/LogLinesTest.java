package dev.ossconcat.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    final LogLines filter = new LogLines();

    static ExtLogRecord printf(String format, Object... params) {
        ExtLogRecord r = new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF, "test");
        r.setParameters(params);
        return r;
    }

    @Test
    void aNewlineInAParameterCannotStartALineOfItsOwn() {
        ExtLogRecord r = printf("notify: task %s acknowledged", "T1\n2026-01-01 00:00:00,000 INFO [x] forged");
        assertTrue(filter.isLoggable(r));
        assertEquals("notify: task T1\\n2026-01-01 00:00:00,000 INFO [x] forged acknowledged", r.getFormattedMessage());
    }

    @Test
    void aHugeParameterMakesABoundedLine() {
        ExtLogRecord r = printf("task %s", "T".repeat(900_000));
        filter.isLoggable(r);
        assertTrue(r.getFormattedMessage().length() < Untrusted.MAX_LINE + 40);
        assertTrue(r.getFormattedMessage().endsWith("more characters)"));
    }

    @Test
    void cleanRecordsAreLeftAlone() {
        Object[] params = {"playlists/a.json", 3};
        ExtLogRecord r = printf("upload %s: %d", params);
        filter.isLoggable(r);
        assertSame(params, r.getParameters());
        assertEquals(ExtLogRecord.FormatStyle.PRINTF, r.getFormatStyle());
    }

    @Test
    void exceptionMessagesAreEscapedAndKeepTheirStackTraceAndCauses() {
        IllegalStateException cause = new IllegalStateException("inner\nforged");
        IllegalArgumentException thrown = new IllegalArgumentException("outer\r\nforged", cause);
        ExtLogRecord r = printf("failed");
        r.setThrown(thrown);
        filter.isLoggable(r);
        Throwable shown = r.getThrown();
        assertEquals("java.lang.IllegalArgumentException: outer\\r\\nforged", shown.toString());
        assertArrayEquals(thrown.getStackTrace(), shown.getStackTrace());
        assertEquals(
                "java.lang.IllegalStateException: inner\\nforged",
                shown.getCause().toString());
        assertArrayEquals(cause.getStackTrace(), shown.getCause().getStackTrace());
    }

    @Test
    void cleanExceptionsAreLeftAlone() {
        RuntimeException thrown = new RuntimeException("plain");
        ExtLogRecord r = printf("failed");
        r.setThrown(thrown);
        filter.isLoggable(r);
        assertSame(thrown, r.getThrown());
    }

    @Test
    void funqysStackTracePerUnparseableBodyIsDropped() {
        ExtLogRecord r =
                new ExtLogRecord(Level.SEVERE, "Failed to unmarshal input", ExtLogRecord.FormatStyle.NO_FORMAT, "test");
        r.setLoggerName("io.quarkus.funqy");
        assertFalse(filter.isLoggable(r));
    }
}
