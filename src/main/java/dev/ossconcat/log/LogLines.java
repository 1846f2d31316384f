package dev.ossconcat.log;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The console's filter (the function's only log handler; Function Compute ships stdout to its log service). Every
 * record becomes one line of bounded length: call sites pass untrusted values through {@link Untrusted} already, and
 * this catches what they cannot, such as the libraries' own messages and exception messages that quote a request.
 * Records that are clean pass untouched, so the common case costs a scan of the message.
 *
 * <p>It also drops Funqy's record of every unparseable request body: Funqy logs those at ERROR with a full stack
 * trace, while the caller already gets a precise 400 (api.HttpErrors), and a stack trace per bad request would bury
 * real errors.
 */
@LoggingFilter(name = "log-lines")
public final class LogLines implements Filter {

    /** How deep a chain of causes is copied; deeper causes are left out of the log. */
    private static final int MAX_CAUSES = 8;

    @Override
    public boolean isLoggable(LogRecord record) {
        if ("io.quarkus.funqy".equals(record.getLoggerName())
                && record.getMessage() != null
                && record.getMessage().startsWith("Failed to unmarshal input")) {
            return false;
        }
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            if (message != null && !Untrusted.isClean(message, Untrusted.MAX_LINE)) {
                ext.setMessage(Untrusted.line(message), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && !clean(thrown, 0)) {
            record.setThrown(Shown.of(thrown, 0));
        }
        return true;
    }

    private static boolean clean(Throwable t, int depth) {
        if (depth > MAX_CAUSES) {
            return true;
        }
        return Untrusted.isClean(t.toString(), Untrusted.MAX_VALUE)
                && (t.getCause() == null || t.getCause() == t || clean(t.getCause(), depth + 1));
    }

    /**
     * A stand-in for a logged exception whose message is untrusted: it prints as the original ({@code class:
     * message}, the same stack trace and causes) with the message escaped and cut.
     */
    static final class Shown extends Throwable {

        private final String shown;

        private Shown(String shown, StackTraceElement[] trace, Throwable cause) {
            super(shown, cause, false, true);
            this.shown = shown;
            setStackTrace(trace);
        }

        static Shown of(Throwable t, int depth) {
            Throwable cause = t.getCause() == null || t.getCause() == t || depth >= MAX_CAUSES
                    ? null
                    : of(t.getCause(), depth + 1);
            return new Shown(Untrusted.value(t.toString()), t.getStackTrace(), cause);
        }

        @Override
        public String toString() {
            return shown;
        }
    }
}
