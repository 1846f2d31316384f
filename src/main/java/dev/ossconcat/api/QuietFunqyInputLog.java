package dev.ossconcat.api;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Funqy logs every unparseable request body at ERROR with a full stack trace. Bad input is the caller's problem,
 * answered with a precise 400 by {@link HttpErrors}; a stack trace per bad request would bury real errors.
 */
@LoggingFilter(name = "quiet-funqy-input")
public final class QuietFunqyInputLog implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        return !("io.quarkus.funqy".equals(record.getLoggerName())
                && record.getMessage() != null
                && record.getMessage().startsWith("Failed to unmarshal input"));
    }
}
