package dev.ossconcat.rules;

import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The playlist field table of the docs, generated from the {@link Param} definitions and the {@link Rules}: the
 * field, its OSS parameter and type come from the definition, the allowed values, ranges and pairings from the
 * rules, and only what the values mean and what a missing value does are written as prose (in {@link Param.Doc}).
 * A test keeps {@code docs/playlist.md} equal to {@link #markdown()}, so the table cannot drift from the code.
 */
public final class ParameterTable {

    private ParameterTable() {}

    /** A row for a playlist field that is not a process parameter of its own. */
    private record Fixed(String field, String oss, String type, String values, String dflt) {}

    private static final Fixed VERSION =
            new Fixed("version", "—", "integer", "`" + Playlist.CURRENT_VERSION + "`", "1");
    private static final Fixed BUCKET = new Fixed(
            "bucket",
            "bucket of the request",
            "string",
            "OSS bucket name (3–63 of `a-z0-9-`)",
            "the event's bucket, else `CONCAT_DEFAULT_BUCKET`");
    private static final Fixed CLIPS = new Fixed(
            "clips[]",
            "source, `/pre`, `/sur`",
            "array",
            Rules.MIN_VIDEOS + "–" + Rules.MAX_CLIPS + " clips in playback order; more than " + Rules.MAX_VIDEOS
                    + " make a chunked job (needs `notify.topic`)",
            "required");
    private static final Fixed SOURCE =
            new Fixed("source", "the request's object", "integer", "index into `clips`", "0");
    private static final Fixed PRESET = new Fixed("output.preset", "—", "string", "see Presets", "none");
    private static final Fixed IDEMPOTENCY_KEY =
            new Fixed("idempotencyKey", "—", "string", "any", "none; when set, it alone identifies the job");

    /**
     * The rows in the order a playlist reads. Video and audio parameters come from their groups, and any parameter
     * not placed here is appended, so a new one cannot be left out of the table.
     */
    static List<Object> rows() {
        List<Object> rows = new ArrayList<>(List.of(
                VERSION,
                BUCKET,
                CLIPS,
                Param.CLIP_O,
                Param.CLIP_SS,
                Param.CLIP_T,
                SOURCE,
                Param.SAVEAS_O,
                Param.SAVEAS_B,
                PRESET,
                Param.F,
                Param.VN));
        rows.addAll(Param.in(Param.Group.VIDEO));
        rows.add(Param.AN);
        rows.addAll(Param.in(Param.Group.AUDIO));
        rows.addAll(List.of(Param.ALIGN, Param.SEGMENT_F, Param.SEGMENT_T, Param.NOTIFY_TOPIC));
        for (Param<?> p : Param.values()) {
            // ss and t of video/concat trim the source clip: the same playlist fields as clips[].start/duration
            if (!rows.contains(p) && p != Param.SS && p != Param.T) {
                rows.add(p);
            }
        }
        rows.add(IDEMPOTENCY_KEY);
        return rows;
    }

    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| field | OSS | type | values | default |\n");
        sb.append("|---|---|---|---|---|\n");
        for (Object row : rows()) {
            Fixed f = row instanceof Param<?> p ? of(p) : (Fixed) row;
            sb.append("| `")
                    .append(f.field())
                    .append("` | ")
                    .append(f.oss())
                    .append(" | ")
                    .append(f.type())
                    .append(" | ")
                    .append(f.values())
                    .append(" | ")
                    .append(f.dflt())
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static Fixed of(Param<?> p) {
        String field = p.kind() == Param.Kind.RESOLUTION
                ? p.playlistPath() + "`, `" + p.jsonFields().get(1)
                : p.playlistPath();
        boolean stream = p == Param.VN || p == Param.AN;
        String type = stream ? "object, or `false`" : p.kind().jsonType();
        if (!p.doc().unit().isEmpty()) {
            type += ", " + p.doc().unit();
        }
        return new Fixed(
                field.replace("%d", ""),
                "`" + oss(p) + "`",
                type,
                values(p),
                p.doc().dflt());
    }

    private static String oss(Param<?> p) {
        return switch (p.op()) {
            case CONCAT, PRE, SUR -> p.oss();
            default -> p.op().token() + "," + p.oss();
        };
    }

    /** What the rules allow, then the definition's note. */
    private static String values(Param<?> p) {
        List<String> parts = new ArrayList<>();
        Rules.Allowed allowed = Rules.ENUMERATIONS.get(p);
        if (allowed != null) {
            parts.add(allowedText(allowed));
        }
        if (p == Param.AR) {
            parts.add(Rules.SAMPLE_RATES.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        if (p == Param.CLIP_O || p == Param.SAVEAS_O) {
            parts.add("1–" + Rules.KEY_MAX_BYTES + " UTF-8 bytes");
        }
        if (p == Param.CLIP_SS || p == Param.CLIP_T) {
            parts.add("≥ " + (long) Rules.CLIP_TIME.min());
        }
        if (p == Param.S) {
            parts.add(Rules.RESOLUTION_SIDE.text() + " each");
        }
        for (Rules.Range r : Rules.RANGES) {
            if (r.param() == p) {
                parts.add(r.text());
            }
        }
        for (Rules.Choice c : Rules.CHOICES) {
            if (c.param() == p) {
                parts.add(c.values().stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }
        Set<String> needs = new LinkedHashSet<>();
        for (Rules.Requires r : Rules.REQUIRES) {
            if (r.option() == p) {
                needs.add("`" + r.needs().oss() + "`");
            }
        }
        if (!needs.isEmpty()) {
            parts.add("needs " + String.join(" and ", needs));
        }
        for (Rules.Exclusive x : Rules.EXCLUSIVE) {
            if (x.a() == p || x.b() == p) {
                parts.add("not with `" + (x.a() == p ? x.b() : x.a()).oss() + "`");
            }
        }
        if (p == Param.VCODEC || p == Param.ACODEC) {
            parts.add("never `" + Rules.COPY_CODEC + "`");
        }
        if (p == Param.PIXFMT) {
            parts.add("`" + Rules.ALPHA_PIXEL_FORMAT + "` with `" + Rules.ALPHA_CODEC + "` only");
        }
        if (p == Param.ADEPTH) {
            parts.add("`" + Rules.BIT_DEPTH_CODEC + "` only");
        }
        if (p == Param.SEGMENT_F) {
            parts.add("only with "
                    + Rules.SEGMENT_CONTAINERS.stream()
                            .sorted()
                            .map(c -> "`" + c + "`")
                            .collect(Collectors.joining(" and ")));
        }
        if (!p.doc().note().isEmpty()) {
            parts.add(p.doc().note());
        }
        return parts.isEmpty() ? "—" : String.join("; ", parts);
    }

    /**
     * {@code `mp4 mkv`; `webm` with a warning}: the documented values, then those whose own basis makes them warn
     * or refuse.
     */
    private static String allowedText(Rules.Allowed allowed) {
        List<String> sure = new ArrayList<>();
        List<String> warned = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Basis> e : allowed.values().entrySet()) {
            Basis b = e.getValue();
            (b.stake() == Stake.KNOWN ? sure : b.severity() == Severity.WARNING ? warned : refused).add(e.getKey());
        }
        String text = "`" + String.join(" ", sure) + "`";
        if (!warned.isEmpty()) {
            text += "; `" + String.join(" ", warned) + "` with a warning";
        }
        if (!refused.isEmpty()) {
            text += "; `" + String.join(" ", refused) + "` refused";
        }
        return text;
    }
}
