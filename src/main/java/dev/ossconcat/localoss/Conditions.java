package dev.ossconcat.localoss;

import java.time.Instant;
import java.util.Map;

/**
 * GetObject's and HeadObject's conditions, in HTTP's order: If-Match and If-Unmodified-Since fail with 412;
 * If-None-Match and If-Modified-Since, when the object is unchanged, answer 304 Not Modified. A date that is not an
 * HTTP date is ignored, as OSS ignores it.
 */
final class Conditions {

    private Conditions() {}

    /** 412, 304, or null when the object is to be sent. */
    static Integer check(Map<String, String> headers, String etag, long lastModifiedMillis) {
        // HTTP dates have whole seconds: an object modified within the second of the date counts as unmodified
        Instant modified = Instant.ofEpochMilli(lastModifiedMillis - lastModifiedMillis % 1000);
        String ifMatch = headers.get("if-match");
        if (ifMatch != null && !matchesAny(ifMatch, etag)) {
            return 412;
        }
        if (ifMatch == null) {
            Instant since = HttpDates.parse(headers.get("if-unmodified-since")).orElse(null);
            if (since != null && modified.isAfter(since)) {
                return 412;
            }
        }
        String ifNoneMatch = headers.get("if-none-match");
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch, etag) ? 304 : null;
        }
        Instant since = HttpDates.parse(headers.get("if-modified-since")).orElse(null);
        if (since != null && !modified.isAfter(since)) {
            return 304;
        }
        return null;
    }

    private static boolean matchesAny(String list, String etag) {
        for (String candidate : list.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            c = c.replace("\"", "");
            if (c.equals("*") || c.equalsIgnoreCase(etag)) {
                return true;
            }
        }
        return false;
    }
}
