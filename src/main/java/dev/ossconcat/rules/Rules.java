package dev.ossconcat.rules;

import static dev.ossconcat.rules.Basis.advice;
import static dev.ossconcat.rules.Basis.confirmed;
import static dev.ossconcat.rules.Basis.inferred;
import static dev.ossconcat.rules.Basis.unverified;
import static dev.ossconcat.rules.Basis.wasted;

import dev.ossconcat.playlist.Param;
import dev.ossconcat.process.ProcessParser;
import dev.ossconcat.report.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule of OSS {@code video/concat} that the validator applies, as data. Each carries a {@link Basis}: its
 * evidence, the documents behind it (S-numbers of docs/sources.md, S1 being the OSS video-stitching page), and its
 * {@link Stake}, which alone decides whether a breach is an error or a warning. The validator and the parser read
 * nothing else, and docs/rules.md is generated from this class ({@link RulesReference}), so settling an unknown is a
 * change of one basis here.
 */
public final class Rules {

    private Rules() {}

    // ---- the clip list --------------------------------------------------------------------------------------

    /** At most 11 videos in one task, the source object included. */
    public static final int MAX_VIDEOS = 11;

    public static final Basis MAX_VIDEOS_BASIS = confirmed("S1, S2");

    /**
     * Clips in one playlist. More than {@link #MAX_VIDEOS} make a chunked job, a tree of tasks of at most 11 inputs
     * each (docs/chunked.md); 1,000 is three levels, and bounds the job's record and the work per notification.
     */
    public static final int MAX_CLIPS = 1000;

    public static final Basis MAX_CLIPS_BASIS = wasted(
            Evidence.CONFIRMED,
            "S1, S2",
            "more clips need a fourth level of tasks, and the work per completion message grows with them");

    /**
     * A chunked job moves to its next level when the completion messages of its parts arrive: without a notify topic
     * (subscribed to this function's {@code /notify}) none arrive, and its first level would be billed for nothing.
     */
    public static final Basis CHUNK_NOTIFY = wasted(
            Evidence.CONFIRMED, "S9, S11", "without completion messages a chunked job never gets past its parts");

    /** A join takes two videos at least: a {@code /pre} or {@code /sur} besides the source (see below). */
    public static final int MIN_VIDEOS = 2;

    /**
     * A concat with no {@code /pre} and no {@code /sur}: one video in all. Whether OSS accepts it is not documented;
     * at best it is a billed transcode of one video, which is what video/convert is for.
     */
    public static final Basis SINGLE_VIDEO = wasted(
            Evidence.UNVERIFIED,
            "S1",
            "a join of one video is at best a billed transcode of it; add a clip, or transcode with video/convert");

    /** {@code align} (and the playlist's {@code source}) are indexes into the clip list. */
    public static final Basis INDEX = confirmed("S1, S2");

    // ---- objects, buckets, variables, topics ------------------------------------------------------------------

    /** Object keys are 1..1023 bytes of UTF-8 and do not start with {@code /} or {@code \}. */
    public static final int KEY_MAX_BYTES = 1023;

    public static final Basis KEY = confirmed("S33");

    /**
     * Keys may not contain CR, LF or characters that XML 1.0 cannot carry (NUL and the other C0 controls but tab,
     * U+FFFE, U+FFFF, unpaired surrogates): the OSS SDK refuses such a key before sending anything ("cannot contain
     * LF or CR or unsupported chars in XML1.0", its OSSUtils), so a job with one could only fail at submission.
     */
    public static final Basis KEY_CHARACTERS = confirmed("S23, S33");

    /** A key with surrounding whitespace or a tab is legal but rarely the object meant. */
    public static final Basis KEY_WHITESPACE = advice(
            Evidence.CONFIRMED,
            "S1",
            "the REST example of S1 encodes its names with a trailing newline, an echo artefact; a key with"
                    + " surrounding whitespace rarely names the object meant");

    /** Bucket names: 3..63 of [a-z0-9-], starting and ending with a letter or digit. */
    public static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    public static final Basis BUCKET = confirmed("S32");

    /**
     * Variables that sys/saveas {@code b} and {@code o} may contain (S20 says both take variables; the names are
     * IMM's TargetURI variables, S21), each with a representative value from S21's examples. A name with variables
     * is checked with these values filled in; {@link #SOURCE_VARIABLES} take the job's own source object instead,
     * when it is known. {@code tags.*} is a family. Braces are escaped by doubling them.
     */
    public static final Map<String, String> OUTPUT_VARIABLES = orderedMap(
            "bucket", "test-bucket",
            "key", "path1/path2/name.png",
            "dirname", "path1/path2",
            "barename", "name",
            "basename", "name.png",
            "ext", "png",
            "year", "2022",
            "mon", "04",
            "day", "22",
            "hour", "14",
            "min", "38",
            "sec", "25",
            "t_year", "2022",
            "t_mon", "04",
            "t_day", "22",
            "t_hour", "14",
            "t_min", "38",
            "t_sec", "25",
            "streamindex", "0",
            "index", "1",
            "resolution", "1280x720",
            "autoext", "mp4");

    /** The variables that stand for the source object: filled from the job when its bucket and key are known. */
    public static final Set<String> SOURCE_VARIABLES =
            Set.of("bucket", "key", "dirname", "barename", "basename", "ext");

    public static final String OUTPUT_TAG_VARIABLE_PREFIX = "tags.";

    /** The representative value of a {@code tags.*} variable: tags are the caller's, S21 shows none. */
    public static final String OUTPUT_TAG_EXAMPLE = "tag";

    /**
     * An unknown variable in the output key: OSS may leave it as literal text, which is still a valid key, so the
     * job is only warned.
     */
    public static final Basis KEY_VARIABLE = advice(
            Evidence.INFERRED, "S20, S21", "an unknown variable may be left as literal text in the key, or refused");

    /**
     * Variables in the output bucket: allowed (S20), but only names that OSS can fill in, and the name must be a
     * valid bucket name once they are filled in; a bucket that cannot exist fails the task after it is billed.
     */
    public static final Basis BUCKET_VARIABLE = inferred("S20, S21, S32");

    /** A raw process string names no source object: its bucket and key cannot be checked. */
    public static final Basis SOURCE_NOT_GIVEN = advice(
            Evidence.CONFIRMED, "S1", "the string does not name the object it is posted on, so neither is checked");

    /** {@code /notify,topic}: an SMQ topic; an empty one names nothing. */
    public static final Basis NOTIFY_TOPIC = confirmed("S9");

    // ---- required parameters ----------------------------------------------------------------------------------

    /** Parameters the documents mark required. vcodec and acodec are not required when their stream is disabled. */
    public static final Map<Param<?>, Basis> REQUIRED = orderedMap(
            Param.F, confirmed("S1"),
            Param.VCODEC, confirmed("S1"),
            Param.ACODEC, confirmed("S1"),
            Param.CLIP_O, confirmed("S1"),
            Param.SAVEAS_O, confirmed("S8"),
            Param.SEGMENT_F, confirmed("S1"),
            Param.SEGMENT_T, confirmed("S1"));

    /**
     * Whether vcodec/acodec are still required when vn_1/an_1 disables the stream is not documented. A playlist
     * cannot name a codec for a stream it disables, so refusing would block every audio-only or silent output.
     */
    public static final Basis CODEC_REQUIRED_WHEN_DISABLED = unverified(
            "S1",
            Stake.MAY_WORK,
            "S1 marks vcodec and acodec required with no exception for vn_1 or an_1; a playlist cannot name a codec"
                    + " for a stream it disables");

    /** Settings next to {@code vn_1} or {@code an_1} have no stream to act on. */
    public static final Basis IGNORED_WITH_DISABLED_STREAM =
            advice(Evidence.CONFIRMED, "S4", "settings of a disabled stream have no effect");

    /** {@code vn_1} with {@code an_1}: an output with no stream at all. */
    public static final Basis NO_STREAMS = wasted(
            Evidence.UNVERIFIED, "S4", "vn_1 with an_1 leaves nothing to encode: at best an empty file is billed");

    /** OSS warns that concat may fail when {@code ar} or {@code ac} follow the align clip. */
    public static final Basis SAMPLE_RATE_AND_CHANNELS_UNSET = advice(
            Evidence.CONFIRMED,
            "S1, S7",
            "OSS warns that concat may fail when the align clip's sample rate or channel count does not suit the"
                    + " container");

    // ---- values -----------------------------------------------------------------------------------------------

    /**
     * An enumerated parameter's documented list, and how sure we are of each value in it. A value outside the list
     * is refused on the list's basis; a value in it whose basis is not a known rule gets a finding on its own basis.
     */
    public record Allowed(Basis basis, Map<String, Basis> values) {

        static Allowed of(Basis basis, String... names) {
            return new Allowed(basis, Map.of()).plus(basis, names);
        }

        Allowed plus(Basis valueBasis, String... names) {
            Map<String, Basis> m = new LinkedHashMap<>(values);
            for (String n : names) {
                m.put(n, valueBasis);
            }
            return new Allowed(basis, m);
        }

        /** Every value in the list, comma-separated. */
        public String list() {
            return String.join(", ", values.keySet());
        }

        /** The values accepted without a word: those whose own basis is a known rule. */
        public List<String> known() {
            return values.entrySet().stream()
                    .filter(e -> e.getValue().stake() == Stake.KNOWN)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    /** {@code f}: the video containers of S4, S16 and S17. */
    public static final Allowed CONTAINERS = Allowed.of(
                    confirmed("S4, S16, S17"), "mp4", "mkv", "mov", "asf", "avi", "mxf", "ts", "flv")
            .plus(
                    unverified(
                            "S4",
                            Stake.MAY_WORK,
                            "webm is documented for video/convert only; mkv is the documented container for the"
                                    + " same codecs"),
                    "webm")
            .plus(
                    unverified(
                            "S4, S17",
                            Stake.MAY_WORK,
                            "audio-only containers are documented for video/convert and IMM, not for video/concat;"
                                    + " no documented container gives an audio-only file"),
                    "mp3",
                    "aac",
                    "flac",
                    "oga",
                    "ac3",
                    "opus")
            .plus(
                    unverified(
                            "S4",
                            Stake.MAY_WORK,
                            "an audio-only container of video/convert, not documented for video/concat or IMM"),
                    "amr");

    /** The audio-only containers among {@link #CONTAINERS}: IMM lists them apart from the video containers. */
    public static final Set<String> AUDIO_ONLY_CONTAINERS = Set.of("mp3", "aac", "flac", "oga", "ac3", "opus", "amr");

    /** {@code vcodec}. */
    public static final Allowed VIDEO_CODECS = Allowed.of(confirmed("S4"), "h264", "h265", "vp9");

    /** {@code acodec}. */
    public static final Allowed AUDIO_CODECS =
            Allowed.of(confirmed("S6"), "mp3", "aac", "flac", "vorbis", "ac3", "opus", "amr", "pcm");

    /** {@code copy} exists for video/convert but "cannot be used in video merging scenarios". */
    public static final String COPY_CODEC = "copy";

    public static final Basis COPY = confirmed("S5, S6");

    /** {@code pixfmt}: the IMM TargetVideo list (confirmed for IMM). */
    public static final Allowed PIXEL_FORMATS = Allowed.of(
            inferred("S5"), "yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv422p10le", "yuv444p10le", "yuva420p");

    /** {@code scaletype}: IMM ScaleType values; {@code fit} is seen accepted in console styles (S15). */
    public static final Allowed SCALE_TYPES = Allowed.of(inferred("S5, S15"), "stretch", "crop", "fill", "fit");

    /** {@code /segment,f}: IMM Segment.Format. */
    public static final Allowed SEGMENT_FORMATS = Allowed.of(inferred("S19"), "hls", "dash");

    /** Which list each enumerated parameter takes its values from; the validator and the docs read it here. */
    public static final Map<Param<?>, Allowed> ENUMERATIONS = orderedMap(
            Param.F, CONTAINERS,
            Param.VCODEC, VIDEO_CODECS,
            Param.ACODEC, AUDIO_CODECS,
            Param.PIXFMT, PIXEL_FORMATS,
            Param.SCALETYPE, SCALE_TYPES,
            Param.SEGMENT_F, SEGMENT_FORMATS);

    /** Every documented value is lower case; {@code MP4} may well be refused, and {@code mp4} asks the same. */
    public static final Basis LETTER_CASE = unverified(
            "S1, S4",
            Stake.SAFE_FORM,
            "every documented value is lower case, and whether OSS folds case is not documented");

    /** {@code ar}: the IMM TargetAudio list (the IMM docs print 12025 for 11025, a typo). */
    public static final List<Long> SAMPLE_RATES =
            List.of(8000L, 11025L, 12000L, 16000L, 22050L, 24000L, 32000L, 44100L, 48000L, 64000L, 88200L, 96000L);

    public static final Basis SAMPLE_RATES_BASIS = inferred("S6");

    // ---- numbers ----------------------------------------------------------------------------------------------

    /** Values of the 0/1/2 option parameters (fixed, adaptive, fail) and other small choices. */
    public record Choice(Param<Long> param, Set<Long> values, Basis basis) {}

    public static final List<Choice> CHOICES = List.of(
            new Choice(Param.FPSOPT, Set.of(0L, 1L, 2L), confirmed("S4")),
            new Choice(Param.SOPT, Set.of(0L, 1L, 2L), inferred("S5")), // IMM ResolutionOption, fpsopt's pattern
            new Choice(Param.VBOPT, Set.of(0L, 1L, 2L), inferred("S5")), // IMM BitrateOption
            new Choice(Param.ABOPT, Set.of(0L, 1L, 2L), inferred("S6, S15")), // IMM BitrateOption
            new Choice(Param.AROTATE, Set.of(0L, 1L), inferred("S5, S15")), // IMM AdaptiveResolutionDirection
            new Choice(Param.ADEPTH, Set.of(16L, 24L), confirmed("S1")));

    /**
     * A numeric range. {@code minExcluded} is the basis for refusing {@code min} itself, for ranges such as fps
     * (0, 240]; {@code null} when {@code min} is allowed.
     */
    public record Range(Param<?> param, double min, Basis minExcluded, double max, Basis basis) {

        static Range closed(Param<?> param, double min, double max, Basis basis) {
            return new Range(param, min, null, max, basis);
        }

        public boolean contains(double v) {
            return (minExcluded != null ? v > min : v >= min) && v <= max;
        }

        /** The basis a value breaks: the excluded bound's when it is exactly that bound, else the range's. */
        public Basis basisFor(double v) {
            return minExcluded != null && v == min ? minExcluded : basis;
        }

        public String text() {
            return (minExcluded != null ? "(" : "[") + num(min) + ", " + num(max) + "]";
        }

        static String num(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    public static final List<Range> RANGES = List.of(
            new Range(
                    Param.FPS,
                    0,
                    unverified(
                            "S1",
                            Stake.SAFE_FORM,
                            "S1 gives 0~240 without saying what 0 would mean; leaving fps out keeps the align"
                                    + " clip's rate"),
                    240,
                    confirmed("S1")),
            Range.closed(Param.G, 1, 100_000, confirmed("S1, S5")),
            Range.closed(Param.VB, 10_000, 100_000_000, confirmed("S1")),
            Range.closed(Param.CRF, 0, 51, confirmed("S1, S5")),
            Range.closed(Param.MAXRATE, 10_000, 100_000_000, confirmed("S1")),
            Range.closed(Param.BUFSIZE, 10_000, 200_000_000, confirmed("S1")),
            Range.closed(Param.AQ, 0, 100, confirmed("S1")),
            Range.closed(Param.AB, 1_000, 10_000_000, confirmed("S1")),
            Range.closed(Param.AC, 1, 8, confirmed("S1")),
            Range.closed(Param.SEGMENT_T, 0, 3_600_000, confirmed("S1")));

    /** Each side of {@code s}: IMM's Resolution (confirmed for IMM); 0 is no size. */
    public static final Range RESOLUTION_SIDE = new Range(Param.S, 0, inferred("S5"), 4096, inferred("S5"));

    /**
     * Clip start and duration ({@code ss}, {@code t}): non-negative milliseconds (negative ones are meaningless,
     * S2, S3) that fit the {@code int} S1 gives them; a larger value could wrap around in a 32-bit field.
     */
    public static final Range CLIP_TIME = Range.closed(Param.CLIP_SS, 0, Integer.MAX_VALUE, inferred("S1, S2, S3"));

    /**
     * Which sides of {@code s} an encoder needs even, per pixel format: 4:2:0 both, 4:2:2 the width. h264 and h265
     * encoders refuse an odd side there (S34); vp9 takes any size. An unset {@code pixfmt} follows the align clip,
     * which is 4:2:0 in nearly every video, so it is checked as 4:2:0.
     */
    public record EvenSides(Set<String> codecs, Map<String, Boolean> heightToo, String assumedPixelFormat) {}

    public static final EvenSides EVEN_SIDES = new EvenSides(
            Set.of("h264", "h265"),
            orderedMap(
                    "yuv420p", true,
                    "yuv420p10le", true,
                    "yuva420p", true,
                    "yuv422p", false,
                    "yuv422p10le", false),
            "yuv420p");

    public static final Basis EVEN_SIDES_BASIS = unverified(
            "S34",
            Stake.SAFE_FORM,
            "the h264 and h265 encoders refuse an odd side in 4:2:0 (an odd width in 4:2:2); whether IMM rounds it"
                    + " first is not documented, and a side one pixel off is safe");

    // ---- pairs ------------------------------------------------------------------------------------------------

    /** {@code a} and {@code b} select different rate-control algorithms. */
    public record Exclusive(Param<?> a, Param<?> b, Basis basis) {}

    public static final List<Exclusive> EXCLUSIVE = List.of(
            new Exclusive(Param.VB, Param.CRF, confirmed("S1")), new Exclusive(Param.AQ, Param.AB, confirmed("S1")));

    /** "{@code option} must be set together with {@code needs}". */
    public record Requires(Param<?> option, Param<?> needs, Basis basis) {}

    public static final List<Requires> REQUIRES = List.of(
            new Requires(Param.FPSOPT, Param.FPS, confirmed("S1")),
            new Requires(Param.SOPT, Param.S, confirmed("S1")),
            new Requires(Param.VBOPT, Param.VB, confirmed("S1")),
            new Requires(Param.MAXRATE, Param.CRF, confirmed("S1")),
            new Requires(Param.BUFSIZE, Param.CRF, confirmed("S1")),
            new Requires(Param.ABOPT, Param.AB, confirmed("S1")),
            new Requires(Param.SCALETYPE, Param.S, inferred("S5")), // IMM: ScaleType needs Resolution
            new Requires(Param.MAXRATE, Param.BUFSIZE, inferred("S5"))); // IMM: MaxBitrate needs BufferSize

    /** A container that refuses some codecs. */
    public record Refuses(String container, Set<String> codecs, Basis basis) {

        /** A container that takes only {@code kept} of {@code all}. */
        static Refuses allBut(String container, Allowed all, Basis basis, String... kept) {
            Set<String> refused = new LinkedHashSet<>(all.values().keySet());
            Arrays.asList(kept).forEach(refused::remove);
            return new Refuses(container, Set.copyOf(refused), basis);
        }
    }

    /**
     * "mxf and flv do not support h265" (S1); webm holds only VP8/VP9/AV1 video (S35); the audio-only containers
     * hold no video (S17 lists them as audio-only).
     */
    public static final List<Refuses> VIDEO_REFUSED = concat(
            List.of(
                    new Refuses("mxf", Set.of("h265"), confirmed("S1")),
                    new Refuses("flv", Set.of("h265"), confirmed("S1")),
                    new Refuses("webm", Set.of("h264", "h265"), inferred("S35"))),
            AUDIO_ONLY_CONTAINERS.stream()
                    .sorted()
                    .map(c -> Refuses.allBut(c, VIDEO_CODECS, inferred("S4, S17")))
                    .toList());

    /**
     * The acodec note of S1; webm holds only Vorbis/Opus audio (S35); an audio-only container holds the codec it is
     * named after, and Ogg holds Vorbis, Opus and FLAC (S36).
     */
    public static final List<Refuses> AUDIO_REFUSED = List.of(
            new Refuses("mp4", Set.of("pcm"), confirmed("S1")),
            new Refuses("mov", Set.of("flac", "opus"), confirmed("S1")),
            new Refuses("asf", Set.of("opus"), confirmed("S1")),
            new Refuses("avi", Set.of("opus"), confirmed("S1")),
            Refuses.allBut("mxf", AUDIO_CODECS, confirmed("S1"), "pcm"),
            new Refuses("ts", Set.of("flac", "vorbis", "amr", "pcm"), confirmed("S1")),
            new Refuses("flv", Set.of("flac", "vorbis", "amr", "opus", "pcm"), confirmed("S1")),
            Refuses.allBut("webm", AUDIO_CODECS, inferred("S35"), "vorbis", "opus"),
            Refuses.allBut("mp3", AUDIO_CODECS, inferred("S4, S17"), "mp3"),
            Refuses.allBut("aac", AUDIO_CODECS, inferred("S4, S17"), "aac"),
            Refuses.allBut("flac", AUDIO_CODECS, inferred("S4, S17"), "flac"),
            Refuses.allBut("oga", AUDIO_CODECS, inferred("S17, S36"), "vorbis", "opus", "flac"),
            Refuses.allBut("ac3", AUDIO_CODECS, inferred("S4, S17"), "ac3"),
            Refuses.allBut("opus", AUDIO_CODECS, inferred("S4, S17, S36"), "opus"),
            Refuses.allBut("amr", AUDIO_CODECS, inferred("S4"), "amr"));

    /** vp9 is documented for no container; mkv and webm hold it for sure. */
    public static final Set<String> VP9_SAFE_CONTAINERS = Set.of("mkv", "webm");

    public static final Basis VP9_CONTAINER = unverified(
            "S1, S35",
            Stake.MAY_WORK,
            "vp9 is documented for no container; mkv and webm hold it for sure, another container gives another"
                    + " file");

    /** Sample rates a codec accepts ("mp3 48 kHz and below", ...). */
    public static final Map<String, Set<Long>> CODEC_SAMPLE_RATES = orderedMap(
            "mp3", Set.of(8000L, 11025L, 12000L, 16000L, 22050L, 24000L, 32000L, 44100L, 48000L),
            "opus", Set.of(8000L, 12000L, 16000L, 24000L, 48000L),
            "ac3", Set.of(32000L, 44100L, 48000L),
            "amr", Set.of(8000L, 16000L));

    /** Most channels a codec accepts: mp3 mono/stereo, ac3 5.1, amr mono. */
    public static final Map<String, Long> CODEC_MAX_CHANNELS = orderedMap("mp3", 2L, "ac3", 6L, "amr", 1L);

    /** The basis of {@link #CODEC_SAMPLE_RATES} and {@link #CODEC_MAX_CHANNELS}: the ar and ac notes of S1. */
    public static final Basis CODEC_AUDIO = confirmed("S1, S6");

    /** {@code adepth} only takes effect with flac. */
    public static final String BIT_DEPTH_CODEC = "flac";

    public static final Basis BIT_DEPTH = confirmed("S1, S6");

    /** {@code pixfmt=yuva420p} only with vp9 (confirmed for IMM). */
    public static final String ALPHA_PIXEL_FORMAT = "yuva420p";

    public static final String ALPHA_CODEC = "vp9";
    public static final Basis ALPHA = inferred("S5");

    // ---- segments ---------------------------------------------------------------------------------------------

    /** Segmentation only works with these containers. */
    public static final Set<String> SEGMENT_CONTAINERS = Set.of("mp4", "ts");

    public static final Basis SEGMENT_CONTAINER = confirmed("S1");

    /**
     * The container each segment format is documented or standard with: HLS over MPEG-TS (IMM's example, S19), DASH
     * over fragmented MP4. The crossed pairs exist in their specifications (HLS with fMP4 since version 7) but not in
     * an OSS or IMM document.
     */
    public static final Map<String, String> SEGMENT_PAIRINGS = orderedMap("hls", "ts", "dash", "mp4");

    public static final Basis SEGMENT_PAIRING = unverified(
            "S19",
            Stake.MAY_WORK,
            "IMM documents hls over ts; hls over mp4 and dash over ts are packagings of their own that OSS does not"
                    + " mention, and the documented pair gives other files");

    // ---- the process string -----------------------------------------------------------------------------------

    /**
     * A syntax rule of the process string, applied by the parser. The parser reports what it reads and cannot see
     * these rules (the package order forbids it), so {@link Plan} grades each parser finding by the row of its code.
     * A finding the parser cannot read past must be an error; only {@link ProcessParser#RECOVERABLE} codes may be
     * weighed otherwise.
     */
    public record Syntax(String code, String rule, Basis basis) {

        public Syntax {
            if (!ProcessParser.RECOVERABLE.contains(code) && basis.severity() != Severity.ERROR) {
                throw new IllegalArgumentException(code + ": the parser cannot build a job past it");
            }
        }
    }

    public static final List<Syntax> SYNTAX = List.of(
            new Syntax(
                    "unknown_operation",
                    "`video/concat` then `/pre`, `/sur`, `/segment`; after `|`, `sys/saveas` then `/notify`",
                    confirmed("S1, S8, S9")),
            new Syntax("missing_saveas", "an async process ends in `|sys/saveas,...`", confirmed("S8")),
            new Syntax("syntax", "one processing part and one `sys` part, separated by one `|`", confirmed("S1, S8")),
            new Syntax("empty_parameter", "parameters are `name_value`, separated by single commas", confirmed("S1")),
            new Syntax("malformed_parameter", "every parameter is `name_value`", confirmed("S1")),
            new Syntax(
                    "malformed_value",
                    "values of the documented type: int, float, a word, `WxH`; `vn` and `an` are 0 or 1",
                    confirmed("S1, S4")),
            new Syntax(
                    "bad_base64",
                    "names and topics are URL-safe Base64 (`A-Za-z0-9-_`) of UTF-8 text",
                    confirmed("S1, S22")),
            new Syntax(
                    "base64_padding",
                    "names carry no `=` padding",
                    unverified(
                            "S1, S9, S22",
                            Stake.SAFE_FORM,
                            "every example strips the padding, one prose example keeps it; unpadded is safe")),
            new Syntax(
                    "unknown_parameter",
                    "only the parameters documented for the operation",
                    unverified(
                            "S1, S10, S18",
                            Stake.SAFE_FORM,
                            "video/convert parameters such as sn_1 are not documented for video/concat; leaving them"
                                    + " out is safe")),
            new Syntax(
                    "repeated_parameter",
                    "each parameter once per operation",
                    unverified(
                            "S1",
                            Stake.SAFE_FORM,
                            "which of two values OSS would use is not documented; writing it once is safe")),
            new Syntax(
                    "repeated_operation",
                    "`/segment` and `/notify` once",
                    unverified(
                            "S1, S9",
                            Stake.SAFE_FORM,
                            "which of two OSS would use is not documented; writing it once is safe")),
            new Syntax(
                    "number_form",
                    "numbers as OSS writes them: no leading zeros, no sign on zero",
                    unverified(
                            "S1",
                            Stake.SAFE_FORM,
                            "every documented number is plain decimal; a leading zero may be read as octal, or"
                                    + " refused")),
            new Syntax(
                    "interleaved_clips",
                    "every `/pre` before the first `/sur`",
                    unverified(
                            "S1",
                            Stake.MAY_WORK,
                            "S1 joins clips in string order but says nothing of a /pre after a /sur; the canonical"
                                    + " string puts every /pre first")),
            new Syntax(
                    "segment_position",
                    "`/segment` after every clip",
                    unverified(
                            "S1",
                            Stake.MAY_WORK,
                            "where /segment may stand is not documented; the canonical string puts it last")),
            new Syntax(
                    "too_long",
                    "at most " + ProcessParser.MAX_LENGTH + " characters",
                    unverified(
                            "S14",
                            Stake.SAFE_FORM,
                            "OSS refuses overlong strings without publishing the limit; 11 names of 1023 bytes need"
                                    + " under 16 KB")));

    /** The syntax rule with this code, or {@code null} for a code that is not a syntax rule. */
    public static Syntax syntax(String code) {
        for (Syntax s : SYNTAX) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        return null;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V> orderedMap(Object... keysAndValues) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
