package dev.ossconcat.fc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.json.StrictObject;
import dev.ossconcat.report.Findings;
import dev.ossconcat.rules.Rules;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        String prefix = o.text("prefix");
        if (prefix == null) {
            findings.error("payload.prefix", "required", "payload.prefix (where the clips are) is required");
        }
        List<String> suffixes = new ArrayList<>();
        JsonNode s = o.node("suffixes");
        if (s == null) {
            suffixes.addAll(List.of(".mp4", ".mov", ".mkv"));
        } else if (!s.isArray() || s.isEmpty()) {
            findings.error("payload.suffixes", "wrong_type", "payload.suffixes must be a non-empty array of strings");
        } else {
            s.forEach(x -> suffixes.add(x.asText()));
        }
        Duration window = Duration.ofHours(24);
        String w = o.text("window");
        if (w != null) {
            try {
                window = Duration.parse(w);
            } catch (DateTimeParseException e) {
                findings.error(
                        "payload.window",
                        "malformed_value",
                        "payload.window '" + w + "' is not an ISO-8601 " + "duration such as PT24H or P7D");
            }
        }
        Pick pick = choice(o.text("pick"), Pick.class, Pick.NEWEST, "payload.pick", findings);
        Order order = choice(o.text("order"), Order.class, Order.CHRONOLOGICAL, "payload.order", findings);
        String scoreKey = o.text("scoreKey") == null ? "score" : o.text("scoreKey");
        Long count = o.integer("count");
        if (count != null && (count < 1 || count > Rules.MAX_VIDEOS)) {
            findings.error(
                    "payload.count",
                    "out_of_range",
                    "payload.count " + count + " must be 1.." + Rules.MAX_VIDEOS + " (OSS joins at most "
                            + Rules.MAX_VIDEOS + " videos)");
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
            if (trimLast != null && trimLast <= 0) {
                findings.error("payload.trim.last", "out_of_range", "payload.trim.last must be > 0 ms");
            }
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
                o.text("bucket"),
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
                path + " '" + value + "' is not one of "
                        + java.util.Arrays.stream(type.getEnumConstants())
                                .map(e -> e.name().toLowerCase())
                                .toList());
        return fallback;
    }
}
