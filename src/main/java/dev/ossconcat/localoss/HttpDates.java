package dev.ossconcat.localoss;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates as OSS writes them (RFC 1123 with a two-digit day, {@code Thu, 05 Nov 2026 08:00:00 GMT}: Java's
 * {@code RFC_1123_DATE_TIME} writes {@code 5 Nov}, which strict parsers refuse) and as clients send them.
 */
final class HttpDates {

    private static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    /** V4's {@code x-oss-date}: ISO 8601 basic, UTC. */
    private static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {}

    static String format(Instant t) {
        return WRITE.format(t);
    }

    /** An RFC 1123 date (one- or two-digit day), or empty when it is not one. */
    static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A V4 {@code x-oss-date} ({@code 20261105T080000Z}), or empty when it is not one. */
    static Optional<Instant> parseIsoBasic(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(ISO_BASIC.parse(value.trim())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
