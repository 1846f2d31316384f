package dev.ossconcat.rules;

import static dev.ossconcat.TestPlaylists.clips;
import static dev.ossconcat.TestPlaylists.edit;
import static dev.ossconcat.TestPlaylists.plan;
import static dev.ossconcat.TestPlaylists.remove;
import static dev.ossconcat.TestPlaylists.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.TestPlaylists;
import dev.ossconcat.report.Violation;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of docs/rules.md: one rejected (or warned) and one accepted case at least. The comment above each group
 * names the documents (docs/sources.md) of its rules; docs/rules.md gives them rule by rule.
 */
class ValidatorTest {

    @SafeVarargs
    static Arguments reject(String rule, String code, String path, UnaryOperator<ObjectNode>... edits) {
        return Arguments.of(rule, code, path, edit(edits));
    }

    @SafeVarargs
    static Arguments accept(String rule, UnaryOperator<ObjectNode>... edits) {
        return Arguments.of(rule, edit(edits));
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                // required parameters: f, vcodec, acodec, /pre and /sur o (S1), sys/saveas o (S8)
                reject("f required", "required", "output.format", remove("output.format")),
                reject("vcodec required", "required", "output.video.codec", remove("output.video.codec")),
                reject("acodec required", "required", "output.audio.codec", remove("output.audio.codec")),
                reject("saveas o required", "required", "output.key", remove("output.key")),
                reject("clip key required", "required", "clips[0].key", remove("clips[0].key")),
                reject("clip bucket required", "required", "bucket", remove("bucket")),
                reject("at least one clip", "required", "clips", clips(0)),
                // enumerations: f (S4, S16, S17), vcodec (S4), acodec (S6), pixfmt and scaletype (S5), ar (S6),
                // /segment f (S19)
                reject("f enumeration", "not_allowed", "output.format", set("output.format", "mpeg")),
                reject("vcodec enumeration", "not_allowed", "output.video.codec", set("output.video.codec", "h266")),
                reject("acodec enumeration", "not_allowed", "output.audio.codec", set("output.audio.codec", "wma")),
                reject(
                        "pixfmt enumeration",
                        "not_allowed",
                        "output.video.pixelFormat",
                        set("output.video.pixelFormat", "rgb24")),
                reject(
                        "scaletype enumeration",
                        "not_allowed",
                        "output.video.scaleType",
                        set("output.video.width", 1280),
                        set("output.video.scaleType", "zoom")),
                reject(
                        "ar enumeration",
                        "not_allowed",
                        "output.audio.sampleRate",
                        set("output.audio.sampleRate", 44000)),
                reject(
                        "segment f enumeration",
                        "not_allowed",
                        "output.segment.format",
                        set("output.segment.format", "smooth"),
                        set("output.segment.duration", 6000)),
                // no copy codecs (S5, S6)
                reject("no vcodec copy", "copy_not_allowed", "output.video.codec", set("output.video.codec", "copy")),
                reject("no acodec copy", "copy_not_allowed", "output.audio.codec", set("output.audio.codec", "copy")),
                // numeric ranges (S1; s from IMM, S5; clip ss and t: S1, S2, S3)
                reject("fps > 0", "out_of_range", "output.video.fps", set("output.video.fps", 0)),
                reject("fps <= 240", "out_of_range", "output.video.fps", set("output.video.fps", 240.5)),
                reject("g >= 1", "out_of_range", "output.video.gop", set("output.video.gop", 0)),
                reject("g <= 100000", "out_of_range", "output.video.gop", set("output.video.gop", 100_001)),
                reject("vb >= 10000", "out_of_range", "output.video.bitrate", set("output.video.bitrate", 9_999)),
                reject("vb <= 1e8", "out_of_range", "output.video.bitrate", set("output.video.bitrate", 100_000_001)),
                reject(
                        "crf <= 51",
                        "out_of_range",
                        "output.video.crf",
                        remove("output.video.bitrate"),
                        set("output.video.crf", 51.5)),
                reject(
                        "crf >= 0",
                        "out_of_range",
                        "output.video.crf",
                        remove("output.video.bitrate"),
                        set("output.video.crf", -1)),
                reject(
                        "maxrate <= 1e8",
                        "out_of_range",
                        "output.video.maxBitrate",
                        remove("output.video.bitrate"),
                        set("output.video.crf", 23),
                        set("output.video.bufferSize", 20_000),
                        set("output.video.maxBitrate", 100_000_001)),
                reject(
                        "bufsize <= 2e8",
                        "out_of_range",
                        "output.video.bufferSize",
                        remove("output.video.bitrate"),
                        set("output.video.crf", 23),
                        set("output.video.bufferSize", 200_000_001)),
                reject(
                        "aq <= 100",
                        "out_of_range",
                        "output.audio.quality",
                        remove("output.audio.bitrate"),
                        set("output.audio.quality", 101)),
                reject("ab >= 1000", "out_of_range", "output.audio.bitrate", set("output.audio.bitrate", 999)),
                reject("ab <= 1e7", "out_of_range", "output.audio.bitrate", set("output.audio.bitrate", 10_000_001)),
                reject("ac >= 1", "out_of_range", "output.audio.channels", set("output.audio.channels", 0)),
                reject("ac <= 8", "out_of_range", "output.audio.channels", set("output.audio.channels", 9)),
                reject("s width <= 4096", "out_of_range", "output.video.width", set("output.video.width", 4097)),
                reject("s height > 0", "out_of_range", "output.video.height", set("output.video.height", 0)),
                reject(
                        "segment t <= 3600000",
                        "out_of_range",
                        "output.segment.duration",
                        set("output.segment.format", "hls"),
                        set("output.segment.duration", 3_600_001)),
                reject("clip ss >= 0", "out_of_range", "clips[0].start", set("clips[0].start", -1)),
                reject("clip t >= 0", "out_of_range", "clips[2].duration", set("clips[2].duration", -5)),
                // option values: fpsopt (S4), sopt, vbopt, arotate (S5), abopt (S6), adepth (S1)
                reject("fpsopt 0..2", "not_allowed", "output.video.fpsOption", set("output.video.fpsOption", 3)),
                reject(
                        "sopt 0..2",
                        "not_allowed",
                        "output.video.resolutionOption",
                        set("output.video.width", 640),
                        set("output.video.resolutionOption", 3)),
                reject(
                        "vbopt 0..2",
                        "not_allowed",
                        "output.video.bitrateOption",
                        set("output.video.bitrateOption", -1)),
                reject("abopt 0..2", "not_allowed", "output.audio.bitrateOption", set("output.audio.bitrateOption", 7)),
                reject(
                        "arotate 0/1",
                        "not_allowed",
                        "output.video.adaptiveOrientation",
                        set("output.video.adaptiveOrientation", 2)),
                reject(
                        "adepth 16/24",
                        "not_allowed",
                        "output.audio.bitDepth",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "flac"),
                        remove("output.audio.bitrate"),
                        set("output.audio.bitDepth", 20)),
                // mutual exclusions (S1)
                reject("vb excludes crf", "mutually_exclusive", "output.video.crf", set("output.video.crf", 23)),
                reject("aq excludes ab", "mutually_exclusive", "output.audio.bitrate", set("output.audio.quality", 80)),
                // set together (S1; scaletype needs s and maxrate needs bufsize: IMM, S5)
                reject(
                        "fpsopt needs fps",
                        "requires",
                        "output.video.fpsOption",
                        remove("output.video.fps"),
                        set("output.video.fpsOption", 1)),
                reject(
                        "sopt needs s",
                        "requires",
                        "output.video.resolutionOption",
                        set("output.video.resolutionOption", 1)),
                reject(
                        "vbopt needs vb",
                        "requires",
                        "output.video.bitrateOption",
                        remove("output.video.bitrate"),
                        set("output.video.bitrateOption", 1)),
                reject(
                        "maxrate needs crf",
                        "requires",
                        "output.video.maxBitrate",
                        set("output.video.maxBitrate", 2_000_000),
                        set("output.video.bufferSize", 2_000_000)),
                reject(
                        "bufsize needs crf",
                        "requires",
                        "output.video.bufferSize",
                        set("output.video.bufferSize", 2_000_000)),
                reject(
                        "abopt needs ab",
                        "requires",
                        "output.audio.bitrateOption",
                        remove("output.audio.bitrate"),
                        set("output.audio.bitrateOption", 1)),
                reject("scaletype needs s", "requires", "output.video.scaleType", set("output.video.scaleType", "fit")),
                reject(
                        "maxrate needs bufsize",
                        "requires",
                        "output.video.maxBitrate",
                        remove("output.video.bitrate"),
                        set("output.video.crf", 23),
                        set("output.video.maxBitrate", 2_000_000)),
                // container x video codec (S1; webm: S35; audio-only containers: S4, S17)
                reject(
                        "mxf refuses h265",
                        "codec_container_mismatch",
                        "output.video.codec",
                        set("output.format", "mxf"),
                        set("output.video.codec", "h265"),
                        set("output.audio.codec", "pcm"),
                        remove("output.audio.bitrate")),
                reject(
                        "flv refuses h265",
                        "codec_container_mismatch",
                        "output.video.codec",
                        set("output.format", "flv"),
                        set("output.video.codec", "h265")),
                reject(
                        "webm refuses h264",
                        "codec_container_mismatch",
                        "output.video.codec",
                        set("output.format", "webm"),
                        set("output.audio.codec", "opus")),
                // container x audio codec (every row of the S1 note; audio-only containers: S4, S17, S36)
                reject(
                        "mp4 refuses pcm",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.audio.codec", "pcm")),
                reject(
                        "mov refuses flac",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "mov"),
                        set("output.audio.codec", "flac")),
                reject(
                        "mov refuses opus",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "mov"),
                        set("output.audio.codec", "opus")),
                reject(
                        "asf refuses opus",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "asf"),
                        set("output.audio.codec", "opus")),
                reject(
                        "avi refuses opus",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "avi"),
                        set("output.audio.codec", "opus")),
                reject("mxf only pcm", "codec_container_mismatch", "output.audio.codec", set("output.format", "mxf")),
                reject(
                        "ts refuses flac",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "ts"),
                        set("output.audio.codec", "flac")),
                reject(
                        "ts refuses vorbis",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "ts"),
                        set("output.audio.codec", "vorbis")),
                reject(
                        "ts refuses amr",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "ts"),
                        set("output.audio.codec", "amr"),
                        set("output.audio.sampleRate", 8000),
                        set("output.audio.channels", 1)),
                reject(
                        "ts refuses pcm",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "ts"),
                        set("output.audio.codec", "pcm")),
                reject(
                        "flv refuses opus",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "flv"),
                        set("output.audio.codec", "opus")),
                reject(
                        "flv refuses vorbis",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "flv"),
                        set("output.audio.codec", "vorbis")),
                // sample rate and channels per codec (S1, S6)
                reject(
                        "mp3 <= 48 kHz",
                        "sample_rate_codec",
                        "output.audio.sampleRate",
                        set("output.audio.codec", "mp3"),
                        set("output.audio.sampleRate", 96_000)),
                reject(
                        "opus rates",
                        "sample_rate_codec",
                        "output.audio.sampleRate",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "opus"),
                        set("output.audio.sampleRate", 44_100)),
                reject(
                        "ac3 rates",
                        "sample_rate_codec",
                        "output.audio.sampleRate",
                        set("output.audio.codec", "ac3"),
                        set("output.audio.sampleRate", 22_050)),
                reject(
                        "amr rates",
                        "sample_rate_codec",
                        "output.audio.sampleRate",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "amr"),
                        set("output.audio.channels", 1)),
                reject(
                        "mp3 stereo at most",
                        "channels_codec",
                        "output.audio.channels",
                        set("output.audio.codec", "mp3"),
                        set("output.audio.channels", 3)),
                reject(
                        "ac3 5.1 at most",
                        "channels_codec",
                        "output.audio.channels",
                        set("output.audio.codec", "ac3"),
                        set("output.audio.channels", 7)),
                reject(
                        "amr mono only",
                        "channels_codec",
                        "output.audio.channels",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "amr"),
                        set("output.audio.sampleRate", 8000)),
                // codec-specific parameters: adepth (S1, S6), yuva420p (S5)
                reject(
                        "adepth only with flac",
                        "adepth_requires_flac",
                        "output.audio.bitDepth",
                        set("output.audio.bitDepth", 24)),
                reject(
                        "yuva420p only with vp9",
                        "pixfmt_requires_vp9",
                        "output.video.pixelFormat",
                        set("output.video.pixelFormat", "yuva420p")),
                // clip list: at most 11 videos (S1, S2), indexes (S1, S2)
                // more than 11 clips: a chunked job (docs/chunked.md), at most 1,000, with a notify topic
                reject(
                        "at most 1000 clips in a playlist",
                        "too_many_clips",
                        "clips",
                        clips(1001),
                        set("notify.topic", "done")),
                reject("a chunked job needs completion messages", "chunk_needs_notify", "notify.topic", clips(12)),
                reject("align inside the list", "index_out_of_range", "output.align", set("output.align", 3)),
                reject("align not negative", "index_out_of_range", "output.align", set("output.align", -1)),
                reject("source inside the list", "index_out_of_range", "source", set("source", 3)),
                // segment (S1)
                reject(
                        "segment only mp4/ts",
                        "segment_container",
                        "output.segment",
                        set("output.format", "mkv"),
                        set("output.segment.format", "hls"),
                        set("output.segment.duration", 6000)),
                reject("segment needs f", "required", "output.segment.format", set("output.segment.duration", 6000)),
                reject("segment needs t", "required", "output.segment.duration", set("output.segment.format", "hls")),
                // keys and names: object keys (S33), bucket names (S32), variables (S20, S21), topics (S9)
                reject("key at most 1023 bytes", "key_length", "clips[1].key", set("clips[1].key", repeat("é", 512))),
                reject(
                        "output key at most 1023 bytes",
                        "key_length",
                        "output.key",
                        set("output.key", repeat("a", 1024))),
                reject("key not empty", "required", "clips[0].key", set("clips[0].key", "")),
                reject("key without leading slash", "key_leading_slash", "clips[2].key", set("clips[2].key", "/a.mp4")),
                // the OSS SDK refuses CR, LF and what XML 1.0 cannot carry (S23 OSSUtils, S33): a job with one could
                // only fail at submission
                reject(
                        "a trailing newline in a key (S1's echo artefact)",
                        "key_character",
                        "output.key",
                        set("output.key", "outputs/out.mp4\n")),
                reject("CR in a key", "key_character", "clips[0].key", set("clips[0].key", "a\rb.mp4")),
                reject("NUL in a key", "key_character", "clips[1].key", set("clips[1].key", "a\u0000b.mp4")),
                reject("a bell in a key", "key_character", "clips[1].key", set("clips[1].key", "a\u0007b.mp4")),
                reject("U+FFFF in a key", "key_character", "clips[1].key", set("clips[1].key", "a\uffffb.mp4")),
                reject(
                        "an unpaired surrogate in a key",
                        "key_character",
                        "clips[1].key",
                        set("clips[1].key", "a\ud800b.mp4")),
                reject("bucket name", "bucket_name", "bucket", set("bucket", "Media_Bucket")),
                reject("output bucket name", "bucket_name", "output.bucket", set("output.bucket", "x")),
                reject("notify topic not empty", "required", "notify.topic", set("notify.topic", "")),
                reject(
                        "output bucket variables are documented ones (S20, S21)",
                        "output_variable",
                        "output.bucket",
                        set("output.bucket", "out-{date}")),
                reject(
                        "output bucket braces pair (S21)",
                        "output_variable",
                        "output.bucket",
                        set("output.bucket", "out-{year")),
                reject(
                        "output bucket is a bucket name once filled in: {key} of match.mkv has a dot (S20, S32)",
                        "bucket_name",
                        "output.bucket",
                        set("output.bucket", "{key}")),
                reject(
                        "output bucket filled in stays 3..63 characters (S32)",
                        "bucket_name",
                        "output.bucket",
                        set("output.bucket", "{day}")),
                // integers are 32-bit: S1 types ss and t int
                reject(
                        "clip ss fits an int (S1)",
                        "out_of_range",
                        "clips[1].start",
                        set("clips[1].start", 2_147_483_648L)),
                reject(
                        "clip t fits an int (S1)",
                        "out_of_range",
                        "clips[2].duration",
                        set("clips[2].duration", 2_147_483_648L)),
                // unknowns refused because a safe form asks the same (policy: docs/rules.md)
                reject(
                        "fps 0: leaving fps out is the safe form (S1 gives 0~240)",
                        "out_of_range",
                        "output.video.fps",
                        set("output.video.fps", 0)),
                reject("values in lower case (S1, S4)", "letter_case", "output.format", set("output.format", "MP4")),
                reject(
                        "codecs in lower case (S1, S4)",
                        "letter_case",
                        "output.video.codec",
                        set("output.video.codec", "H264")),
                reject(
                        "h264 with yuv420p needs an even width (S34)",
                        "odd_dimension",
                        "output.video.width",
                        set("output.video.width", 641),
                        set("output.video.height", 360)),
                reject(
                        "h265 with the align clip's pixel format, assumed 4:2:0, needs an even height (S34)",
                        "odd_dimension",
                        "output.video.height",
                        set("output.format", "mkv"),
                        set("output.video.codec", "h265"),
                        set("output.video.height", 361)),
                reject(
                        "h264 with yuv422p needs an even width (S34)",
                        "odd_dimension",
                        "output.video.width",
                        set("output.video.pixelFormat", "yuv422p"),
                        set("output.video.width", 641)),
                // a video stream in an audio-only container (S4, S17)
                reject(
                        "mp3 holds no video (S4, S17)",
                        "codec_container_mismatch",
                        "output.video.codec",
                        set("output.format", "mp3"),
                        set("output.audio.codec", "mp3")),
                reject(
                        "mp3 holds mp3 audio only (S4, S17)",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "mp3"),
                        set("output.video", false)),
                reject(
                        "oga holds vorbis, opus and flac only (S17, S36)",
                        "codec_container_mismatch",
                        "output.audio.codec",
                        set("output.format", "oga"),
                        set("output.video", false)),
                // jobs that cannot serve a concat (policy: docs/rules.md)
                reject("one video is at best a billed transcode (S1)", "single_video", "clips", clips(1)),
                reject(
                        "an output with no stream (S4: vn, an)",
                        "no_streams",
                        "output.audio",
                        set("output.video", false),
                        set("output.audio", false)),
                // playlist document (the playlist schema of docs/playlist.md, not an OSS rule)
                reject("version 1 only", "unsupported_version", "version", set("version", 2)),
                reject("known preset", "unknown_preset", "output.preset", set("output.preset", "4k-av1")),
                reject("unknown field", "unknown_field", "output.video.bitrat", set("output.video.bitrat", 1)),
                reject("unknown top field", "unknown_field", "clip", set("clip", 1)),
                reject("integer field", "wrong_type", "clips[1].start", set("clips[1].start", "10s")),
                reject("whole number", "wrong_type", "output.audio.channels", set("output.audio.channels", 1.5)),
                reject("string field", "wrong_type", "output.format", set("output.format", 4)),
                reject("video object or false", "wrong_type", "output.video", set("output.video", true)));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                accept("the docs example"),
                accept("crf instead of vb", remove("output.video.bitrate"), set("output.video.crf", 23)),
                accept("aq instead of ab", remove("output.audio.bitrate"), set("output.audio.quality", 80)),
                accept("fps at 240 and fractional", set("output.video.fps", 240)),
                accept("fps 29.97", set("output.video.fps", 29.97)),
                accept(
                        "range ends",
                        set("output.video.gop", 100_000),
                        set("output.video.bitrate", 10_000),
                        set("output.audio.bitrate", 10_000_000),
                        set("output.audio.channels", 8),
                        set("output.video.width", 4096),
                        set("output.video.pixelFormat", "yuv444p"), // 4:4:4 takes an odd side (S34)
                        set("output.video.height", 1)),
                accept(
                        "crf with maxrate and bufsize",
                        remove("output.video.bitrate"),
                        set("output.video.crf", 51),
                        set("output.video.maxBitrate", 100_000_000),
                        set("output.video.bufferSize", 200_000_000)),
                accept(
                        "options with their parameter",
                        set("output.video.fpsOption", 2),
                        set("output.video.bitrateOption", 0),
                        set("output.audio.bitrateOption", 1),
                        set("output.video.width", 1280),
                        set("output.video.height", 720),
                        set("output.video.resolutionOption", 1),
                        set("output.video.scaleType", "fill"),
                        set("output.video.adaptiveOrientation", 1)),
                accept("width only", set("output.video.width", 640)),
                accept("h265 in mkv", set("output.format", "mkv"), set("output.video.codec", "h265")),
                accept(
                        "mxf with pcm",
                        set("output.format", "mxf"),
                        set("output.audio.codec", "pcm"),
                        remove("output.audio.bitrate")),
                accept(
                        "mkv takes flac with adepth",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "flac"),
                        remove("output.audio.bitrate"),
                        set("output.audio.bitDepth", 24)),
                accept("ts with mp3", set("output.format", "ts"), set("output.audio.codec", "mp3")),
                accept(
                        "mp3 at 44.1 kHz stereo",
                        set("output.audio.codec", "mp3"),
                        set("output.audio.sampleRate", 44_100)),
                accept("opus at 48 kHz", set("output.format", "mkv"), set("output.audio.codec", "opus")),
                accept(
                        "ac3 5.1 at 44.1 kHz",
                        set("output.audio.codec", "ac3"),
                        set("output.audio.sampleRate", 44_100),
                        set("output.audio.channels", 6)),
                accept(
                        "amr 8 kHz mono",
                        set("output.format", "mkv"),
                        set("output.audio.codec", "amr"),
                        set("output.audio.sampleRate", 8000),
                        set("output.audio.channels", 1)),
                accept(
                        "yuva420p with vp9",
                        set("output.format", "mkv"),
                        set("output.video.codec", "vp9"),
                        set("output.video.pixelFormat", "yuva420p")),
                accept("11 videos", clips(11)),
                accept("align at the last clip", set("output.align", 2)),
                accept("source first", set("source", 0)),
                accept("source last", set("source", 2)),
                accept(
                        "hls over ts",
                        set("output.format", "ts"),
                        set("output.segment.format", "hls"),
                        set("output.segment.duration", 6000)),
                accept(
                        "dash over mp4",
                        set("output.segment.format", "dash"),
                        set("output.segment.duration", 3_600_000)),
                accept("1023-byte key", set("clips[1].key", repeat("é", 511) + "a")),
                accept("other output bucket", set("output.bucket", "out-bucket")),
                accept("notify topic", set("notify.topic", "AudioConvert")),
                accept("12 clips with a notify topic are a chunked job", clips(12), set("notify.topic", "done")),
                accept("1000 clips are three levels", clips(1000), set("notify.topic", "done")),
                accept("video false", set("output.video", false)),
                accept("audio false", set("output.audio", false)),
                accept("version 1 explicit", set("version", 1)),
                accept(
                        "preset with override",
                        remove("output.video"),
                        remove("output.audio"),
                        remove("output.format"),
                        set("output.preset", "mp4-h264-720p"),
                        set("output.video.fps", 30)),
                accept("idempotency key", set("idempotencyKey", "job-42")),
                accept("output bucket {bucket}, the source's (S20)", set("output.bucket", "{bucket}")),
                accept("output bucket with time variables (S20, S21)", set("output.bucket", "out-{year}-{mon}")),
                accept("output bucket {barename} of match.mkv (S20, S21)", set("output.bucket", "{barename}-out")),
                accept("output bucket with a tag (S21)", set("output.bucket", "out-{tags.team}")),
                accept(
                        "odd sides in 4:4:4 (S34)",
                        set("output.video.pixelFormat", "yuv444p"),
                        set("output.video.width", 641),
                        set("output.video.height", 361)),
                accept(
                        "odd sides with vp9 (S34: the even rule is h264's and h265's)",
                        set("output.format", "mkv"),
                        set("output.video.codec", "vp9"),
                        set("output.video.width", 641)),
                accept(
                        "maxrate 0 and bufsize 0 are the documented default, so they need no crf (S1)",
                        set("output.video.maxBitrate", 0),
                        set("output.video.bufferSize", 0)),
                accept("clip times up to the largest int (S1)", set("clips[1].start", 2_147_483_647L)),
                accept("two clips", clips(2)));
    }

    @ParameterizedTest(name = "rejects: {0}")
    @MethodSource("rejected")
    void rejects(String rule, String code, String path, ObjectNode playlist) {
        Plan plan = plan(playlist);
        assertFalse(plan.valid(), rule + " should be rejected");
        assertNull(plan.process(), "an invalid plan has no process string");
        assertTrue(
                plan.errors().stream()
                        .anyMatch(v -> v.code().equals(code) && v.path().equals(path)),
                () -> "expected " + code + " at " + path + " but got " + plan.errors());
        plan.errors().forEach(v -> assertFalse(v.message().isBlank()));
    }

    @ParameterizedTest(name = "accepts: {0}")
    @MethodSource("accepted")
    void accepts(String rule, ObjectNode playlist) {
        Plan plan = plan(playlist);
        assertTrue(plan.valid(), () -> rule + ": " + plan.errors());
        assertTrue(plan.process().startsWith("video/concat,"), plan.process());
    }

    @Test
    void everyDocumentedValueOfEachEnumerationIsAccepted() {
        for (String f : List.of("mp4", "mkv", "mov", "asf", "avi", "ts", "flv")) {
            assertTrue(
                    plan(edit(set("output.format", f), set("output.audio.codec", "mp3")))
                            .valid(),
                    f);
        }
        for (String v : List.of("h264", "h265", "vp9")) {
            assertTrue(
                    plan(edit(set("output.format", "mkv"), set("output.video.codec", v)))
                            .valid(),
                    v);
        }
        for (String a : List.of("mp3", "aac", "flac", "vorbis", "ac3", "opus", "pcm")) {
            assertTrue(
                    plan(edit(
                                    set("output.format", "mkv"),
                                    set("output.audio.codec", a),
                                    remove("output.audio.bitrate")))
                            .valid(),
                    a);
        }
        for (String p : List.of("yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv422p10le", "yuv444p10le")) {
            assertTrue(plan(edit(set("output.video.pixelFormat", p))).valid(), p);
        }
        assertFalse(Rules.SAMPLE_RATES.isEmpty(), "the documented sample rates");
        for (long ar : Rules.SAMPLE_RATES) {
            assertTrue(plan(edit(set("output.audio.sampleRate", ar))).valid(), "ar " + ar);
        }
    }

    @Test
    void reportsEveryViolationAtOnce() {
        Plan plan = plan(edit(
                set("output.format", "flv"),
                set("output.video.codec", "h265"),
                set("output.audio.codec", "pcm"),
                set("output.video.crf", 23),
                set("output.align", 9),
                set("clips[0].key", "")));
        assertEquals(
                java.util.Set.of(
                        "clips[0].key", "output.align", "output.video.codec", "output.video.crf", "output.audio.codec"),
                plan.errors().stream().map(Violation::path).collect(java.util.stream.Collectors.toSet()));
        assertEquals(5, plan.errors().size(), plan.errors()::toString);
    }

    @Test
    void messagesNameTheRuleAndTheOffendingValue() {
        Violation v = plan(edit(set("output.audio.codec", "mp3"), set("output.audio.sampleRate", 96_000)))
                .errors()
                .get(0);
        assertTrue(
                v.message().contains("mp3")
                        && v.message().contains("96000")
                        && v.message().contains("ar"),
                v.message());
        Violation w = plan(edit(set("output.video.crf", 23))).errors().get(0);
        assertEquals("vb and crf are mutually exclusive; got vb 1000000 and crf 23", w.message());
    }

    @Test
    void findingsOnUnknownsNameTheValueAndTheSafeForm() {
        Violation odd = plan(edit(set("output.video.width", 641), set("output.video.height", 360)))
                .errors()
                .get(0);
        assertEquals(
                "resolution (s) width 641 is odd; vcodec h264 with the align clip's pixel format (yuv420p in nearly"
                        + " every video; set pixfmt to say otherwise) needs an even width and height: use 640 or 642",
                odd.message());
        Violation upper = plan(edit(set("output.format", "MP4"))).errors().get(0);
        assertEquals(
                "container (f) 'MP4' is not in lower case; write 'mp4': OSS documents its values in lower case",
                upper.message());
        Violation bucket = plan(edit(set("output.bucket", "{key}"))).errors().get(0);
        assertTrue(
                bucket.message().contains("\"{key}\"") && bucket.message().contains("\"match.mkv\" for this job"),
                bucket.message());
        Violation one = plan(edit(clips(1))).errors().get(0);
        assertEquals("single_video", one.code());
        assertTrue(one.message().startsWith("the playlist has one clip: a join of one video"), one.message());
    }

    @Test
    void severitiesComeFromTheRulesBasis() {
        // One datum decides: the stake of webm's basis makes it a warning, the letter-case rule an error (S4).
        assertEquals(
                Rules.CONTAINERS.values().get("webm").severity(),
                plan(edit(
                                set("output.format", "webm"),
                                set("output.video.codec", "vp9"),
                                set("output.audio.codec", "opus")))
                        .warnings()
                        .get(0)
                        .severity());
        assertEquals(Stake.MAY_WORK, Rules.CONTAINERS.values().get("webm").stake());
        assertEquals(Stake.SAFE_FORM, Rules.LETTER_CASE.stake());
        assertEquals(Stake.WASTED, Rules.SINGLE_VIDEO.stake());
    }

    // ---- warnings -----------------------------------------------------------------------------------------

    static Stream<Arguments> warned() {
        return Stream.of(
                reject("ar unset (S1, S7)", "ar_unset", "output.audio.sampleRate", remove("output.audio.sampleRate")),
                reject("ac unset (S1, S7)", "ac_unset", "output.audio.channels", remove("output.audio.channels")),
                reject(
                        "trailing whitespace (S1's newline artefact)",
                        "key_whitespace",
                        "clips[0].key",
                        set("clips[0].key", "intro.mov ")),
                reject("a tab (S1)", "key_whitespace", "clips[1].key", set("clips[1].key", "a\tb.mp4")),
                reject(
                        "webm is documented for video/convert only (S4)",
                        "unverified_value",
                        "output.format",
                        set("output.format", "webm"),
                        set("output.video.codec", "vp9"),
                        set("output.audio.codec", "opus")),
                reject(
                        "vp9 is documented for no container (S1, S35)",
                        "unverified_value",
                        "output.video.codec",
                        set("output.video.codec", "vp9")),
                reject(
                        "unknown output key variable (S20, S21)",
                        "output_variable",
                        "output.key",
                        set("output.key", "x/{date}.mp4")),
                reject(
                        "unclosed brace in the output key (S21)",
                        "output_variable",
                        "output.key",
                        set("output.key", "x/{autoext.mp4")),
                reject(
                        "no vcodec with video false (S1 marks vcodec required)",
                        "unverified_rule",
                        "output.video.codec",
                        set("output.video", false)),
                reject(
                        "hls over mp4 is not documented (S19)",
                        "segment_pairing",
                        "output.segment.format",
                        set("output.segment.format", "hls"),
                        set("output.segment.duration", 6000)),
                reject(
                        "dash over ts is not documented (S19)",
                        "segment_pairing",
                        "output.segment.format",
                        set("output.format", "ts"),
                        set("output.segment.format", "dash"),
                        set("output.segment.duration", 6000)),
                reject(
                        "audio-only containers are documented for video/convert and IMM only (S4, S17)",
                        "unverified_value",
                        "output.format",
                        set("output.format", "mp3"),
                        set("output.video", false),
                        set("output.audio.codec", "mp3")));
    }

    @ParameterizedTest(name = "warns: {0}")
    @MethodSource("warned")
    void warnsButAccepts(String rule, String code, String path, ObjectNode playlist) {
        Plan plan = plan(playlist);
        assertTrue(plan.valid(), () -> rule + ": " + plan.errors());
        assertTrue(
                plan.warnings().stream()
                        .anyMatch(v -> v.code().equals(code) && v.path().equals(path)),
                () -> "expected warning " + code + " at " + path + " but got " + plan.warnings());
    }

    @Test
    void theValidBaselineHasNoWarnings() {
        assertEquals(List.of(), plan(TestPlaylists.valid()).warnings());
    }
}
