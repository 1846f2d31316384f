package dev.ossconcat.fc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.json.StrictObject;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.report.Findings;
import dev.ossconcat.rules.Rules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The timer payload of scheduled highlight compilation (docs/events.md lists every field).
 *
 * @param window  objects modified within this duration before the trigger time are candidates
 * @param pick    which candidates win: the newest, the oldest, or the highest numeric user-metadata score
 * @param order   the order in the output: by modification time, or in pick order
 * @param trimStart, trimDuration a fixed trim for every clip (ms); {@code trimLast}: the last ms of every clip,
 *                which needs each clip's duration in user metadata {@code duration-ms}
 * @param output  the playlist {@code output} object; {@code {date}} and {@code {time}} in its key become the
 *                trigger time (UTC)
 */
public record HighlightSpec(
        String bucket,
        String prefix,
        List<String> suffixes,
        Duration window,
        Pick pick,
        String scoreKey,
        int count,
        Order order,
        long trimStart,
        long trimDuration,
        Long trimLast,
        ObjectNode output) {

    public enum Pick {
        NEWEST,
        OLDEST,
        SCORE
    }

    public enum Order {
        CHRONOLOGICAL,
        PICK
    }

    private static final Set<String> FIELDS =
            Set.of("bucket", "prefix", "suffixes", "window", "pick", "scoreKey", "count", "order", "trim", "output");
    private static final Set<String> TRIM_FIELDS = Set.of("start", "duration", "last");

    /**
     * Bounds of every duration and count, so that no payload can make date arithmetic overflow, a listing match
     * without end, or a trim mean nothing. Listing is bounded by the bucket, not the payload.
     */
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    static final int MAX_SUFFIXES = 16;
    /** Trims are milliseconds of one clip: a day at most. */
    static final long MAX_TRIM_MS = 86_400_000L;
    /** User metadata names (x-oss-meta-<name>) as HTTP header names spell them, short enough to read. */
    static final Pattern SCORE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The spec, or null with the problems in {@code findings} (paths start with {@code payload.}). */
    public static HighlightSpec read(JsonNode payload, Findings findings) {
        if (payload == null || !payload.isObject()) {
            findings.error(
                    "payload",
                    "wrong_type",
                    "the timer payload must be a JSON object (as a string), such as "
                            + "{\"prefix\": \"clips/\", \"output\": {\"key\": \"highlights/{date}.{autoext}\"}}");
            return null;
        }
        StrictObject o = new StrictObject(payload, "payload", FIELDS, findings);
        String bucket = o.text("bucket");
        if (bucket != null) {
            OssNames.checkBucket(findings, "payload.bucket", bucket);
        }
        String prefix = o.text("prefix");
        if (prefix == null) {
            findings.error("payload.prefix", "required", "payload.prefix (where the clips are) is required");
        } else if (prefix.getBytes(StandardCharsets.UTF_8).length > Rules.KEY_MAX_BYTES) {
            findings.error(
                    "payload.prefix",
                    "key_length",
                    "payload.prefix " + Untrusted.quoted(prefix) + " is longer than an OSS key (" + Rules.KEY_MAX_BYTES
                            + " bytes), so no key can start with it");
        }
        List<String> suffixes = suffixes(o.node("suffixes"), findings);
        Duration window = Duration.ofHours(24);
        String w = o.text("window");
        if (w != null) {
            try {
                window = Duration.parse(w);
                if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
                    findings.error(
                            "payload.window",
                            "out_of_range",
                            "payload.window " + Untrusted.quoted(w) + " must be longer than zero and at most "
                                    + MAX_WINDOW.toDays() + " days (P" + MAX_WINDOW.toDays() + "D)");
                }
            } catch (DateTimeParseException e) {
                findings.error(
                        "payload.window",
                        "malformed_value",
                        "payload.window " + Untrusted.quoted(w) + " is not an ISO-8601 duration such as PT24H or P7D");
            }
        }
        Pick pick = choice(o.text("pick"), Pick.class, Pick.NEWEST, "payload.pick", findings);
        Order order = choice(o.text("order"), Order.class, Order.CHRONOLOGICAL, "payload.order", findings);
        String scoreKey = o.text("scoreKey") == null ? "score" : o.text("scoreKey");
        if (!SCORE_KEY.matcher(scoreKey).matches()) {
            findings.error(
                    "payload.scoreKey",
                    "malformed_value",
                    "payload.scoreKey " + Untrusted.quoted(scoreKey) + " must be a user metadata name: 1..64 letters,"
                            + " digits, '-', '_' or '.'");
        }
        Long count = o.integer("count");
        // a one-clip highlight could never run (single_video): refused here, where it is the trigger's configuration
        // more than 11 is a chunked job (docs/chunked.md), which the playlist's rules then check like any other
        if (count != null && (count < Rules.MIN_VIDEOS || count > Rules.MAX_CLIPS)) {
            findings.error(
                    "payload.count",
                    "out_of_range",
                    "payload.count " + count + " must be " + Rules.MIN_VIDEOS + ".." + Rules.MAX_CLIPS
                            + " (a join needs at least " + Rules.MIN_VIDEOS + " videos; a playlist has at most "
                            + Rules.MAX_CLIPS + ")");
        }
        long trimStart = 0;
        long trimDuration = 0;
        Long trimLast = null;
        StrictObject trim = o.object("trim", TRIM_FIELDS);
        if (trim != null) {
            trimLast = trim.integer("last");
            Long start = trim.integer("start");
            Long duration = trim.integer("duration");
            if (trimLast != null && (start != null || duration != null)) {
                findings.error(
                        "payload.trim",
                        "mutually_exclusive",
                        "payload.trim takes last, or start and " + "duration, not both");
            }
            trimStart = start == null ? 0 : start;
            trimDuration = duration == null ? 0 : duration;
            milliseconds(findings, "payload.trim.start", start, 0);
            milliseconds(findings, "payload.trim.duration", duration, 0);
            milliseconds(findings, "payload.trim.last", trimLast, 1);
        }
        JsonNode output = o.node("output");
        if (output == null || !output.isObject()) {
            findings.error(
                    "payload.output",
                    "required",
                    "payload.output (the playlist output object, with at " + "least key) is required");
        }
        if (findings.hasErrors()) {
            return null;
        }
        return new HighlightSpec(
                bucket,
                prefix,
                List.copyOf(suffixes),
                window,
                pick,
                scoreKey,
                count == null ? 5 : count.intValue(),
                order,
                trimStart,
                trimDuration,
                trimLast,
                (ObjectNode) output.deepCopy());
    }

    /** The suffixes, or the defaults when none are given: 1..16 non-empty strings no longer than a key. */
    private static List<String> suffixes(JsonNode s, Findings findings) {
        if (s == null) {
            return List.of(".mp4", ".mov", ".mkv");
        }
        if (!s.isArray() || s.isEmpty() || s.size() > MAX_SUFFIXES) {
            findings.error(
                    "payload.suffixes",
                    s.isArray() ? "out_of_range" : "wrong_type",
                    "payload.suffixes must be an array of 1.." + MAX_SUFFIXES + " strings; got "
                            + (s.isArray() ? s.size() + " entries" : StrictObject.describe(s)));
            return List.of();
        }
        List<String> suffixes = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            JsonNode x = s.get(i);
            String path = "payload.suffixes[" + i + "]";
            if (!x.isTextual() || x.textValue().isEmpty()) {
                findings.error(
                        path, "wrong_type", path + " must be a non-empty string; got " + StrictObject.describe(x));
            } else if (x.textValue().length() > Rules.KEY_MAX_BYTES) {
                findings.error(
                        path,
                        "key_length",
                        path + " is longer than an OSS key (" + Rules.KEY_MAX_BYTES + " bytes), so no key ends with"
                                + " it");
            } else {
                suffixes.add(x.textValue());
            }
        }
        return suffixes;
    }

    private static void milliseconds(Findings findings, String path, Long value, long min) {
        if (value != null && (value < min || value > MAX_TRIM_MS)) {
            findings.error(
                    path,
                    "out_of_range",
                    path + " " + value + " must be " + min + ".." + MAX_TRIM_MS + " ms (at most 24 hours)");
        }
    }

    private static <E extends Enum<E>> E choice(
            String value, Class<E> type, E fallback, String path, Findings findings) {
        if (value == null) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        findings.error(
                path,
                "not_allowed",
                path + " " + Untrusted.quoted(value) + " is not one of "
                        + java.util.Arrays.stream(type.getEnumConstants())
                                .map(e -> e.name().toLowerCase())
                                .toList());
        return fallback;
    }
}
