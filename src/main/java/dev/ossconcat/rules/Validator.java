package dev.ossconcat.rules;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Segment;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.process.Paths;
import dev.ossconcat.report.Findings;
import dev.ossconcat.report.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a playlist against every rule in {@link Rules} and reports all findings at once. Pure: no I/O, no
 * framework. Each rule is one method named after what it checks, and every finding about an OSS rule takes its
 * severity from that rule's {@link Basis}; only the playlist's own schema (its version) is checked without one.
 */
public final class Validator {

    private final Playlist playlist;
    private final Paths paths;
    private final boolean sourceGiven;
    private final Findings findings = new Findings();

    private Validator(Playlist playlist, Paths paths, boolean sourceGiven) {
        this.playlist = playlist;
        this.paths = paths;
        this.sourceGiven = sourceGiven;
    }

    /** Validates a playlist; paths name playlist fields. */
    public static List<Violation> validate(Playlist playlist) {
        return new Validator(playlist, Paths.PLAYLIST, true).run();
    }

    /**
     * Validates what a process string means; paths name process parameters.
     *
     * @param sourceGiven whether the caller said which object the string is posted on; without it the source key
     *                    and bucket cannot be checked, which is reported once as a warning
     */
    public static List<Violation> validateProcess(Playlist playlist, boolean sourceGiven) {
        return new Validator(playlist, Paths.PROCESS, sourceGiven).run();
    }

    private List<Violation> run() {
        Output out = playlist.output();
        versionIsSupported();
        clipBucketIsNamed();
        clipCountWithinLimit();
        sourceInsideClips();
        for (int i = 0; i < playlist.clips().size(); i++) {
            clipIsWellFormed(i, playlist.clips().get(i));
        }
        alignInsideClips();
        containerIsKnown();
        videoCodecIsUsable();
        audioCodecIsUsable();
        enumerated(Param.PIXFMT, out.video().pixelFormat(), "pixel format");
        enumerated(Param.SCALETYPE, out.video().scaleType(), "scale type");
        Rules.RANGES.forEach(this::withinRange);
        resolutionWithinRange();
        sidesFitTheEncoder();
        Rules.CHOICES.forEach(this::isChoice);
        Rules.EXCLUSIVE.forEach(this::notBoth);
        Rules.REQUIRES.forEach(this::setTogether);
        videoCodecFitsContainer();
        audioCodecFitsContainer();
        sampleRateFitsCodec();
        channelsFitCodec();
        bitDepthOnlyWithFlac();
        alphaPixelFormatOnlyWithVp9();
        segmentIsUsable();
        outputKeyIsUsable();
        outputBucketIsNamed();
        notifyTopicIsSet();
        outputHasAStream();
        joinsMoreThanOneVideo();
        sampleRateAndChannelsAreSet();
        disabledStreamHasNoSettings();
        return findings.all();
    }

    // ---- playlist structure -------------------------------------------------------------------------------

    private void versionIsSupported() {
        // the playlist's own schema, not an OSS rule
        if (playlist.version() != Playlist.CURRENT_VERSION) {
            findings.error(
                    "version",
                    "unsupported_version",
                    "playlist version " + playlist.version() + " is not supported; the only version is "
                            + Playlist.CURRENT_VERSION);
        }
    }

    private void clipBucketIsNamed() {
        String path = paths.field("bucket", "source.bucket");
        if (playlist.bucket() == null) {
            if (sourceGiven) {
                // the request must be posted on an object in some bucket
                findings.error(path, "required", "no bucket: set 'bucket' (or configure a default bucket)");
            } else {
                add(
                        Rules.SOURCE_NOT_GIVEN,
                        "source",
                        "source_not_given",
                        "the process string does not name the object it "
                                + "is posted on; give source.bucket and source.key to check them too");
            }
            return;
        }
        bucketName(path, playlist.bucket());
    }

    private void clipCountWithinLimit() {
        int n = playlist.clips().size();
        String path = paths.field("clips", "video/concat");
        if (n == 0) {
            findings.error(path, "required", "the playlist has no clips");
        } else if (paths == Paths.PROCESS && n > Rules.MAX_VIDEOS) {
            // a process string is one task: it cannot be split
            add(
                    Rules.MAX_VIDEOS_BASIS,
                    path,
                    "too_many_clips",
                    n + " videos: OSS joins at most " + Rules.MAX_VIDEOS + " in one task, the source object included");
        } else if (n > Rules.MAX_CLIPS) {
            add(
                    Rules.MAX_CLIPS_BASIS,
                    path,
                    "too_many_clips",
                    n + " clips: a playlist has at most " + Rules.MAX_CLIPS + " (OSS joins at most "
                            + Rules.MAX_VIDEOS + " in one task; longer playlists become a tree of tasks, "
                            + "three levels at most)");
        } else if (n > Rules.MAX_VIDEOS && blank(playlist.notifyTopic())) {
            add(
                    Rules.CHUNK_NOTIFY,
                    paths.of(Param.NOTIFY_TOPIC),
                    "chunk_needs_notify",
                    n + " clips make a chunked job (OSS joins at most " + Rules.MAX_VIDEOS + " in one task), which "
                            + "moves on when its parts' completion messages arrive: set notify.topic to an SMQ "
                            + "topic subscribed to this function's /notify");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void sourceInsideClips() {
        int n = playlist.clips().size();
        if (n > 0 && (playlist.source() < 0 || playlist.source() >= n)) {
            add(
                    Rules.INDEX,
                    paths.field("source", "source"),
                    "index_out_of_range",
                    "source " + playlist.source() + " is not an index into the " + n + " clips (0.." + (n - 1) + ")");
        }
    }

    private void clipIsWellFormed(int i, Clip clip) {
        int source = playlist.source();
        if (clip.key() == null) {
            if (i != source || sourceGiven) {
                add(
                        Rules.REQUIRED.get(Param.CLIP_O),
                        paths.clip(i, source, Param.CLIP_O),
                        "required",
                        "clip " + i + " has no key");
            }
        } else if (!isPlainKey(clip.key())) {
            objectKey(paths.clip(i, source, Param.CLIP_O), clip.key(), "clip " + i + " key");
        }
        clipTime(paths.clip(i, source, Param.CLIP_SS), "clip " + i + " start (ss)", clip.start(), "from the beginning");
        clipTime(paths.clip(i, source, Param.CLIP_T), "clip " + i + " duration (t)", clip.duration(), "to the end");
    }

    private void clipTime(String path, String what, long ms, String zero) {
        Rules.Range r = Rules.CLIP_TIME;
        if (!r.contains(ms)) {
            add(
                    r.basisFor(ms),
                    path,
                    "out_of_range",
                    what + " is " + ms + " ms; it must be in " + r.text() + " (0 = " + zero + "; OSS types it int)");
        }
    }

    private void alignInsideClips() {
        long align = playlist.output().align();
        int n = playlist.clips().size();
        if (n > 0 && (align < 0 || align >= n)) {
            add(
                    Rules.INDEX,
                    paths.of(Param.ALIGN),
                    "index_out_of_range",
                    "align " + align + " is not an index into the " + n + " clips (0.." + (n - 1) + ")");
        }
    }

    // ---- enumerations -------------------------------------------------------------------------------------

    private void containerIsKnown() {
        String f = playlist.output().format();
        if (f == null) {
            add(
                    Rules.REQUIRED.get(Param.F),
                    paths.of(Param.F),
                    "required",
                    "the container (f) is required; one of " + Rules.CONTAINERS.list());
        } else {
            enumerated(Param.F, f, "container");
        }
    }

    private void videoCodecIsUsable() {
        Video v = playlist.output().video();
        codecIsUsable(Param.VCODEC, v.codec(), v.disabled(), Rules.VIDEO_CODECS, "video", "vn_1");
    }

    private void audioCodecIsUsable() {
        Audio a = playlist.output().audio();
        codecIsUsable(Param.ACODEC, a.codec(), a.disabled(), Rules.AUDIO_CODECS, "audio", "an_1");
    }

    private void codecIsUsable(
            Param<String> p, String codec, boolean disabled, Rules.Allowed allowed, String kind, String off) {
        String path = paths.of(p);
        if (codec == null) {
            if (!disabled) {
                add(
                        Rules.REQUIRED.get(p),
                        path,
                        "required",
                        "the " + kind + " codec (" + p.oss() + ") is required; one of " + allowed.list());
            } else {
                add(
                        Rules.CODEC_REQUIRED_WHEN_DISABLED,
                        path,
                        "unverified_rule",
                        "no " + p.oss()
                                + " with " + off + ": OSS documents " + p.oss()
                                + " as required and does not say whether "
                                + "that still holds without a " + kind + " stream");
            }
        } else if (Rules.COPY_CODEC.equals(codec)) {
            add(
                    Rules.COPY,
                    path,
                    "copy_not_allowed",
                    p.oss() + " 'copy' cannot be used for concatenation: every " + "clip is re-encoded; choose one of "
                            + allowed.list());
        } else {
            enumerated(p, codec, kind + " codec");
        }
    }

    /**
     * A value of an enumerated parameter: outside the list it is refused on the list's basis (in upper case, on
     * the basis of the letter-case rule); inside, a value whose own basis is not a known rule gets its finding.
     */
    private void enumerated(Param<?> p, String value, String what) {
        if (value == null) {
            return;
        }
        Rules.Allowed allowed = Rules.ENUMERATIONS.get(p);
        Basis b = allowed.values().get(value);
        String lower = value.toLowerCase(Locale.ROOT);
        if (b == null && allowed.values().containsKey(lower)) {
            add(
                    Rules.LETTER_CASE,
                    paths.of(p),
                    "letter_case",
                    what + " (" + p.oss() + ") '" + value + "' is not in lower case; write '" + lower
                            + "': OSS documents its values in lower case");
        } else if (b == null) {
            add(
                    allowed.basis(),
                    paths.of(p),
                    "not_allowed",
                    what + " (" + p.oss() + ") '" + value + "' is not one of " + allowed.list());
        } else if (b.stake() != Stake.KNOWN) {
            add(
                    b,
                    paths.of(p),
                    "unverified_value",
                    what + " (" + p.oss() + ") '" + value + "' is not documented for video/concat: " + b.why());
        }
    }

    // ---- numbers ------------------------------------------------------------------------------------------

    private void withinRange(Rules.Range r) {
        Object value = r.param().valueIn(playlist);
        if (value instanceof Number n && !r.contains(n.doubleValue())) {
            Basis b = r.basisFor(n.doubleValue());
            add(
                    b,
                    paths.of(r.param()),
                    "out_of_range",
                    r.param().oss() + " " + show(n) + " is outside " + r.text()
                            + (b == r.basis() ? "" : " (" + b.why() + ")"));
        }
    }

    private void resolutionWithinRange() {
        Video v = playlist.output().video();
        side(paths.width(), "width", v.width());
        side(paths.height(), "height", v.height());
    }

    private void side(String path, String name, Long value) {
        Rules.Range r = Rules.RESOLUTION_SIDE;
        if (value != null && !r.contains(value)) {
            add(
                    r.basisFor(value),
                    path,
                    "out_of_range",
                    "resolution (s) " + name + " " + value + " is outside " + r.text());
        }
    }

    /** h264 and h265 take no odd side in 4:2:0 (no odd width in 4:2:2); see {@link Rules#EVEN_SIDES}. */
    private void sidesFitTheEncoder() {
        Video v = playlist.output().video();
        Rules.EvenSides even = Rules.EVEN_SIDES;
        if (v.disabled() || v.codec() == null || !even.codecs().contains(v.codec())) {
            return;
        }
        String pix = v.pixelFormat() != null ? v.pixelFormat() : even.assumedPixelFormat();
        Boolean heightToo = even.heightToo().get(pix);
        if (heightToo == null) {
            return; // 4:4:4 or not a pixel format at all (reported elsewhere)
        }
        String pixel = v.pixelFormat() != null
                ? "pixfmt " + pix
                : "the align clip's pixel format (" + pix + " in nearly every video; set pixfmt to say otherwise)";
        String needs = heightToo ? "an even width and height" : "an even width";
        evenSide(paths.width(), "width", v.width(), v.codec(), pixel, needs);
        if (heightToo) {
            evenSide(paths.height(), "height", v.height(), v.codec(), pixel, needs);
        }
    }

    private void evenSide(String path, String name, Long value, String codec, String pixel, String needs) {
        if (value != null && value > 0 && value % 2 != 0) {
            add(
                    Rules.EVEN_SIDES_BASIS,
                    path,
                    "odd_dimension",
                    "resolution (s) " + name + " " + value + " is odd; vcodec " + codec + " with " + pixel + " needs "
                            + needs + ": use " + (value == 1 ? "2" : (value - 1) + " or " + (value + 1)));
        }
    }

    private void isChoice(Rules.Choice c) {
        Object value = c.param().valueIn(playlist);
        if (value != null && !c.values().contains(value)) {
            add(
                    c.basis(),
                    paths.of(c.param()),
                    "not_allowed",
                    c.param().oss() + " " + value + " is not one of "
                            + c.values().stream().sorted().toList());
        }
    }

    // ---- pairs --------------------------------------------------------------------------------------------

    private void notBoth(Rules.Exclusive x) {
        Object a = x.a().valueIn(playlist);
        Object b = x.b().valueIn(playlist);
        if (a != null && b != null) {
            add(
                    x.basis(),
                    paths.of(x.b()),
                    "mutually_exclusive",
                    x.a().oss() + " and " + x.b().oss()
                            + " are mutually exclusive; got " + x.a().oss() + " " + show(a) + " and " + x.b().oss()
                            + " "
                            + show(b));
        }
    }

    private void setTogether(Rules.Requires r) {
        Object option = r.option().valueIn(playlist);
        if (option != null && r.needs().valueIn(playlist) == null) {
            add(
                    r.basis(),
                    paths.of(r.option()),
                    "requires",
                    r.option().oss() + " " + show(option) + " must be set together with "
                            + r.needs().oss() + ", which is not set");
        }
    }

    private void videoCodecFitsContainer() {
        Video v = playlist.output().video();
        String f = playlist.output().format();
        if (v.disabled() || v.codec() == null || f == null) {
            return;
        }
        boolean refused = codecFitsContainer(Rules.VIDEO_REFUSED, Param.VCODEC, v.codec(), f);
        if (!refused && v.codec().equals("vp9") && !Rules.VP9_SAFE_CONTAINERS.contains(f)) {
            add(
                    Rules.VP9_CONTAINER,
                    paths.of(Param.VCODEC),
                    "unverified_value",
                    "vcodec vp9 in container " + f + " is not documented; mkv and webm are the pairings known to work");
        }
    }

    private void audioCodecFitsContainer() {
        Audio a = playlist.output().audio();
        String f = playlist.output().format();
        if (!a.disabled() && a.codec() != null && f != null) {
            codecFitsContainer(Rules.AUDIO_REFUSED, Param.ACODEC, a.codec(), f);
        }
    }

    /** True when {@code table} refuses {@code codec} in {@code f}. */
    private boolean codecFitsContainer(List<Rules.Refuses> table, Param<?> p, String codec, String f) {
        boolean refused = false;
        for (Rules.Refuses r : table) {
            if (r.container().equals(f) && r.codecs().contains(codec)) {
                String hint = p == Param.VCODEC && Rules.AUDIO_ONLY_CONTAINERS.contains(f)
                        ? ": it holds audio only; disable video (vn_1, or \"video\": false in a playlist)"
                        : "";
                add(
                        r.basis(),
                        paths.of(p),
                        "codec_container_mismatch",
                        "container " + f + " does not support " + p.oss() + " " + codec + hint);
                refused = true;
            }
        }
        return refused;
    }

    private void sampleRateFitsCodec() {
        Audio a = playlist.output().audio();
        Long ar = a.sampleRate();
        if (ar == null) {
            return;
        }
        if (!Rules.SAMPLE_RATES.contains(ar)) {
            add(
                    Rules.SAMPLE_RATES_BASIS,
                    paths.of(Param.AR),
                    "not_allowed",
                    "sample rate (ar) " + ar + " is not one of " + Rules.SAMPLE_RATES);
            return;
        }
        var allowed = a.codec() == null ? null : Rules.CODEC_SAMPLE_RATES.get(a.codec());
        if (allowed != null && !allowed.contains(ar)) {
            add(
                    Rules.CODEC_AUDIO,
                    paths.of(Param.AR),
                    "sample_rate_codec",
                    "acodec " + a.codec()
                            + " does not support sample rate (ar) " + ar + "; it supports "
                            + allowed.stream().sorted().toList());
        }
    }

    private void channelsFitCodec() {
        Audio a = playlist.output().audio();
        Long max = a.codec() == null ? null : Rules.CODEC_MAX_CHANNELS.get(a.codec());
        if (max != null && a.channels() != null && a.channels() > max) {
            add(
                    Rules.CODEC_AUDIO,
                    paths.of(Param.AC),
                    "channels_codec",
                    "acodec " + a.codec() + " supports at most " + max + " channel(s); ac is " + a.channels());
        }
    }

    private void bitDepthOnlyWithFlac() {
        Audio a = playlist.output().audio();
        if (a.bitDepth() != null && !Rules.BIT_DEPTH_CODEC.equals(a.codec())) {
            add(
                    Rules.BIT_DEPTH,
                    paths.of(Param.ADEPTH),
                    "adepth_requires_flac",
                    "adepth " + a.bitDepth() + " only applies with acodec " + Rules.BIT_DEPTH_CODEC + "; acodec is "
                            + a.codec());
        }
    }

    private void alphaPixelFormatOnlyWithVp9() {
        Video v = playlist.output().video();
        if (Rules.ALPHA_PIXEL_FORMAT.equals(v.pixelFormat()) && !Rules.ALPHA_CODEC.equals(v.codec())) {
            add(
                    Rules.ALPHA,
                    paths.of(Param.PIXFMT),
                    "pixfmt_requires_vp9",
                    "pixfmt "
                            + Rules.ALPHA_PIXEL_FORMAT + " is only supported with vcodec " + Rules.ALPHA_CODEC
                            + "; vcodec is " + v.codec());
        }
    }

    // ---- segment, target, notify --------------------------------------------------------------------------

    private void segmentIsUsable() {
        Segment s = playlist.output().segment();
        if (s == null) {
            return;
        }
        if (s.format() == null) {
            add(
                    Rules.REQUIRED.get(Param.SEGMENT_F),
                    paths.of(Param.SEGMENT_F),
                    "required",
                    "the segment format (/segment f) is required; " + "one of " + Rules.SEGMENT_FORMATS.list());
        } else {
            enumerated(Param.SEGMENT_F, s.format(), "segment format");
        }
        if (s.duration() == null) {
            add(
                    Rules.REQUIRED.get(Param.SEGMENT_T),
                    paths.of(Param.SEGMENT_T),
                    "required",
                    "the segment duration (/segment t, in ms) is " + "required");
        }
        String f = playlist.output().format();
        if (f == null) {
            return;
        }
        if (!Rules.SEGMENT_CONTAINERS.contains(f)) {
            add(
                    Rules.SEGMENT_CONTAINER,
                    paths.field("output.segment", "/segment"),
                    "segment_container",
                    "segmentation only "
                            + "works with containers "
                            + Rules.SEGMENT_CONTAINERS.stream().sorted().toList()
                            + "; f is " + f);
            return;
        }
        String paired = s.format() == null ? null : Rules.SEGMENT_PAIRINGS.get(s.format());
        if (paired != null && !paired.equals(f)) {
            add(
                    Rules.SEGMENT_PAIRING,
                    paths.of(Param.SEGMENT_F),
                    "segment_pairing",
                    "segment format " + s.format() + " over container " + f + " is not documented; " + s.format()
                            + " is documented over " + paired);
        }
    }

    private void outputKeyIsUsable() {
        String key = playlist.output().key();
        String path = paths.of(Param.SAVEAS_O);
        if (key == null) {
            add(Rules.REQUIRED.get(Param.SAVEAS_O), path, "required", "the output key (sys/saveas o) is required");
            return;
        }
        objectKey(path, key, "output key");
        if (OutputTemplate.hasBraces(key)) {
            variablesAreKnown(Rules.KEY_VARIABLE, path, "output key", OutputTemplate.parse(key));
        }
    }

    /** Reports stray braces and unknown variables of a sys/saveas name; true when there was nothing to report. */
    private boolean variablesAreKnown(Basis basis, String path, String what, OutputTemplate t) {
        for (OutputTemplate.Stray s : t.strays()) {
            add(
                    basis,
                    path,
                    "output_variable",
                    "the " + what + " has a '" + s.brace() + "' with no '" + (s.brace() == '{' ? '}' : '{')
                            + "' at character " + s.at() + "; write '" + s.brace() + s.brace()
                            + "' for a literal brace");
        }
        for (String name : t.unknownVariables()) {
            add(
                    basis,
                    path,
                    "output_variable",
                    "the " + what + " uses {" + name + "}, which is not a documented variable ("
                            + String.join(", ", Rules.OUTPUT_VARIABLES.keySet()) + ", tags.*)");
        }
        return t.strays().isEmpty() && t.unknownVariables().isEmpty();
    }

    /**
     * sys/saveas {@code b} takes variables (S20): their names are checked, and the name must be a valid bucket
     * once they are filled in, with this job's source object where it is known and representative values elsewhere.
     */
    private void outputBucketIsNamed() {
        String bucket = playlist.output().bucket();
        if (bucket == null) {
            return;
        }
        String path = paths.of(Param.SAVEAS_B);
        if (!OutputTemplate.hasBraces(bucket)) {
            bucketName(path, bucket);
            return;
        }
        OutputTemplate t = OutputTemplate.parse(bucket);
        if (!variablesAreKnown(Rules.BUCKET_VARIABLE, path, "output bucket", t)) {
            return;
        }
        String filled = t.fill(variableValues());
        if (!Rules.BUCKET_NAME.matcher(filled).matches()) {
            add(
                    Rules.BUCKET,
                    path,
                    "bucket_name",
                    "bucket " + quote(bucket) + " is not a valid OSS bucket name once its variables are filled in: "
                            + "it reads " + quote(filled) + " for "
                            + (sourceGiven && playlist.sourceClip() != null ? "this job" : "a typical job")
                            + " (3..63 lowercase letters, digits and hyphens, starting and ending with a letter or"
                            + " digit)");
        }
    }

    /** The representative variable values, with the ones that describe the source object taken from this job. */
    private Map<String, String> variableValues() {
        Map<String, String> values = new HashMap<>(Rules.OUTPUT_VARIABLES);
        if (playlist.bucket() != null) {
            values.put("bucket", playlist.bucket());
        }
        Clip source = playlist.sourceClip();
        if (source != null && source.key() != null) {
            String key = source.key();
            int slash = key.lastIndexOf('/');
            String basename = key.substring(slash + 1);
            int dot = basename.lastIndexOf('.');
            values.put("key", key);
            values.put("dirname", slash < 0 ? "" : key.substring(0, slash));
            values.put("basename", basename);
            values.put("barename", dot < 0 ? basename : basename.substring(0, dot));
            values.put("ext", dot < 0 ? "" : basename.substring(dot + 1));
        }
        return values;
    }

    private void notifyTopicIsSet() {
        String topic = playlist.notifyTopic();
        if (topic != null && topic.isBlank()) {
            add(
                    Rules.NOTIFY_TOPIC,
                    paths.of(Param.NOTIFY_TOPIC),
                    "required",
                    "the notify topic is empty; name an SMQ " + "topic or leave notify out");
        }
    }

    // ---- what the job is for ------------------------------------------------------------------------------

    private void outputHasAStream() {
        Output out = playlist.output();
        if (out.video().disabled() && out.audio().disabled()) {
            add(
                    Rules.NO_STREAMS,
                    paths.of(Param.AN),
                    "no_streams",
                    "vn_1 and an_1 together leave the output with no stream (\"video\": false and \"audio\": false in"
                            + " a playlist): " + Rules.NO_STREAMS.why());
        }
    }

    private void joinsMoreThanOneVideo() {
        int n = playlist.clips().size();
        if (n > 0 && n < Rules.MIN_VIDEOS) {
            add(
                    Rules.SINGLE_VIDEO,
                    paths.field("clips", "video/concat"),
                    "single_video",
                    paths.field("the playlist has one clip", "the string has no /pre and no /sur, so one video") + ": "
                            + Rules.SINGLE_VIDEO.why());
        }
    }

    // ---- warnings -----------------------------------------------------------------------------------------

    private void sampleRateAndChannelsAreSet() {
        Audio a = playlist.output().audio();
        if (a.disabled()) {
            return;
        }
        if (a.sampleRate() == null) {
            add(
                    Rules.SAMPLE_RATE_AND_CHANNELS_UNSET,
                    paths.of(Param.AR),
                    "ar_unset",
                    "the sample rate (ar) is not set: it then follows "
                            + "the align clip, and OSS warns that concat may fail when that rate does not suit the container");
        }
        if (a.channels() == null) {
            add(
                    Rules.SAMPLE_RATE_AND_CHANNELS_UNSET,
                    paths.of(Param.AC),
                    "ac_unset",
                    "the channel count (ac) is not set: it then follows "
                            + "the align clip, and OSS warns that concat may fail when that count does not suit the container");
        }
    }

    private void disabledStreamHasNoSettings() {
        Output out = playlist.output();
        if (out.video().disabled() && out.video().hasSettings()) {
            add(
                    Rules.IGNORED_WITH_DISABLED_STREAM,
                    paths.of(Param.VN),
                    "ignored_with_disabled_stream",
                    "video parameters are set " + "although vn_1 removes the video stream; they have no effect");
        }
        if (out.audio().disabled() && out.audio().hasSettings()) {
            add(
                    Rules.IGNORED_WITH_DISABLED_STREAM,
                    paths.of(Param.AN),
                    "ignored_with_disabled_stream",
                    "audio parameters are set " + "although an_1 removes the audio stream; they have no effect");
        }
    }

    // ---- shared checks ------------------------------------------------------------------------------------

    /**
     * True for the usual key that no key rule objects to: ASCII without control characters or surrounding spaces,
     * short enough, no leading slash. Lets the common case skip building paths and messages.
     */
    private static boolean isPlainKey(String key) {
        int n = key.length();
        if (n == 0
                || n > Rules.KEY_MAX_BYTES / 3
                || key.charAt(0) == '/'
                || key.charAt(0) == '\\'
                || key.charAt(0) == ' '
                || key.charAt(n - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private void objectKey(String path, String key, String what) {
        int bytes = utf8Length(key);
        if (bytes == 0) {
            add(Rules.KEY, path, "required", what + " is empty");
            return;
        }
        if (bytes > Rules.KEY_MAX_BYTES) {
            add(
                    Rules.KEY,
                    path,
                    "key_length",
                    what + " is " + bytes + " bytes of UTF-8; OSS keys are 1.." + Rules.KEY_MAX_BYTES + " bytes");
        }
        if (key.startsWith("/") || key.startsWith("\\")) {
            add(
                    Rules.KEY,
                    path,
                    "key_leading_slash",
                    what + " " + quote(key) + " starts with '" + key.charAt(0) + "', which OSS keys cannot");
        }
        int bad = unsendableCharacter(key);
        if (bad >= 0) {
            char c = key.charAt(bad);
            boolean lineBreak = c == '\n' || c == '\r';
            add(
                    Rules.KEY_CHARACTERS,
                    path,
                    "key_character",
                    what + " " + quote(key) + " contains " + String.format("U+%04X", (int) c) + " at character "
                            + bad
                            + (lineBreak && bad == key.length() - 1
                                    ? ", a trailing line break (probably an 'echo' artefact of Base64 encoding)"
                                    : "")
                            + "; OSS keys cannot contain CR, LF or characters that XML 1.0 cannot carry");
        } else if (!key.equals(key.strip())) {
            add(
                    Rules.KEY_WHITESPACE,
                    path,
                    "key_whitespace",
                    what + " " + quote(key) + " has leading or trailing whitespace");
        } else if (key.indexOf('\t') >= 0) {
            add(Rules.KEY_WHITESPACE, path, "key_whitespace", what + " " + quote(key) + " contains a tab");
        }
    }

    /**
     * The index of the first character the OSS SDK refuses in a key (CR, LF, or outside XML 1.0's Char production:
     * C0 controls but tab, U+FFFE, U+FFFF, unpaired surrogates), or -1.
     */
    static int unsendableCharacter(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The UTF-8 length of a well-formed string, without encoding it (this runs for every key of every job). */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void bucketName(String path, String bucket) {
        if (!Rules.BUCKET_NAME.matcher(bucket).matches()) {
            add(
                    Rules.BUCKET,
                    path,
                    "bucket_name",
                    "bucket " + quote(bucket) + " is not a valid OSS bucket name "
                            + "(3..63 lowercase letters, digits and hyphens, starting and ending with a letter or digit)");
        }
    }

    /** A finding about an OSS rule: its severity is the rule's, never decided here. */
    private void add(Basis basis, String path, String code, String message) {
        findings.add(new Violation(basis.severity(), path, code, message, null));
    }

    private static String show(Object value) {
        return value instanceof Double d ? dev.ossconcat.process.ProcessRenderer.decimal(d) : Objects.toString(value);
    }

    /** A key in double quotes with line breaks and control characters made visible, shortened when long. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("\"");
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
