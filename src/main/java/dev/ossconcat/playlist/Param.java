package dev.ossconcat.playlist;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every parameter of the {@code video/concat} process string, defined once: its operation and OSS name, the kind of
 * value it takes, where it lives in a playlist, and how it is documented. JSON reading and writing, process-string
 * parsing and rendering, the round-trip property tests and the parameter table of {@code docs/playlist.md} are all
 * derived from these definitions; the rules about values live in {@code rules.Rules}, keyed by the same constants.
 * <p>
 * The declaration order inside each operation is the canonical render order. It follows the official examples
 * ({@code ss,f,vcodec,fps,vb,acodec,ab,ar,ac,align}) so that they render back unchanged.
 * <p>
 * Video and audio parameters need nothing beyond their definition here: {@link Video} and {@link Audio} keep them in
 * {@link Settings}, read and written generically. The others are structural (clips, container, output names) and
 * have a field of their own in the playlist records; their definition says how to read that field.
 *
 * @param <T> the Java type of the value: {@code Long}, {@code Double}, {@code String} or {@link Resolution}
 */
public final class Param<T> {

    /** What a value looks like in the process string, and its Java and JSON type. */
    public enum Kind {
        /** decimal digits, optionally with a leading minus (so that the rules, not the parser, report the sign) */
        INTEGER(Long.class, "integer"),
        /** digits with an optional fraction, e.g. {@code 29.97} */
        DECIMAL(Double.class, "number"),
        /** a word such as {@code h264} */
        TEXT(String.class, "string"),
        /** {@code WxH}, {@code Wx} or {@code xH}; two integer fields in a playlist */
        RESOLUTION(Resolution.class, "integer"),
        /** URL-safe Base64 of UTF-8 without padding; plain text in a playlist */
        NAME(String.class, "string");

        private final Class<?> javaType;
        private final String jsonType;

        Kind(Class<?> javaType, String jsonType) {
            this.javaType = javaType;
            this.jsonType = jsonType;
        }

        /** The JSON type a playlist gives the value: {@code integer}, {@code number} or {@code string}. */
        public String jsonType() {
            return jsonType;
        }
    }

    /** Where the value lives in a playlist; {@link #prefix} is the path of that place. */
    public enum Group {
        CLIP("clips[%d]."),
        OUTPUT("output."),
        VIDEO("output.video."),
        AUDIO("output.audio."),
        SEGMENT("output.segment."),
        NOTIFY("notify.");

        private final String prefix;

        Group(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * How a parameter is documented in the playlist table, beside what the rules say of its values.
     *
     * @param unit  appended to the JSON type, e.g. {@code ms} or {@code bit/s}; empty for none
     * @param note  what the values mean, beyond the ranges, lists and pairings that the rules give
     * @param dflt  what happens when the playlist leaves it out
     */
    public record Doc(String unit, String note, String dflt) {}

    private static final List<Param<?>> ALL = new ArrayList<>();

    // ---- video/concat, top level: the source clip's trim, the container, the streams, align -----------------

    public static final Param<Long> SS = source("ss", "start");
    public static final Param<Long> T = source("t", "duration");
    public static final Param<String> F = new Param<>(
            Op.CONCAT,
            "f",
            Kind.TEXT,
            Group.OUTPUT,
            "format",
            p -> p.output().format(),
            new Doc("", "", "required unless a preset gives it"));
    /** {@code vn_1}: no video stream. In a playlist, {@code "video": false}. */
    public static final Param<Long> VN = new Param<>(
            Op.CONCAT,
            "vn",
            Kind.INTEGER,
            Group.OUTPUT,
            "video",
            p -> p.output().video().disabled() ? 1L : null,
            new Doc("", "`false` = no video stream (`vn_1`); otherwise an object of the fields below", "—"));

    public static final Param<String> VCODEC =
            video("vcodec", "codec", Kind.TEXT, "", "", "required unless a preset gives it");
    public static final Param<Double> FPS = video("fps", "fps", Kind.DECIMAL, "", "", "the align clip's");
    public static final Param<Long> FPSOPT = video(
            "fpsopt",
            "fpsOption",
            Kind.INTEGER,
            "",
            "0 always `fps`, 1 keep a lower source rate, 2 fail on a lower source rate",
            "OSS default");
    public static final Param<String> PIXFMT = video("pixfmt", "pixelFormat", Kind.TEXT, "", "", "the align clip's");
    public static final Param<Resolution> S = video(
            "s",
            "width",
            Kind.RESOLUTION,
            "",
            "`width` and `height` (`s` is `WxH`, `Wx` or `xH`); one or both",
            "the source resolution");
    public static final Param<Long> SOPT =
            video("sopt", "resolutionOption", Kind.INTEGER, "", "as `fpsOption`", "OSS default");
    public static final Param<String> SCALETYPE = video("scaletype", "scaleType", Kind.TEXT, "", "", "OSS default");
    public static final Param<Long> AROTATE = video(
            "arotate",
            "adaptiveOrientation",
            Kind.INTEGER,
            "",
            "1 = width and height become the long and short side",
            "OSS default");
    public static final Param<Long> G = video("g", "gop", Kind.INTEGER, "", "", "150");
    public static final Param<Long> VB = video("vb", "bitrate", Kind.INTEGER, "bit/s", "", "OSS picks by resolution");
    public static final Param<Long> VBOPT = video("vbopt", "bitrateOption", Kind.INTEGER, "", "", "OSS default");
    public static final Param<Double> CRF = video("crf", "crf", Kind.DECIMAL, "", "", "—");
    public static final Param<Long> MAXRATE = Param.<Long>video(
                    "maxrate", "maxBitrate", Kind.INTEGER, "bit/s", "", "0 = no cap; an explicit 0 is left out")
            .unsetBy(0L);
    public static final Param<Long> BUFSIZE = Param.<Long>video(
                    "bufsize", "bufferSize", Kind.INTEGER, "bits", "", "0 = none; an explicit 0 is left out")
            .unsetBy(0L);

    /** {@code an_1}: no audio stream. In a playlist, {@code "audio": false}. */
    public static final Param<Long> AN = new Param<>(
            Op.CONCAT,
            "an",
            Kind.INTEGER,
            Group.OUTPUT,
            "audio",
            p -> p.output().audio().disabled() ? 1L : null,
            new Doc("", "`false` = no audio stream (`an_1`); otherwise an object of the fields below", "—"));

    public static final Param<String> ACODEC =
            audio("acodec", "codec", Kind.TEXT, "", "", "required unless a preset gives it");
    public static final Param<Long> AB = audio("ab", "bitrate", Kind.INTEGER, "bit/s", "", "encoder default");
    public static final Param<Long> ABOPT = audio("abopt", "bitrateOption", Kind.INTEGER, "", "", "OSS default");
    public static final Param<Long> AQ = audio("aq", "quality", Kind.INTEGER, "", "", "encoder default");
    public static final Param<Long> AR = audio("ar", "sampleRate", Kind.INTEGER, "Hz", "", "the align clip's (warned)");
    public static final Param<Long> AC = audio("ac", "channels", Kind.INTEGER, "", "", "the align clip's (warned)");
    public static final Param<Long> ADEPTH = audio("adepth", "bitDepth", Kind.INTEGER, "", "", "—");

    public static final Param<Long> ALIGN = new Param<>(
            Op.CONCAT,
            "align",
            Kind.INTEGER,
            Group.OUTPUT,
            "align",
            p -> nonZero(p.output().align()),
            new Doc("", "index into `clips`: the clip whose properties fill unset parameters", "0"));

    // ---- /pre and /sur: one clip each --------------------------------------------------------------------

    public static final Param<String> CLIP_O =
            clip("o", "key", Kind.NAME, "", "not starting with `/` or `\\`", "required");
    public static final Param<Long> CLIP_SS = clip("ss", "start", Kind.INTEGER, "ms", "", "0 = from the beginning");
    public static final Param<Long> CLIP_T = clip("t", "duration", Kind.INTEGER, "ms", "", "0 = to the end");

    // ---- /segment ------------------------------------------------------------------------------------------

    public static final Param<String> SEGMENT_F = new Param<>(
            Op.SEGMENT,
            "f",
            Kind.TEXT,
            Group.SEGMENT,
            "format",
            p -> p.output().segment() == null ? null : p.output().segment().format(),
            new Doc("", "", "required with `segment`"));
    public static final Param<Long> SEGMENT_T = new Param<>(
            Op.SEGMENT,
            "t",
            Kind.INTEGER,
            Group.SEGMENT,
            "duration",
            p -> p.output().segment() == null ? null : p.output().segment().duration(),
            new Doc("ms", "", "required with `segment`"));

    // ---- sys/saveas and /notify ----------------------------------------------------------------------------

    public static final Param<String> SAVEAS_B = new Param<>(
            Op.SAVEAS,
            "b",
            Kind.NAME,
            Group.OUTPUT,
            "bucket",
            p -> p.output().bucket(),
            new Doc("", "a bucket in the same region; OSS variables such as `{bucket}`", "the clip bucket"));
    public static final Param<String> SAVEAS_O = new Param<>(
            Op.SAVEAS,
            "o",
            Kind.NAME,
            Group.OUTPUT,
            "key",
            p -> p.output().key(),
            new Doc("", "OSS variables such as `{autoext}`, `{year}`, `{index}`", "required"));
    public static final Param<String> NOTIFY_TOPIC = new Param<>(
            Op.NOTIFY,
            "topic",
            Kind.NAME,
            Group.NOTIFY,
            "topic",
            Playlist::notifyTopic,
            new Doc("", "an SMQ topic in the bucket's region", "`CONCAT_NOTIFY_TOPIC`"));

    private static final Map<Op, Map<String, Param<?>>> BY_OP = new EnumMap<>(Op.class);

    private static final Map<Group, List<Param<?>>> BY_GROUP = new EnumMap<>(Group.class);

    static {
        for (Param<?> p : ALL) {
            BY_OP.computeIfAbsent(p.op, o -> new HashMap<>()).put(p.oss, p);
        }
        for (Group g : Group.values()) {
            BY_GROUP.put(g, ALL.stream().filter(p -> p.group == g).toList());
        }
    }

    private final int ordinal;
    private final Op op;
    private final String oss;
    private final Kind kind;
    private final Group group;
    private final String field;
    private final Function<Playlist, T> reader;
    private final Doc doc;
    /**
     * The documented default that means "not set" ({@code maxrate_0}): a value equal to it is the same as leaving
     * the parameter out, so {@link Settings} drops it and no form of the string carries it; {@code null} for none.
     */
    private T unset;

    /**
     * @param field  the JSON field in its group's object (for {@link Kind#RESOLUTION}: the first of two)
     * @param reader the value in a playlist, for parameters that are not {@link Video} or {@link Audio} settings;
     *               {@code null} for clip parameters, which have a value per clip
     */
    private Param(Op op, String oss, Kind kind, Group group, String field, Function<Playlist, T> reader, Doc doc) {
        this.ordinal = ALL.size();
        this.op = op;
        this.oss = oss;
        this.kind = kind;
        this.group = group;
        this.field = field;
        this.reader = reader;
        this.doc = doc;
        ALL.add(this);
    }

    /** Declares {@code value} the documented default that means "not set"; see {@link #isUnset}. */
    private Param<T> unsetBy(T value) {
        this.unset = value;
        return this;
    }

    /**
     * True when {@code value} is this parameter's documented "not set" default, such as {@code maxrate_0}: writing
     * it asks OSS for nothing, so it is treated as absent everywhere (parsing, JSON, presets, the canonical string,
     * and the rules that need the parameter set, such as "maxrate needs crf").
     */
    public boolean isUnset(Object value) {
        return unset != null && unset.equals(value);
    }

    private static Param<Long> source(String oss, String field) {
        Function<Playlist, Long> reader = field.equals("start")
                ? p -> p.sourceClip() == null ? null : nonZero(p.sourceClip().start())
                : p -> p.sourceClip() == null ? null : nonZero(p.sourceClip().duration());
        return new Param<>(Op.CONCAT, oss, Kind.INTEGER, Group.CLIP, field, reader, new Doc("ms", "", ""));
    }

    private static <T> Param<T> video(String oss, String field, Kind kind, String unit, String note, String dflt) {
        return new Param<>(Op.CONCAT, oss, kind, Group.VIDEO, field, null, new Doc(unit, note, dflt));
    }

    private static <T> Param<T> audio(String oss, String field, Kind kind, String unit, String note, String dflt) {
        return new Param<>(Op.CONCAT, oss, kind, Group.AUDIO, field, null, new Doc(unit, note, dflt));
    }

    private static <T> Param<T> clip(String oss, String field, Kind kind, String unit, String note, String dflt) {
        return new Param<>(Op.PRE, oss, kind, Group.CLIP, field, null, new Doc(unit, note, dflt));
    }

    private static Long nonZero(long value) {
        return value == 0 ? null : value;
    }

    /** Every parameter, in declaration (canonical render) order. */
    public static List<Param<?>> values() {
        return Collections.unmodifiableList(ALL);
    }

    /** The parameters of {@code group}, in canonical order. */
    public static List<Param<?>> in(Group group) {
        return BY_GROUP.get(group);
    }

    /** The parameter called {@code name} in operation {@code op}, or {@code null}. {@code /sur} shares {@code /pre}'s. */
    public static Param<?> lookup(Op op, String name) {
        Map<String, Param<?>> byName = BY_OP.get(op == Op.SUR ? Op.PRE : op);
        return byName == null ? null : byName.get(name);
    }

    public Op op() {
        return op;
    }

    /** The name written in the process string. */
    public String oss() {
        return oss;
    }

    public Kind kind() {
        return kind;
    }

    public Group group() {
        return group;
    }

    public Doc doc() {
        return doc;
    }

    /** Declaration order: the canonical render order inside an operation. */
    public int ordinal() {
        return ordinal;
    }

    /** The playlist field, with {@code %d} for the clip index where the parameter belongs to a clip. */
    public String playlistPath() {
        return group.prefix + field;
    }

    /** The JSON fields in its group's object: one, or {@code width} and {@code height} for {@code s}. */
    public List<String> jsonFields() {
        return kind == Kind.RESOLUTION ? List.of("width", "height") : List.of(field);
    }

    /** {@code value} as this parameter's type; fails fast when a reader produced the wrong type. */
    public T cast(Object value) {
        @SuppressWarnings("unchecked")
        T t = (T) kind.javaType.cast(value);
        return t;
    }

    /**
     * The value this parameter has in {@code playlist}, as the canonical string carries it: {@code null} when unset
     * or when equal to a default that means "nothing to do" ({@code ss_0}, {@code t_0}, {@code vn_0}, {@code an_0},
     * {@code align_0}). Clip parameters have a value per clip and are read from the clips.
     */
    public T valueIn(Playlist playlist) {
        return switch (group) {
            case VIDEO -> playlist.output().video().get(this);
            case AUDIO -> playlist.output().audio().get(this);
            default -> {
                if (reader == null) {
                    throw new IllegalArgumentException(this + " has a value per clip");
                }
                yield reader.apply(playlist);
            }
        };
    }

    /** {@code vcodec}, {@code /segment,f}, {@code sys/saveas,o}: how the docs name it. */
    @Override
    public String toString() {
        return switch (op) {
            case CONCAT -> oss;
            case PRE, SUR -> "/pre,/sur " + oss;
            default -> op.token() + "," + oss;
        };
    }
}
