package dev.ossconcat.playlist;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A named set of output settings that a playlist can start from ({@code output.preset}); any field the playlist
 * sets itself wins. Every preset sets {@code ar} and {@code ac}, because OSS warns that concat may fail when they
 * are left to the align clip. Both resolution sides are set with {@code scaletype fill}, so clips of another
 * aspect ratio are padded rather than stretched.
 */
public record Preset(String name, String description, String format, Video video, Audio audio, Segment segment) {

    private static final Audio AAC_STEREO_48K = Audio.UNSET
            .with(Param.ACODEC, "aac")
            .with(Param.AB, 128_000L)
            .with(Param.AR, 48_000L)
            .with(Param.AC, 2L);

    public static final List<Preset> BUILT_IN = List.of(
            new Preset(
                    "mp4-h264-1080p",
                    "MP4, H.264 1920x1080 at 5 Mb/s, AAC 128 kb/s 48 kHz stereo",
                    "mp4",
                    video("h264", 1920, 1080, 5_000_000),
                    AAC_STEREO_48K,
                    null),
            new Preset(
                    "mp4-h264-720p",
                    "MP4, H.264 1280x720 at 2.5 Mb/s, AAC 128 kb/s 48 kHz stereo",
                    "mp4",
                    video("h264", 1280, 720, 2_500_000),
                    AAC_STEREO_48K,
                    null),
            new Preset(
                    "mp4-h265-1080p",
                    "MP4, H.265 1920x1080 at 3 Mb/s, AAC 128 kb/s 48 kHz stereo",
                    "mp4",
                    video("h265", 1920, 1080, 3_000_000),
                    AAC_STEREO_48K,
                    null),
            new Preset(
                    "hls-h264-720p",
                    "HLS in 6-second TS segments, H.264 1280x720 at 2.5 Mb/s, AAC 128 kb/s " + "48 kHz stereo",
                    "ts",
                    video("h264", 1280, 720, 2_500_000),
                    AAC_STEREO_48K,
                    new Segment("hls", 6_000L)));

    private static final Map<String, Preset> BY_NAME =
            BUILT_IN.stream().collect(Collectors.toUnmodifiableMap(Preset::name, Function.identity()));

    /** The built-in preset called {@code name}, or {@code null}. */
    public static Preset named(String name) {
        return BY_NAME.get(name);
    }

    public static String names() {
        return BUILT_IN.stream().map(Preset::name).collect(Collectors.joining(", "));
    }

    /** {@code output} with this preset filling every field it leaves unset; the preset name is dropped. */
    public Output under(Output output) {
        return new Output(
                output.key(),
                output.bucket(),
                null,
                Video.or(output.format(), format),
                output.video().over(video),
                output.audio().over(audio),
                output.align(),
                output.segment() == null ? segment : output.segment().over(segment));
    }

    private static Video video(String codec, long width, long height, long bitrate) {
        return Video.UNSET
                .with(Param.VCODEC, codec)
                .with(Param.S, new Resolution(width, height))
                .with(Param.SCALETYPE, "fill")
                .with(Param.VB, bitrate);
    }
}
