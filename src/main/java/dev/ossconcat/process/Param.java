package dev.ossconcat.process;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Video;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every parameter of the process string, with the operation it belongs to, its OSS name, the kind of value it
 * takes and the playlist field it maps to. The declaration order inside each operation is the canonical render
 * order; it follows the official examples ({@code ss,f,vcodec,fps,vb,acodec,ab,ar,ac,align}) so that they render
 * back unchanged.
 */
public enum Param {
    SS(Op.CONCAT, "ss", Kind.INTEGER, "clips[%d].start"),
    T(Op.CONCAT, "t", Kind.INTEGER, "clips[%d].duration"),
    F(Op.CONCAT, "f", Kind.TEXT, "output.format"),
    VN(Op.CONCAT, "vn", Kind.INTEGER, "output.video"),
    VCODEC(Op.CONCAT, "vcodec", Kind.TEXT, "output.video.codec"),
    FPS(Op.CONCAT, "fps", Kind.DECIMAL, "output.video.fps"),
    FPSOPT(Op.CONCAT, "fpsopt", Kind.INTEGER, "output.video.fpsOption"),
    PIXFMT(Op.CONCAT, "pixfmt", Kind.TEXT, "output.video.pixelFormat"),
    S(Op.CONCAT, "s", Kind.RESOLUTION, "output.video.width"),
    SOPT(Op.CONCAT, "sopt", Kind.INTEGER, "output.video.resolutionOption"),
    SCALETYPE(Op.CONCAT, "scaletype", Kind.TEXT, "output.video.scaleType"),
    AROTATE(Op.CONCAT, "arotate", Kind.INTEGER, "output.video.adaptiveOrientation"),
    G(Op.CONCAT, "g", Kind.INTEGER, "output.video.gop"),
    VB(Op.CONCAT, "vb", Kind.INTEGER, "output.video.bitrate"),
    VBOPT(Op.CONCAT, "vbopt", Kind.INTEGER, "output.video.bitrateOption"),
    CRF(Op.CONCAT, "crf", Kind.DECIMAL, "output.video.crf"),
    MAXRATE(Op.CONCAT, "maxrate", Kind.INTEGER, "output.video.maxBitrate"),
    BUFSIZE(Op.CONCAT, "bufsize", Kind.INTEGER, "output.video.bufferSize"),
    AN(Op.CONCAT, "an", Kind.INTEGER, "output.audio"),
    ACODEC(Op.CONCAT, "acodec", Kind.TEXT, "output.audio.codec"),
    AB(Op.CONCAT, "ab", Kind.INTEGER, "output.audio.bitrate"),
    ABOPT(Op.CONCAT, "abopt", Kind.INTEGER, "output.audio.bitrateOption"),
    AQ(Op.CONCAT, "aq", Kind.INTEGER, "output.audio.quality"),
    AR(Op.CONCAT, "ar", Kind.INTEGER, "output.audio.sampleRate"),
    AC(Op.CONCAT, "ac", Kind.INTEGER, "output.audio.channels"),
    ADEPTH(Op.CONCAT, "adepth", Kind.INTEGER, "output.audio.bitDepth"),
    ALIGN(Op.CONCAT, "align", Kind.INTEGER, "output.align"),

    CLIP_O(Op.PRE, "o", Kind.NAME, "clips[%d].key"),
    CLIP_SS(Op.PRE, "ss", Kind.INTEGER, "clips[%d].start"),
    CLIP_T(Op.PRE, "t", Kind.INTEGER, "clips[%d].duration"),

    SEGMENT_F(Op.SEGMENT, "f", Kind.TEXT, "output.segment.format"),
    SEGMENT_T(Op.SEGMENT, "t", Kind.INTEGER, "output.segment.duration"),

    SAVEAS_B(Op.SAVEAS, "b", Kind.NAME, "output.bucket"),
    SAVEAS_O(Op.SAVEAS, "o", Kind.NAME, "output.key"),

    NOTIFY_TOPIC(Op.NOTIFY, "topic", Kind.NAME, "notify.topic");

    /** What a value looks like in the string. */
    public enum Kind {
        /** decimal digits, optionally with a leading minus (so that the rules, not the parser, report the sign) */
        INTEGER,
        /** digits with an optional fraction, e.g. {@code 29.97} */
        DECIMAL,
        /** a word such as {@code h264} */
        TEXT,
        /** {@code WxH}, {@code Wx} or {@code xH} */
        RESOLUTION,
        /** URL-safe Base64 of UTF-8 without padding */
        NAME
    }

    private final Op op;
    private final String oss;
    private final Kind kind;
    private final String playlistPath;

    Param(Op op, String oss, Kind kind, String playlistPath) {
        this.op = op;
        this.oss = oss;
        this.kind = kind;
        this.playlistPath = playlistPath;
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

    /** The playlist field, with {@code %d} for the clip index where the parameter belongs to a clip. */
    public String playlistPath() {
        return playlistPath;
    }

    /**
     * The value this top-level or {@code /segment} parameter has in {@code playlist}, as the canonical string
     * carries it: {@code null} when unset or when equal to a default that means "nothing to do" ({@code ss_0},
     * {@code t_0}, {@code vn_0}, {@code an_0}, {@code align_0}). Clip, saveas and notify parameters are read from
     * their own records.
     */
    public Object valueIn(Playlist playlist) {
        Output out = playlist.output();
        Video v = out.video();
        Audio a = out.audio();
        Clip source = playlist.sourceClip();
        return switch (this) {
            case SS -> source == null ? null : nonZero(source.start());
            case T -> source == null ? null : nonZero(source.duration());
            case F -> out.format();
            case VN -> v.disabled() ? 1L : null;
            case VCODEC -> v.codec();
            case FPS -> v.fps();
            case FPSOPT -> v.fpsOption();
            case PIXFMT -> v.pixelFormat();
            case S ->
                v.width() == null && v.height() == null ? null : ProcessRenderer.resolution(v.width(), v.height());
            case SOPT -> v.resolutionOption();
            case SCALETYPE -> v.scaleType();
            case AROTATE -> v.adaptiveOrientation();
            case G -> v.gop();
            case VB -> v.bitrate();
            case VBOPT -> v.bitrateOption();
            case CRF -> v.crf();
            case MAXRATE -> v.maxBitrate();
            case BUFSIZE -> v.bufferSize();
            case AN -> a.disabled() ? 1L : null;
            case ACODEC -> a.codec();
            case AB -> a.bitrate();
            case ABOPT -> a.bitrateOption();
            case AQ -> a.quality();
            case AR -> a.sampleRate();
            case AC -> a.channels();
            case ADEPTH -> a.bitDepth();
            case ALIGN -> nonZero(out.align());
            case SEGMENT_F -> out.segment() == null ? null : out.segment().format();
            case SEGMENT_T -> out.segment() == null ? null : out.segment().duration();
            case CLIP_O, CLIP_SS, CLIP_T, SAVEAS_B, SAVEAS_O, NOTIFY_TOPIC ->
                throw new IllegalArgumentException(this + " is not a top-level parameter");
        };
    }

    private static Long nonZero(long value) {
        return value == 0 ? null : value;
    }

    /** The parameter called {@code name} in operation {@code op}, or {@code null}. {@code /sur} shares {@code /pre}'s. */
    public static Param lookup(Op op, String name) {
        Op owner = op == Op.SUR ? Op.PRE : op;
        Map<String, Param> byName = BY_OP.get(owner);
        return byName == null ? null : byName.get(name);
    }

    private static final Map<Op, Map<String, Param>> BY_OP = new EnumMap<>(Op.class);

    static {
        for (Param p : values()) {
            BY_OP.computeIfAbsent(p.op, o -> new java.util.HashMap<>()).put(p.oss, p);
        }
    }
}
