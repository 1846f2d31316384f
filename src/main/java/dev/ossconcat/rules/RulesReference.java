package dev.ossconcat.rules;

import dev.ossconcat.playlist.Param;
import dev.ossconcat.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The rules reference of docs/rules.md, generated from {@link Rules} and {@link Stake}: every rule with the parameter
 * it concerns, what it checks and with which values, its evidence and documents, the finding it gives (error or
 * warning, and its code) and why. A test keeps docs/rules.md equal to {@link #policy()} and {@link #markdown()}, and
 * another makes sure every {@link Basis} of {@link Rules} has a row here, so the page shows exactly what the
 * validator believes.
 */
public final class RulesReference {

    private RulesReference() {}

    /**
     * One line of the reference.
     *
     * @param code  the code of the finding it gives; several, comma-separated, when one rule has several
     * @param alike the bases of the rules merged into this row, equal to {@code basis}
     */
    public record Row(String section, String parameter, String rule, String code, Basis basis, List<Basis> alike) {

        Row(String section, String parameter, String rule, String code, Basis basis) {
            this(section, parameter, rule, code, basis, List.of());
        }

        /**
         * The bases this row stands for: its own, and those of rules it merges with it because they are equal (one
         * line for every audio-only container, say).
         */
        public List<Basis> covers() {
            List<Basis> all = new ArrayList<>(alike);
            all.add(0, basis);
            return all;
        }

        /** The codes, one by one. */
        public List<String> codes() {
            return List.of(code.split(", "));
        }
    }

    static final String PROCESS = "The process string";
    static final String CLIPS = "Clips, objects and names";
    static final String STREAMS = "Container and codecs";
    static final String VIDEO = "Video";
    static final String AUDIO = "Audio";
    static final String SEGMENT = "Segments";

    /** The policy: each stake, the finding it gives and its principle. */
    public static String policy() {
        StringBuilder sb = new StringBuilder("| stake | finding | principle |\n|---|---|---|\n");
        for (Stake s : Stake.values()) {
            sb.append("| ")
                    .append(s.label())
                    .append(" | ")
                    .append(finding(s.severity()))
                    .append(" | ")
                    .append(s.why())
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Every rule, one table per section. */
    public static String markdown() {
        Map<String, List<Row>> bySection = new LinkedHashMap<>();
        for (Row r : rows()) {
            bySection.computeIfAbsent(r.section(), s -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        bySection.forEach((section, rows) -> {
            sb.append("\n### ").append(section).append("\n\n");
            sb.append("| parameter | rule | evidence | finding | why |\n|---|---|---|---|---|\n");
            for (Row r : rows) {
                Basis b = r.basis();
                sb.append("| ")
                        .append(cell(r.parameter()))
                        .append(" | ")
                        .append(cell(r.rule()))
                        .append(" | ")
                        .append(b.evidence().label())
                        .append(" (")
                        .append(b.sources())
                        .append(") | ")
                        .append(finding(b.severity()))
                        .append(" ")
                        .append(r.codes().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")))
                        .append(" | ")
                        .append(b.stake().label())
                        .append(cell(b.why().isEmpty() ? "" : ": " + b.why()))
                        .append(" |\n");
            }
        });
        return sb.toString();
    }

    /** A table cell: a bar, even in code, would end it. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String finding(Severity s) {
        return s == Severity.ERROR ? "error" : "warning";
    }

    /** Every rule of {@link Rules}, in the order a playlist reads. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Rules.Syntax s : Rules.SYNTAX) {
            rows.add(new Row(PROCESS, "the string", s.rule(), s.code(), s.basis()));
        }
        clips(rows);
        streams(rows);
        numbers(rows, VIDEO, p -> p.group() == Param.Group.VIDEO);
        video(rows);
        numbers(rows, AUDIO, p -> p.group() == Param.Group.AUDIO);
        audio(rows);
        segments(rows);
        return rows;
    }

    private static void clips(List<Row> rows) {
        String clips = "`clips[]` (source, `/pre`, `/sur`)";
        rows.add(new Row(
                CLIPS,
                clips,
                "at most " + Rules.MAX_VIDEOS + " videos in one task, the source object included (a process"
                        + " string is one task)",
                "too_many_clips",
                Rules.MAX_VIDEOS_BASIS));
        rows.add(new Row(
                CLIPS,
                "`clips[]`",
                "at most " + Rules.MAX_CLIPS + " clips in a playlist; more than " + Rules.MAX_VIDEOS
                        + " make a chunked job, a tree of tasks (docs/chunked.md)",
                "too_many_clips",
                Rules.MAX_CLIPS_BASIS));
        rows.add(new Row(
                CLIPS,
                "`clips[]`, `notify.topic`",
                "a chunked job (more than " + Rules.MAX_VIDEOS + " clips) names a notify topic",
                "chunk_needs_notify",
                Rules.CHUNK_NOTIFY));
        rows.add(new Row(
                CLIPS,
                clips,
                "at least " + Rules.MIN_VIDEOS + " videos: a `/pre` or `/sur` besides the source",
                "single_video",
                Rules.SINGLE_VIDEO));
        rows.add(new Row(
                CLIPS,
                "`source`, `output.align` (`align`)",
                "an index into the clips",
                "index_out_of_range",
                Rules.INDEX));
        rows.add(required(CLIPS, Param.CLIP_O));
        rows.add(new Row(
                CLIPS,
                both(Param.CLIP_O) + ", " + both(Param.SAVEAS_O),
                "1–" + Rules.KEY_MAX_BYTES + " bytes of UTF-8, not starting with `/` or `\\`",
                "key_length, key_leading_slash, required",
                Rules.KEY));
        rows.add(new Row(
                CLIPS,
                both(Param.CLIP_O) + ", " + both(Param.SAVEAS_O),
                "no CR, LF or character that XML 1.0 cannot carry (NUL and other controls but tab)",
                "key_character",
                Rules.KEY_CHARACTERS));
        rows.add(new Row(
                CLIPS,
                both(Param.CLIP_O) + ", " + both(Param.SAVEAS_O),
                "no surrounding whitespace or tab",
                "key_whitespace",
                Rules.KEY_WHITESPACE));
        rows.add(new Row(
                CLIPS,
                "`clips[].start`, `duration` (`ss`, `t`)",
                "milliseconds in " + Rules.CLIP_TIME.text(),
                "out_of_range",
                Rules.CLIP_TIME.basis()));
        rows.add(required(CLIPS, Param.SAVEAS_O));
        rows.add(new Row(
                CLIPS,
                both(Param.SAVEAS_O),
                "variables are documented ones (" + variables() + "); `{{` and `}}` are literal braces",
                "output_variable",
                Rules.KEY_VARIABLE));
        rows.add(new Row(
                CLIPS,
                "`bucket`, " + both(Param.SAVEAS_B),
                "a bucket name: 3–63 of `a-z0-9-`, starting and ending with a letter or digit",
                "bucket_name",
                Rules.BUCKET));
        rows.add(new Row(
                CLIPS,
                both(Param.SAVEAS_B),
                "variables are documented ones, and the name is a bucket name once they are filled in: with the"
                        + " source object's bucket and key where known, else with the examples of S21 ("
                        + Rules.OUTPUT_VARIABLES.entrySet().stream()
                                .limit(7)
                                .map(e -> "`{" + e.getKey() + "}` → `" + e.getValue() + "`")
                                .collect(Collectors.joining(", "))
                        + ", …)",
                "output_variable, bucket_name",
                Rules.BUCKET_VARIABLE));
        rows.add(new Row(CLIPS, both(Param.NOTIFY_TOPIC), "not empty", "required", Rules.NOTIFY_TOPIC));
        rows.add(new Row(
                CLIPS,
                "`source` of a raw string",
                "the object the string is posted on is given, so its bucket and key are checked",
                "source_not_given",
                Rules.SOURCE_NOT_GIVEN));
    }

    private static void streams(List<Row> rows) {
        rows.add(required(STREAMS, Param.F));
        rows.add(new Row(
                STREAMS, both(Param.VCODEC), "required unless `vn_1`", "required", Rules.REQUIRED.get(Param.VCODEC)));
        rows.add(new Row(
                STREAMS, both(Param.ACODEC), "required unless `an_1`", "required", Rules.REQUIRED.get(Param.ACODEC)));
        rows.add(new Row(
                STREAMS,
                both(Param.VCODEC) + ", " + both(Param.ACODEC),
                "may be left out with `vn_1` / `an_1`",
                "unverified_rule",
                Rules.CODEC_REQUIRED_WHEN_DISABLED));
        for (Param<?> p : List.of(Param.F, Param.VCODEC, Param.ACODEC)) {
            enumeration(rows, STREAMS, p);
        }
        rows.add(new Row(
                STREAMS,
                Rules.ENUMERATIONS.keySet().stream()
                        .map(p -> "`" + oss(p) + "`")
                        .collect(Collectors.joining(", ")),
                "values in lower case",
                "letter_case",
                Rules.LETTER_CASE));
        rows.add(new Row(
                STREAMS,
                both(Param.VCODEC) + ", " + both(Param.ACODEC),
                "never `" + Rules.COPY_CODEC + "`: concatenation re-encodes every clip",
                "copy_not_allowed",
                Rules.COPY));
        refusals(rows, Param.VCODEC, Rules.VIDEO_REFUSED);
        rows.add(new Row(
                STREAMS,
                both(Param.VCODEC),
                "`vp9` only in " + ticks(Rules.VP9_SAFE_CONTAINERS),
                "unverified_value",
                Rules.VP9_CONTAINER));
        refusals(rows, Param.ACODEC, Rules.AUDIO_REFUSED);
        rows.add(new Row(
                STREAMS,
                "`vn`, `an` (`output.video`, `output.audio`)",
                "not both `vn_1` and `an_1`: the output has a stream",
                "no_streams",
                Rules.NO_STREAMS));
        rows.add(new Row(
                STREAMS,
                "`vn`, `an` (`output.video`, `output.audio`)",
                "no video settings with `vn_1`, no audio settings with `an_1`",
                "ignored_with_disabled_stream",
                Rules.IGNORED_WITH_DISABLED_STREAM));
    }

    /** Rows of one enumeration: its list, then each value whose own basis is not a known rule. */
    private static void enumeration(List<Row> rows, String section, Param<?> p) {
        Rules.Allowed allowed = Rules.ENUMERATIONS.get(p);
        rows.add(new Row(section, both(p), "one of " + ticks(allowed.known()), "not_allowed", allowed.basis()));
        Map<Basis, Map<String, Basis>> others = new LinkedHashMap<>(); // equal bases share a row
        allowed.values().forEach((value, basis) -> {
            if (basis.stake() != Stake.KNOWN) {
                others.computeIfAbsent(basis, b -> new LinkedHashMap<>()).put(value, basis);
            }
        });
        others.forEach((basis, values) -> rows.add(new Row(
                section,
                both(p),
                "also " + ticks(values.keySet()),
                "unverified_value",
                basis,
                List.copyOf(values.values()))));
    }

    /** Containers that refuse the same codecs on the same basis share a row. */
    private static void refusals(List<Row> rows, Param<?> p, List<Rules.Refuses> table) {
        record Key(Set<String> codecs, Basis basis) {}
        Map<Key, List<Rules.Refuses>> grouped = new LinkedHashMap<>();
        for (Rules.Refuses r : table) {
            grouped.computeIfAbsent(new Key(r.codecs(), r.basis()), k -> new ArrayList<>())
                    .add(r);
        }
        grouped.forEach((k, refusals) -> rows.add(new Row(
                STREAMS,
                both(p),
                "not " + ticks(sorted(k.codecs(), Rules.ENUMERATIONS.get(p))) + " in "
                        + ticks(refusals.stream().map(Rules.Refuses::container).toList()),
                "codec_container_mismatch",
                refusals.get(0).basis(),
                refusals.stream().skip(1).map(Rules.Refuses::basis).toList())));
    }

    /** Ranges, choices, pairs and needs of the parameters {@code in} selects. */
    private static void numbers(List<Row> rows, String section, Predicate<Param<?>> in) {
        for (Rules.Range r : Rules.RANGES) {
            if (in.test(r.param())) {
                range(rows, section, both(r.param()), "", r);
            }
        }
        for (Rules.Choice c : Rules.CHOICES) {
            if (in.test(c.param())) {
                rows.add(new Row(
                        section,
                        both(c.param()),
                        "one of "
                                + c.values().stream()
                                        .sorted()
                                        .map(String::valueOf)
                                        .collect(Collectors.joining(", ")),
                        "not_allowed",
                        c.basis()));
            }
        }
        for (Rules.Exclusive x : Rules.EXCLUSIVE) {
            if (in.test(x.a())) {
                rows.add(new Row(
                        section,
                        both(x.a()) + ", " + both(x.b()),
                        "not both: they select different rate controls",
                        "mutually_exclusive",
                        x.basis()));
            }
        }
        for (Rules.Requires r : Rules.REQUIRES) {
            if (in.test(r.option())) {
                rows.add(
                        new Row(section, both(r.option()), "needs `" + r.needs().oss() + "`", "requires", r.basis()));
            }
        }
    }

    /** A range's row; an excluded minimum with a basis of its own gets a row of its own. */
    private static void range(List<Row> rows, String section, String parameter, String what, Rules.Range r) {
        Basis min = r.minExcluded();
        boolean ownRow = min != null && !min.equals(r.basis());
        rows.add(new Row(
                section,
                parameter,
                what + "in " + r.text(),
                "out_of_range",
                r.basis(),
                min == null || ownRow ? List.of() : List.of(min)));
        if (ownRow) {
            rows.add(new Row(section, parameter, "not " + Rules.Range.num(r.min()) + " itself", "out_of_range", min));
        }
    }

    private static void video(List<Row> rows) {
        enumeration(rows, VIDEO, Param.PIXFMT);
        enumeration(rows, VIDEO, Param.SCALETYPE);
        range(rows, VIDEO, both(Param.S), "each side ", Rules.RESOLUTION_SIDE);
        Rules.EvenSides even = Rules.EVEN_SIDES;
        rows.add(new Row(
                VIDEO,
                both(Param.S),
                "with " + ticks(even.codecs()) + ": even width and height in "
                        + ticks(keys(even.heightToo(), true)) + ", even width in "
                        + ticks(keys(even.heightToo(), false)) + "; no `pixfmt` counts as `"
                        + even.assumedPixelFormat() + "`",
                "odd_dimension",
                Rules.EVEN_SIDES_BASIS));
        rows.add(new Row(
                VIDEO,
                both(Param.PIXFMT),
                "`" + Rules.ALPHA_PIXEL_FORMAT + "` only with `vcodec " + Rules.ALPHA_CODEC + "`",
                "pixfmt_requires_vp9",
                Rules.ALPHA));
    }

    private static void audio(List<Row> rows) {
        rows.add(new Row(
                AUDIO,
                both(Param.AR),
                "one of " + Rules.SAMPLE_RATES.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                "not_allowed",
                Rules.SAMPLE_RATES_BASIS));
        Rules.CODEC_SAMPLE_RATES.forEach((codec, rates) -> rows.add(new Row(
                AUDIO,
                both(Param.AR),
                "with `" + codec + "`: "
                        + rates.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ")),
                "sample_rate_codec",
                Rules.CODEC_AUDIO)));
        Rules.CODEC_MAX_CHANNELS.forEach((codec, max) -> rows.add(new Row(
                AUDIO, both(Param.AC), "with `" + codec + "`: at most " + max, "channels_codec", Rules.CODEC_AUDIO)));
        rows.add(new Row(
                AUDIO,
                both(Param.ADEPTH),
                "only with `acodec " + Rules.BIT_DEPTH_CODEC + "`",
                "adepth_requires_flac",
                Rules.BIT_DEPTH));
        rows.add(new Row(
                AUDIO,
                both(Param.AR) + ", " + both(Param.AC),
                "set, unless `an_1`",
                "ar_unset, ac_unset",
                Rules.SAMPLE_RATE_AND_CHANNELS_UNSET));
    }

    private static void segments(List<Row> rows) {
        rows.add(required(SEGMENT, Param.SEGMENT_F));
        rows.add(required(SEGMENT, Param.SEGMENT_T));
        enumeration(rows, SEGMENT, Param.SEGMENT_F);
        numbers(rows, SEGMENT, p -> p.group() == Param.Group.SEGMENT);
        rows.add(new Row(
                SEGMENT,
                "`/segment` (`output.segment`)",
                "only with `f` "
                        + ticks(Rules.SEGMENT_CONTAINERS.stream().sorted().toList()),
                "segment_container",
                Rules.SEGMENT_CONTAINER));
        rows.add(new Row(
                SEGMENT,
                both(Param.SEGMENT_F),
                Rules.SEGMENT_PAIRINGS.entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` over `" + e.getValue() + "`")
                        .collect(Collectors.joining(", ")),
                "segment_pairing",
                Rules.SEGMENT_PAIRING));
    }

    // ---- cells ------------------------------------------------------------------------------------------------

    private static Row required(String section, Param<?> p) {
        return new Row(section, both(p), "required", "required", Rules.REQUIRED.get(p));
    }

    /** {@code `fps` (`output.video.fps`)}: the process parameter and its playlist field. */
    static String both(Param<?> p) {
        String fields = String.join("`, `", p.jsonFields());
        String prefix = p.playlistPath().replace("%d", "");
        prefix = prefix.substring(0, prefix.length() - p.jsonFields().get(0).length());
        return "`" + oss(p) + "` (`" + prefix + fields + "`)";
    }

    /** {@code fps}, {@code /segment,f}: the parameter as the process string names it. */
    private static String oss(Param<?> p) {
        return switch (p.op()) {
            case CONCAT, PRE, SUR -> p.oss();
            default -> p.op().token() + "," + p.oss();
        };
    }

    private static String variables() {
        return Rules.OUTPUT_VARIABLES.keySet().stream().map(v -> "`" + v + "`").collect(Collectors.joining(" ")) + " `"
                + Rules.OUTPUT_TAG_VARIABLE_PREFIX + "*`";
    }

    /** {@code `a` `b`}: lists in their order, sets sorted (their order changes from run to run). */
    private static String ticks(java.util.Collection<String> values) {
        var stream = values instanceof Set<?> ? values.stream().sorted() : values.stream();
        return stream.map(v -> "`" + v + "`").collect(Collectors.joining(" "));
    }

    /** {@code values} in the order of {@code list}. */
    private static List<String> sorted(Set<String> values, Rules.Allowed list) {
        return list.values().keySet().stream().filter(values::contains).toList();
    }

    private static List<String> keys(Map<String, Boolean> map, boolean value) {
        return map.entrySet().stream()
                .filter(e -> e.getValue() == value)
                .map(Map.Entry::getKey)
                .toList();
    }
}
