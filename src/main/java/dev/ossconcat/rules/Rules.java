package dev.ossconcat.rules;

import static dev.ossconcat.rules.Evidence.CONFIRMED;
import static dev.ossconcat.rules.Evidence.INFERRED;
import static dev.ossconcat.rules.Evidence.UNVERIFIED;

import dev.ossconcat.playlist.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every value list, range and pairing rule of OSS {@code video/concat}, as data. Section numbers refer to
 * shared/reference/oss-video-concat.md; S1 is the seed page. When a live test settles an inferred or unverified
 * rule, change its {@link Evidence} or its values here; the validator reads nothing else.
 */
public final class Rules {

    private Rules() {}

    /** At most 11 videos in one task, the source object included. [C S1, S2] */
    public static final int MAX_VIDEOS = 11;

    /** Object keys are 1..1023 bytes of UTF-8. [C, OSS object naming] */
    public static final int KEY_MAX_BYTES = 1023;

    /** A value of an enumerated parameter and how sure we are that video/concat accepts it. */
    public record Allowed(Map<String, Evidence> values) {

        static Allowed of(Evidence evidence, String... names) {
            Map<String, Evidence> m = new LinkedHashMap<>();
            for (String n : names) {
                m.put(n, evidence);
            }
            return new Allowed(m);
        }

        Allowed plus(String name, Evidence evidence) {
            Map<String, Evidence> m = new LinkedHashMap<>(values);
            m.put(name, evidence);
            return new Allowed(m);
        }

        public String list() {
            return String.join(", ", values.keySet());
        }
    }

    /** {@code f}: the video containers of S4/S16/S17 [C]; webm appears only in the video/convert doc [U]. */
    public static final Allowed CONTAINERS = Allowed.of(
                    CONFIRMED, "mp4", "mkv", "mov", "asf", "avi", "mxf", "ts", "flv")
            .plus("webm", UNVERIFIED);

    /** {@code vcodec} [C S4]. */
    public static final Allowed VIDEO_CODECS = Allowed.of(CONFIRMED, "h264", "h265", "vp9");

    /** {@code acodec} [C S6]. */
    public static final Allowed AUDIO_CODECS =
            Allowed.of(CONFIRMED, "mp3", "aac", "flac", "vorbis", "ac3", "opus", "amr", "pcm");

    /** {@code copy} exists for video/convert but "cannot be used in video merging scenarios". [C S5, S6] */
    public static final String COPY_CODEC = "copy";

    /** {@code pixfmt}: the IMM TargetVideo list [C for IMM S5, I for OSS]. */
    public static final Allowed PIXEL_FORMATS = Allowed.of(
            INFERRED, "yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv422p10le", "yuv444p10le", "yuva420p");

    /** {@code scaletype}: IMM ScaleType values [I S5]; {@code fit} seen accepted in console styles (S15). */
    public static final Allowed SCALE_TYPES = Allowed.of(INFERRED, "stretch", "crop", "fill", "fit");

    /** {@code ar}: the IMM TargetAudio list (the IMM docs print 12025 for 11025, a typo) [I S6]. */
    public static final List<Long> SAMPLE_RATES =
            List.of(8000L, 11025L, 12000L, 16000L, 22050L, 24000L, 32000L, 44100L, 48000L, 64000L, 88200L, 96000L);

    public static final Evidence SAMPLE_RATES_EVIDENCE = INFERRED;

    /** {@code /segment,f}: IMM Segment.Format [I S19]. */
    public static final Allowed SEGMENT_FORMATS = Allowed.of(INFERRED, "hls", "dash");

    /** Which list each enumerated parameter takes its values from; the validator and the docs read it here. */
    public static final Map<Param<?>, Allowed> ENUMERATIONS = Map.of(
            Param.F, CONTAINERS,
            Param.VCODEC, VIDEO_CODECS,
            Param.ACODEC, AUDIO_CODECS,
            Param.PIXFMT, PIXEL_FORMATS,
            Param.SCALETYPE, SCALE_TYPES,
            Param.SEGMENT_F, SEGMENT_FORMATS);

    /** Segmentation only works with these containers. [C S1] */
    public static final Set<String> SEGMENT_CONTAINERS = Set.of("mp4", "ts");

    /** Values of the 0/1/2 option parameters (fixed, adaptive, fail). */
    public record Choice(Param<Long> param, Set<Long> values, Evidence evidence) {}

    public static final List<Choice> CHOICES = List.of(
            new Choice(Param.FPSOPT, Set.of(0L, 1L, 2L), CONFIRMED), // S4
            new Choice(Param.SOPT, Set.of(0L, 1L, 2L), INFERRED), // same pattern; IMM ResolutionOption
            new Choice(Param.VBOPT, Set.of(0L, 1L, 2L), INFERRED), // IMM BitrateOption
            new Choice(Param.ABOPT, Set.of(0L, 1L, 2L), INFERRED), // IMM BitrateOption (S6)
            new Choice(Param.AROTATE, Set.of(0L, 1L), INFERRED), // IMM AdaptiveResolutionDirection (bool)
            new Choice(Param.ADEPTH, Set.of(16L, 24L), CONFIRMED)); // S1

    /** A numeric range; {@code minExclusive} for ranges such as fps (0, 240]. */
    public record Range(Param<?> param, double min, boolean minExclusive, double max, Evidence evidence) {

        public boolean contains(double v) {
            return (minExclusive ? v > min : v >= min) && v <= max;
        }

        public String text() {
            return (minExclusive ? "(" : "[") + num(min) + ", " + num(max) + "]";
        }

        private static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    public static final List<Range> RANGES = List.of(
            // "0~240" [C S1]; whether exactly 0 is accepted is unknown, so 0 is refused (it cannot mean a rate)
            new Range(Param.FPS, 0, true, 240, CONFIRMED),
            new Range(Param.G, 1, false, 100_000, CONFIRMED),
            new Range(Param.VB, 10_000, false, 100_000_000, CONFIRMED),
            new Range(Param.CRF, 0, false, 51, CONFIRMED),
            new Range(Param.MAXRATE, 10_000, false, 100_000_000, CONFIRMED),
            new Range(Param.BUFSIZE, 10_000, false, 200_000_000, CONFIRMED),
            new Range(Param.AQ, 0, false, 100, CONFIRMED),
            new Range(Param.AB, 1_000, false, 10_000_000, CONFIRMED),
            new Range(Param.AC, 1, false, 8, CONFIRMED),
            new Range(Param.SEGMENT_T, 0, false, 3_600_000, CONFIRMED));

    /** Each side of {@code s} [C for IMM Resolution S5, I for OSS]. */
    public static final Range RESOLUTION_SIDE = new Range(Param.S, 0, true, 4096, INFERRED);

    /** Clip start/duration are non-negative milliseconds [I; negative values are meaningless]. */
    public static final Range CLIP_TIME = new Range(Param.CLIP_SS, 0, false, Long.MAX_VALUE, INFERRED);

    /** {@code a} and {@code b} select different rate-control algorithms. */
    public record Exclusive(Param<?> a, Param<?> b, Evidence evidence) {}

    public static final List<Exclusive> EXCLUSIVE =
            List.of(new Exclusive(Param.VB, Param.CRF, CONFIRMED), new Exclusive(Param.AQ, Param.AB, CONFIRMED));

    /** "{@code option} must be set together with {@code needs}". */
    public record Requires(Param<?> option, Param<?> needs, Evidence evidence) {}

    public static final List<Requires> REQUIRES = List.of(
            new Requires(Param.FPSOPT, Param.FPS, CONFIRMED),
            new Requires(Param.SOPT, Param.S, CONFIRMED),
            new Requires(Param.VBOPT, Param.VB, CONFIRMED),
            new Requires(Param.MAXRATE, Param.CRF, CONFIRMED),
            new Requires(Param.BUFSIZE, Param.CRF, CONFIRMED),
            new Requires(Param.ABOPT, Param.AB, CONFIRMED),
            new Requires(Param.SCALETYPE, Param.S, INFERRED), // IMM: ScaleType needs Resolution
            new Requires(Param.MAXRATE, Param.BUFSIZE, INFERRED)); // IMM: MaxBitrate needs BufferSize

    /** A container that refuses some codecs. */
    public record Refuses(String container, Set<String> codecs, Evidence evidence) {}

    /** "mxf and flv do not support h265" [C S1]; webm holds only VP8/VP9/AV1 video [I, the WebM spec]. */
    public static final List<Refuses> VIDEO_REFUSED = List.of(
            new Refuses("mxf", Set.of("h265"), CONFIRMED),
            new Refuses("flv", Set.of("h265"), CONFIRMED),
            new Refuses("webm", Set.of("h264", "h265"), INFERRED));

    /** The acodec note of S1 [C]; webm holds only Vorbis/Opus audio [I, the WebM spec]. */
    public static final List<Refuses> AUDIO_REFUSED = List.of(
            new Refuses("mp4", Set.of("pcm"), CONFIRMED),
            new Refuses("mov", Set.of("flac", "opus"), CONFIRMED),
            new Refuses("asf", Set.of("opus"), CONFIRMED),
            new Refuses("avi", Set.of("opus"), CONFIRMED),
            new Refuses("mxf", Set.of("mp3", "aac", "flac", "vorbis", "ac3", "opus", "amr"), CONFIRMED), // pcm only
            new Refuses("ts", Set.of("flac", "vorbis", "amr", "pcm"), CONFIRMED),
            new Refuses("flv", Set.of("flac", "vorbis", "amr", "opus", "pcm"), CONFIRMED),
            new Refuses("webm", Set.of("mp3", "aac", "flac", "ac3", "amr", "pcm"), INFERRED));

    /** vp9 is documented for no container; mkv and webm are the safe pairs [U S1, I general knowledge]. */
    public static final Set<String> VP9_SAFE_CONTAINERS = Set.of("mkv", "webm");

    /** Sample rates a codec accepts, as the set it allows [C S1, S6]. */
    public static final Map<String, Set<Long>> CODEC_SAMPLE_RATES = Map.of(
            "mp3", Set.of(8000L, 11025L, 12000L, 16000L, 22050L, 24000L, 32000L, 44100L, 48000L), // "48kHz and below"
            "opus", Set.of(8000L, 12000L, 16000L, 24000L, 48000L),
            "ac3", Set.of(32000L, 44100L, 48000L),
            "amr", Set.of(8000L, 16000L));

    /** Most channels a codec accepts [C S1, S6]: mp3 mono/stereo, ac3 5.1, amr mono. */
    public static final Map<String, Long> CODEC_MAX_CHANNELS = Map.of("mp3", 2L, "ac3", 6L, "amr", 1L);

    /** {@code adepth} only takes effect with flac [C S1]. */
    public static final String BIT_DEPTH_CODEC = "flac";

    /** {@code pixfmt=yuva420p} only with vp9 [C for IMM S5, I for OSS]. */
    public static final String ALPHA_PIXEL_FORMAT = "yuva420p";

    public static final String ALPHA_CODEC = "vp9";
    public static final Evidence ALPHA_EVIDENCE = INFERRED;

    /**
     * Whether vcodec/acodec are still required when vn_1/an_1 disables the stream is not documented [U]; we do
     * not require them and warn instead.
     */
    public static final Evidence CODEC_REQUIRED_WHEN_DISABLED = UNVERIFIED;

    /**
     * Variables that sys/saveas names may contain [C for IMM TargetURI S21, I for OSS S20]. {@code tags.*} is a
     * family. Braces are escaped by doubling them.
     */
    public static final Set<String> OUTPUT_VARIABLES = Set.of(
            "bucket",
            "key",
            "dirname",
            "barename",
            "basename",
            "ext",
            "year",
            "mon",
            "day",
            "hour",
            "min",
            "sec",
            "t_year",
            "t_mon",
            "t_day",
            "t_hour",
            "t_min",
            "t_sec",
            "streamindex",
            "index",
            "resolution",
            "autoext");

    public static final String OUTPUT_TAG_VARIABLE_PREFIX = "tags.";
    public static final Evidence OUTPUT_VARIABLES_EVIDENCE = INFERRED;

    /** Bucket names: 3..63 of [a-z0-9-], starting and ending with a letter or digit [C, OSS bucket naming]. */
    public static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
}
