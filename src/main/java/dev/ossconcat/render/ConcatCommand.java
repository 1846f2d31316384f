package dev.ossconcat.render;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Segment;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.process.ProcessRenderer;
import dev.ossconcat.verify.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FFmpeg command that does locally what OSS {@code video/concat} does: each clip trimmed ({@code ss}, {@code t}),
 * brought to one resolution, frame rate, pixel format, sample rate and channel layout (unset parameters follow the
 * {@code align} clip, as OSS documents), joined with the concat filter, and encoded with the output parameters.
 * Clips without audio get silence of their length, so that mixed inputs still give a valid output. Pure: the
 * caller probes the inputs and runs the command.
 */
public final class ConcatCommand {

    /** OSS container names and FFmpeg muxers. */
    static final Map<String, String> MUXERS = Map.of(
            "mp4",
            "mp4",
            "mkv",
            "matroska",
            "mov",
            "mov",
            "asf",
            "asf",
            "avi",
            "avi",
            "mxf",
            "mxf",
            "ts",
            "mpegts",
            "flv",
            "flv",
            "webm",
            "webm");

    static final Map<String, String> VIDEO_ENCODERS = Map.of("h264", "libx264", "h265", "libx265", "vp9", "libvpx-vp9");
    static final Map<String, String> AUDIO_ENCODERS = Map.of(
            "aac",
            "aac",
            "mp3",
            "libmp3lame",
            "opus",
            "libopus",
            "vorbis",
            "libvorbis",
            "flac",
            "flac",
            "ac3",
            "ac3",
            "amr",
            "libopencore_amrnb",
            "pcm",
            "pcm_s16le");

    private ConcatCommand() {}

    /**
     * @param args        ffmpeg arguments (without the executable)
     * @param output      the file ffmpeg writes (the playlist of a segmented output)
     * @param extension   what {@code {autoext}} stands for
     * @param expectedMs  the sum of the trimmed clip durations
     * @param width       output width ({@code 0} without video)
     */
    public record Command(
            List<String> args, Path output, String extension, long expectedMs, int width, int height, double fps) {}

    public static Command build(Playlist p, List<Path> inputs, List<MediaInfo> infos, Path dir, String baseName) {
        Output out = p.output();
        Video v = out.video();
        Audio a = out.audio();
        MediaInfo align = infos.get((int) out.align());
        boolean withVideo = !v.disabled();
        boolean withAudio = !a.disabled();

        int[] size = size(v, align);
        double fps = v.fps() != null
                ? v.fps()
                : align.video() != null ? align.video().fps() : 25;
        String pixfmt = v.pixelFormat() != null ? v.pixelFormat() : "yuv420p";
        long ar = a.sampleRate() != null
                ? a.sampleRate()
                : align.audio() != null ? align.audio().sampleRate() : 48_000;
        long ac = a.channels() != null
                ? a.channels()
                : align.audio() != null ? align.audio().channels() : 2;
        String layout = ac == 1 ? "mono" : ac == 2 ? "stereo" : ac == 6 ? "5.1" : ac + "c";

        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y"));
        StringBuilder graph = new StringBuilder();
        StringBuilder concatInputs = new StringBuilder();
        long expected = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Clip c = p.clips().get(i);
            MediaInfo info = infos.get(i);
            long length = info.trimmedLength(c);
            expected += length;
            if (c.start() > 0) {
                args.addAll(List.of("-ss", seconds(c.start())));
            }
            if (c.duration() > 0) {
                args.addAll(List.of("-t", seconds(c.duration())));
            }
            args.addAll(List.of("-i", inputs.get(i).toString()));
            if (withVideo) {
                if (info.video() != null) {
                    graph.append('[')
                            .append(i)
                            .append(":v:0]")
                            .append(scale(v.scaleType(), size))
                            .append(",setsar=1,fps=")
                            .append(ProcessRenderer.decimal(fps))
                            .append(",format=")
                            .append(pixfmt);
                } else {
                    graph.append("color=c=black:s=")
                            .append(size[0])
                            .append('x')
                            .append(size[1])
                            .append(":r=")
                            .append(ProcessRenderer.decimal(fps))
                            .append(":d=")
                            .append(seconds(length))
                            .append(",format=")
                            .append(pixfmt);
                }
                graph.append("[v").append(i).append("];");
                concatInputs.append("[v").append(i).append(']');
            }
            if (withAudio) {
                if (info.audio() != null) {
                    graph.append('[')
                            .append(i)
                            .append(":a:0]aresample=")
                            .append(ar)
                            .append(",aformat=sample_fmts=fltp:channel_layouts=")
                            .append(layout);
                } else {
                    graph.append("anullsrc=r=")
                            .append(ar)
                            .append(":cl=")
                            .append(layout)
                            .append(",atrim=duration=")
                            .append(seconds(length));
                }
                graph.append("[a").append(i).append("];");
                concatInputs.append("[a").append(i).append(']');
            }
        }
        graph.append(concatInputs)
                .append("concat=n=")
                .append(inputs.size())
                .append(":v=")
                .append(withVideo ? 1 : 0)
                .append(":a=")
                .append(withAudio ? 1 : 0);
        graph.append(withVideo ? "[v]" : "").append(withAudio ? "[a]" : "");
        args.addAll(List.of("-filter_complex", graph.toString()));
        if (withVideo) {
            args.addAll(List.of("-map", "[v]", "-c:v", VIDEO_ENCODERS.getOrDefault(v.codec(), "libx264")));
            optional(args, "-b:v", v.bitrate());
            optional(args, "-crf", v.crf() == null ? null : ProcessRenderer.decimal(v.crf()));
            optional(args, "-maxrate", v.maxBitrate());
            optional(args, "-bufsize", v.bufferSize());
            optional(args, "-g", v.gop());
            if (out.segment() != null
                    && v.gop() == null
                    && out.segment().duration() != null
                    && out.segment().duration() > 0) {
                // segments can only start at key frames: put one at every segment boundary
                args.addAll(List.of(
                        "-force_key_frames",
                        "expr:gte(t,n_forced*" + seconds(out.segment().duration()) + ")"));
            }
        }
        if (withAudio) {
            String encoder = AUDIO_ENCODERS.getOrDefault(a.codec(), "aac");
            if (encoder.equals("pcm_s16le") && Long.valueOf(24).equals(a.bitDepth())) {
                encoder = "pcm_s24le";
            }
            args.addAll(List.of("-map", "[a]", "-c:a", encoder, "-ar", Long.toString(ar), "-ac", Long.toString(ac)));
            optional(args, "-b:a", a.bitrate());
            optional(args, "-q:a", a.quality());
            if ("flac".equals(a.codec()) && a.bitDepth() != null) {
                args.addAll(List.of("-sample_fmt", a.bitDepth() == 24 ? "s32" : "s16"));
            }
        }
        Segment seg = out.segment();
        Path output;
        String extension;
        if (seg != null && "hls".equals(seg.format())) {
            extension = "m3u8";
            output = dir.resolve(baseName + ".m3u8");
            args.addAll(List.of(
                    "-f",
                    "hls",
                    "-hls_time",
                    seconds(seg.duration()),
                    "-hls_playlist_type",
                    "vod",
                    "-hls_segment_filename",
                    dir.resolve(baseName + "-%03d.ts").toString(),
                    output.toString()));
        } else if (seg != null && "dash".equals(seg.format())) {
            extension = "mpd";
            output = dir.resolve(baseName + ".mpd");
            args.addAll(List.of("-f", "dash", "-seg_duration", seconds(seg.duration()), output.toString()));
        } else {
            extension = out.format().toLowerCase(Locale.ROOT);
            output = dir.resolve(baseName + "." + extension);
            if (extension.equals("mp4") || extension.equals("mov")) {
                args.addAll(List.of("-movflags", "+faststart"));
            }
            args.addAll(List.of("-f", MUXERS.getOrDefault(extension, extension), output.toString()));
        }
        return new Command(
                List.copyOf(args),
                output,
                extension,
                expected,
                withVideo ? size[0] : 0,
                withVideo ? size[1] : 0,
                withVideo ? fps : 0);
    }

    /** Both sides given; one side scaled to the align clip's aspect ratio (even, as encoders need); or the align's. */
    static int[] size(Video v, MediaInfo align) {
        int aw = align.video() == null ? 1280 : align.video().width();
        int ah = align.video() == null ? 720 : align.video().height();
        if (v.width() != null && v.height() != null) {
            return new int[] {v.width().intValue(), v.height().intValue()};
        }
        if (v.width() != null) {
            return new int[] {v.width().intValue(), even((double) v.width() * ah / aw)};
        }
        if (v.height() != null) {
            return new int[] {even((double) v.height() * aw / ah), v.height().intValue()};
        }
        return new int[] {even(aw), even(ah)};
    }

    /** OSS scaletype: stretch, crop (fill the frame, cut the rest) and fill/fit (keep everything, pad). */
    static String scale(String scaleType, int[] size) {
        String wh = size[0] + ":" + size[1];
        if ("stretch".equals(scaleType)) {
            return "scale=" + wh;
        }
        if ("crop".equals(scaleType)) {
            return "scale=" + wh + ":force_original_aspect_ratio=increase,crop=" + wh;
        }
        return "scale=" + wh + ":force_original_aspect_ratio=decrease,pad=" + wh + ":(ow-iw)/2:(oh-ih)/2";
    }

    private static int even(double x) {
        int n = (int) Math.round(x);
        return Math.max(2, n - (n % 2));
    }

    private static String seconds(long ms) {
        return ProcessRenderer.decimal(ms / 1000.0);
    }

    private static void optional(List<String> args, String flag, Object value) {
        if (value != null) {
            args.addAll(List.of(flag, value.toString()));
        }
    }
}
