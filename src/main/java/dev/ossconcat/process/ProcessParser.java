package dev.ossconcat.process;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Op;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Segment;
import dev.ossconcat.playlist.Settings;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.report.Findings;
import dev.ossconcat.report.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses any {@code video/concat...|sys/saveas...[/notify...]} string back into a {@link Playlist}.
 * <p>
 * The parser checks syntax only (operations, parameter names, repeated parameters, value shapes, Base64); what
 * the values mean is the validator's job, so that every OSS rule lives in one place. All syntax findings are
 * collected, each with a stable code and the character position where its parameter or operation starts.
 * <p>
 * The parser reports what it reads; how much a finding matters is decided by the syntax rules of
 * {@code rules.Rules}, which grade each finding by its code. A finding the parser cannot read past leaves no
 * playlist and is reported as an error. The {@link #RECOVERABLE} ones leave a playlist, the one the canonical string
 * stands for, and are reported as warnings until the rules grade them.
 */
public final class ProcessParser {

    /** A defensive cap on input size; OSS documents no limit, and 11 maximal keys stay far below it. */
    public static final int MAX_LENGTH = 65_536;

    private static final Pattern RESOLUTION = Pattern.compile("(\\d{1,9})?x(\\d{1,9})?");

    /**
     * Codes of the findings the parser reads past: the job they leave is clear (clips in canonical order, a number
     * written in its plain form), whether OSS would take the string as written is the question the rules weigh.
     */
    public static final Set<String> RECOVERABLE = Set.of("interleaved_clips", "segment_position", "number_form");

    private ProcessParser() {}

    /**
     * @param playlist the playlist the string means, or {@code null} when there are errors
     * @param findings syntax errors and ordering warnings, with positions
     * @param marks    where each parameter starts; see {@link #positionOf}
     */
    public record Parsed(Playlist playlist, List<Violation> findings, List<Mark> marks) {

        public boolean ok() {
            return playlist != null;
        }

        /**
         * The character offset of the parameter at {@code path} ({@code ar}, {@code /pre[0].o}), or null, so that
         * the validator's findings can point into the string too. Paths are built only here, on demand: a valid
         * string never needs them.
         */
        public Integer positionOf(String path) {
            for (Mark m : marks) {
                if (m.path().equals(path)) {
                    return m.at();
                }
            }
            return null;
        }
    }

    /** A parameter of operation {@code op} ({@code index}-th /pre or /sur, else -1) starting at {@code at}. */
    public record Mark(Op op, int index, Param<?> param, int at) {

        String path() {
            return op == Op.PRE || op == Op.SUR ? Paths.processClip(op, index, param) : Paths.PROCESS.of(param);
        }
    }

    /**
     * @param bucket    bucket of the object the request is posted on, if known (the string does not name it)
     * @param sourceKey key of that object, if known
     */
    public static Parsed parse(String process, String bucket, String sourceKey) {
        return new Run(process).parse(bucket, sourceKey);
    }

    /** A part of the process string, [from, to), kept as offsets so that parsing copies only leaf values. */
    private record Span(int from, int to) {

        boolean isEmpty() {
            return from >= to;
        }
    }

    private static final class Run {
        private final String process;
        private final Findings findings = new Findings();
        private final List<Mark> marks = new ArrayList<>(64);

        private final Settings.Builder top = Settings.builder();
        private final List<Settings.Builder> pre = new ArrayList<>();
        private final List<Settings.Builder> sur = new ArrayList<>();
        private Settings.Builder segment;
        private Settings.Builder saveas;
        private Settings.Builder notify;

        Run(String process) {
            this.process = process;
        }

        Parsed parse(String bucket, String sourceKey) {
            if (process == null || process.isEmpty()) {
                error("process", "required", "the process string is empty", 0);
                return done(null);
            }
            if (process.length() > MAX_LENGTH) {
                error(
                        "process",
                        "too_long",
                        "the process string has " + process.length() + " characters; at most " + MAX_LENGTH
                                + " are accepted",
                        MAX_LENGTH);
                return done(null);
            }
            int bar = process.indexOf('|');
            parseMain(new Span(0, bar < 0 ? process.length() : bar));
            if (bar < 0) {
                error(
                        Op.SAVEAS.token(),
                        "missing_saveas",
                        "the string has no '|sys/saveas,o_...' part; "
                                + "async processing must save its result with sys/saveas",
                        process.length());
            } else {
                int second = process.indexOf('|', bar + 1);
                if (second >= 0) {
                    error(
                            "process",
                            "syntax",
                            "a second '|': a process string has one processing part and one " + "sys part",
                            second);
                }
                parseSys(new Span(bar + 1, second < 0 ? process.length() : second));
            }
            if (findings.hasErrors()) {
                return done(null);
            }
            return done(build(bucket, sourceKey));
        }

        private Parsed done(Playlist playlist) {
            return new Parsed(playlist, findings.all(), Collections.unmodifiableList(marks));
        }

        /** The pieces of {@code span} between {@code separator}s. */
        private List<Span> split(Span span, char separator) {
            List<Span> pieces = new ArrayList<>();
            int start = span.from();
            for (int i = span.from(); i <= span.to(); i++) {
                if (i == span.to() || process.charAt(i) == separator) {
                    pieces.add(new Span(start, i));
                    start = i + 1;
                }
            }
            return pieces;
        }

        /** The operation name at the start of {@code span}: up to the first comma. */
        private String opName(Span span) {
            int comma = process.indexOf(',', span.from());
            return process.substring(span.from(), comma < 0 || comma > span.to() ? span.to() : comma);
        }

        private void parseMain(Span main) {
            String head = Op.CONCAT.token();
            if (!startsWithOp(main, head)) {
                String got = process.substring(main.from(), main.to()).split(",", 2)[0];
                error(
                        "process",
                        "unknown_operation",
                        "the process must start with '" + head + "'; got '" + abbreviate(got) + "'",
                        0);
                return;
            }
            List<Span> ops = split(new Span(main.from() + head.length(), main.to()), '/');
            params(Op.CONCAT, top, ops.get(0), -1);
            boolean sawSur = false;
            boolean sawSegment = false;
            for (Span opSpan : ops.subList(1, ops.size())) {
                String name = opName(opSpan);
                Op op = switch (name) {
                    case "pre" -> Op.PRE;
                    case "sur" -> Op.SUR;
                    case "segment" -> Op.SEGMENT;
                    default -> null;
                };
                int at = opSpan.from() - 1;
                if (op == null) {
                    String hint = name.equals("saveas") || name.equals("sys") || name.equals("notify")
                            ? " (sys/saveas and /notify belong after '|')"
                            : "";
                    error(
                            "/" + name,
                            "unknown_operation",
                            "'/" + abbreviate(name) + "' is not an operation of "
                                    + "video/concat; expected /pre, /sur or /segment" + hint,
                            at);
                    continue;
                }
                Span rest = new Span(opSpan.from() + name.length(), opSpan.to());
                switch (op) {
                    case PRE -> {
                        if (sawSur) {
                            warning(
                                    Paths.processClip(Op.PRE, pre.size(), Param.CLIP_O),
                                    "interleaved_clips",
                                    "a /pre follows a /sur; OSS does not document how interleaved /pre and /sur "
                                            + "are ordered, and the canonical string lists every /pre first",
                                    at);
                        }
                        clipParams(op, pre, rest, at, sawSegment);
                    }
                    case SUR -> {
                        sawSur = true;
                        clipParams(op, sur, rest, at, sawSegment);
                    }
                    case SEGMENT -> {
                        if (segment != null) {
                            error(Op.SEGMENT.token(), "repeated_operation", "/segment appears more than once", at);
                            continue;
                        }
                        sawSegment = true;
                        segment = Settings.builder();
                        params(Op.SEGMENT, segment, rest, -1);
                    }
                    default -> throw new IllegalStateException(op.name());
                }
            }
        }

        private void clipParams(Op op, List<Settings.Builder> list, Span rest, int at, boolean afterSegment) {
            if (afterSegment) {
                warning(
                        Paths.processClip(op, list.size(), Param.CLIP_O),
                        "segment_position",
                        op.token()
                                + " follows /segment; OSS does not document this order, and the canonical string puts "
                                + "/segment after every clip",
                        at);
            }
            Settings.Builder values = Settings.builder();
            list.add(values);
            params(op, values, rest, list.size() - 1);
        }

        private void parseSys(Span sys) {
            String head = Op.SAVEAS.token();
            if (!startsWithOp(sys, head)) {
                error(
                        head,
                        "missing_saveas",
                        "the part after '|' must start with '" + head + "'; got '" + abbreviate(opName(sys)) + "'",
                        sys.from());
                return;
            }
            List<Span> ops = split(new Span(sys.from() + head.length(), sys.to()), '/');
            saveas = Settings.builder();
            params(Op.SAVEAS, saveas, ops.get(0), -1);
            for (Span opSpan : ops.subList(1, ops.size())) {
                String name = opName(opSpan);
                int at = opSpan.from() - 1;
                if (!name.equals("notify")) {
                    error(
                            "/" + name,
                            "unknown_operation",
                            "'/" + abbreviate(name) + "' is not allowed after " + "sys/saveas; only /notify is",
                            at);
                } else if (notify != null) {
                    error(Op.NOTIFY.token(), "repeated_operation", "/notify appears more than once", at);
                } else {
                    notify = Settings.builder();
                    params(Op.NOTIFY, notify, new Span(opSpan.from() + name.length(), opSpan.to()), -1);
                }
            }
        }

        /** {@code span} is empty or {@code ",name_value,name_value..."}. */
        private void params(Op op, Settings.Builder values, Span span, int clipIndex) {
            if (span.isEmpty()) {
                return;
            }
            for (Span token : split(new Span(span.from() + 1, span.to()), ',')) {
                param(op, values, token, clipIndex);
            }
        }

        private void param(Op op, Settings.Builder values, Span token, int clipIndex) {
            int at = token.from();
            int underscore = process.indexOf('_', at);
            underscore = underscore < 0 || underscore >= token.to() ? -1 : underscore - at;
            if (token.isEmpty()) {
                error(
                        op.token(),
                        "empty_parameter",
                        "an empty parameter (two commas in a row, or a comma at " + "the end) in " + op.token(),
                        at);
                return;
            }
            if (underscore <= 0) {
                error(
                        op.token(),
                        "malformed_parameter",
                        "'" + abbreviate(process.substring(at, token.to())) + "' in " + op.token()
                                + " is not of the form name_value",
                        at);
                return;
            }
            String name = process.substring(at, at + underscore);
            String raw = process.substring(at + underscore + 1, token.to());
            Param<?> p = Param.lookup(op, name);
            if (p == null) {
                error(
                        op.token() + "." + name,
                        "unknown_parameter",
                        "'" + abbreviate(name) + "' is not a parameter of " + op.token() + "; known: " + known(op),
                        at);
                return;
            }
            if (values.has(p)) {
                error(
                        new Mark(op, clipIndex, p, at).path(),
                        "repeated_parameter",
                        "'" + name + "' appears more than once in " + op.token() + " (again at character " + at + ")",
                        at);
                return;
            }
            Object value = value(p, raw, op, clipIndex, at);
            if (value != null) {
                values.put(p, value);
                marks.add(new Mark(op, clipIndex, p, at));
            }
        }

        private Object value(Param<?> p, String raw, Op op, int clipIndex, int at) {
            int valueAt = at + p.oss().length() + 1;
            Mark mark = new Mark(op, clipIndex, p, at);
            switch (p.kind()) {
                case INTEGER -> {
                    if (!isInteger(raw)) {
                        return malformed(mark.path(), p, raw, "an integer", valueAt);
                    }
                    long n = Long.parseLong(raw);
                    if ((p == Param.VN || p == Param.AN) && n != 0 && n != 1) {
                        return malformed(mark.path(), p, raw, "0 or 1", valueAt);
                    }
                    plainNumber(mark.path(), p, raw, Long.toString(n), valueAt);
                    return n;
                }
                case DECIMAL -> {
                    if (!isDecimal(raw)) {
                        return malformed(mark.path(), p, raw, "a decimal number such as 25 or 29.97", valueAt);
                    }
                    double d = Double.parseDouble(raw);
                    plainNumber(mark.path(), p, raw, ProcessRenderer.decimal(d), valueAt);
                    return d;
                }
                case TEXT -> {
                    if (!isWord(raw)) {
                        return malformed(mark.path(), p, raw, "a word of letters and digits", valueAt);
                    }
                    return raw;
                }
                case RESOLUTION -> {
                    Matcher m = RESOLUTION.matcher(raw);
                    if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
                        return malformed(mark.path(), p, raw, "WxH, Wx or xH, e.g. 1280x720", valueAt);
                    }
                    Resolution r = new Resolution(
                            m.group(1) == null ? null : Long.valueOf(m.group(1)),
                            m.group(2) == null ? null : Long.valueOf(m.group(2)));
                    plainNumber(mark.path(), p, raw, r.toString(), valueAt);
                    return r;
                }
                case NAME -> {
                    Base64Url.Decoded d = Base64Url.decode(raw);
                    if (d.problem() != null) {
                        error(
                                mark.path(),
                                raw.indexOf('=') >= 0 ? "base64_padding" : "bad_base64",
                                "'" + p.oss() + "' must be URL-safe Base64 of UTF-8 without " + "padding, but '"
                                        + abbreviate(raw) + "' " + d.problem(),
                                valueAt);
                        return null;
                    }
                    return d.text();
                }
                default -> throw new IllegalStateException(p.kind().name());
            }
        }

        /**
         * Reports a number not written the way OSS documents numbers (a leading zero, a sign on zero): the value is
         * read, and the canonical string carries its plain form, but whether OSS reads {@code 048000} as 48000 is
         * not documented.
         */
        private void plainNumber(String path, Param<?> p, String raw, String plain, int at) {
            if (!isPlain(raw)) {
                warning(
                        path,
                        "number_form",
                        "'" + p.oss() + "' is written '" + abbreviate(raw) + "'; write " + plain
                                + ": OSS documents numbers without leading zeros or a sign on zero",
                        at);
            }
        }

        private Object malformed(String path, Param<?> p, String raw, String expected, int at) {
            error(
                    path,
                    "malformed_value",
                    "'" + p.oss() + "' takes " + expected + "; got '" + abbreviate(raw) + "'",
                    at);
            return null;
        }

        private Playlist build(String bucket, String sourceKey) {
            Settings main = top.build();
            List<Clip> clips = new ArrayList<>();
            pre.forEach(m -> clips.add(clip(m)));
            clips.add(new Clip(sourceKey, or(main.get(Param.SS), 0L), or(main.get(Param.T), 0L)));
            sur.forEach(m -> clips.add(clip(m)));

            Video video = new Video(or(main.get(Param.VN), 0L) == 1, main.only(Param.Group.VIDEO));
            Audio audio = new Audio(or(main.get(Param.AN), 0L) == 1, main.only(Param.Group.AUDIO));
            Output output = new Output(
                    saveas.get(Param.SAVEAS_O),
                    saveas.get(Param.SAVEAS_B),
                    null,
                    main.get(Param.F),
                    video,
                    audio,
                    or(main.get(Param.ALIGN), 0L),
                    segment == null ? null : new Segment(segment.get(Param.SEGMENT_F), segment.get(Param.SEGMENT_T)));
            String topic = notify == null ? null : notify.get(Param.NOTIFY_TOPIC);
            if (notify != null && topic == null) {
                // "/notify" without a topic: keep the intent visible to the validator as an empty topic
                topic = "";
            }
            return new Playlist(Playlist.CURRENT_VERSION, bucket, clips, pre.size(), output, topic, null);
        }

        private static Clip clip(Settings.Builder m) {
            return new Clip(m.get(Param.CLIP_O), or(m.get(Param.CLIP_SS), 0L), or(m.get(Param.CLIP_T), 0L));
        }

        private static long or(Long value, long fallback) {
            return value == null ? fallback : value;
        }

        private void error(String path, String code, String message, int at) {
            findings.add(Violation.error(path, code, message + " (at character " + at + ")")
                    .at(at));
        }

        private void warning(String path, String code, String message, int at) {
            findings.add(Violation.warning(path, code, message + " (at character " + at + ")")
                    .at(at));
        }

        /** {@code -?\\d{1,18}}: fits a long, sign left to the rules. */
        private static boolean isInteger(String s) {
            int start = s.startsWith("-") ? 1 : 0;
            return s.length() > start && s.length() - start <= 18 && digits(s, start, s.length());
        }

        /** {@code -?\\d{1,9}(\\.\\d{1,9})?}: no exponent, no hex, no NaN, which Double.parseDouble would take. */
        private static boolean isDecimal(String s) {
            int start = s.startsWith("-") ? 1 : 0;
            int dot = s.indexOf('.');
            if (dot < 0) {
                return s.length() > start && s.length() - start <= 9 && digits(s, start, s.length());
            }
            return dot > start
                    && dot - start <= 9
                    && s.length() - dot - 1 >= 1
                    && s.length() - dot - 1 <= 9
                    && digits(s, start, dot)
                    && digits(s, dot + 1, s.length());
        }

        /**
         * No number in {@code s} (one, or the two sides of {@code WxH}) starts with a 0 followed by a digit, and
         * none is a negative zero.
         */
        static boolean isPlain(String s) {
            int start = 0;
            while (start <= s.length()) {
                int end = s.indexOf('x', start);
                end = end < 0 ? s.length() : end;
                String n = s.substring(start, end);
                boolean negative = n.startsWith("-");
                String unsigned = negative ? n.substring(1) : n;
                if (unsigned.length() > 1 && unsigned.charAt(0) == '0' && unsigned.charAt(1) != '.') {
                    return false;
                }
                if (negative && unsigned.chars().allMatch(c -> c == '0' || c == '.')) {
                    return false;
                }
                start = end + 1;
            }
            return true;
        }

        private static boolean digits(String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        /** {@code [A-Za-z0-9]+} */
        private static boolean isWord(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                    return false;
                }
            }
            return true;
        }

        private boolean startsWithOp(Span span, String op) {
            int end = span.from() + op.length();
            return end <= span.to()
                    && process.startsWith(op, span.from())
                    && (end == span.to() || process.charAt(end) == ',' || process.charAt(end) == '/');
        }

        private static String known(Op op) {
            return Param.values().stream()
                    .filter(p -> p.op() == (op == Op.SUR ? Op.PRE : op))
                    .map(Param::oss)
                    .collect(Collectors.joining(", "));
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 37) + "...";
        }
    }
}
