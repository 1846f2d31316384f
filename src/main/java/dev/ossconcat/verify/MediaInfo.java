package dev.ossconcat.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.playlist.Clip;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What FFmpeg, or OSS {@code video/info}, says about one media file.
 *
 * @param durationMs container duration (0 when FFmpeg gives none)
 * @param video      the first video stream that is not cover art; null when there is none
 * @param audio      the first audio stream; null when there is none
 */
public record MediaInfo(long durationMs, Video video, Audio audio) {

    /** @param codec FFmpeg's decoder name: {@code h264}, {@code hevc}, {@code vp9}… */
    public record Video(String codec, int width, int height, double fps) {}

    /** @param codec FFmpeg's decoder name: {@code aac}, {@code mp3}, {@code amr_nb}, {@code pcm_s16le}… */
    public record Audio(String codec, int sampleRate, int channels) {}

    /** NTSC frame rates are N*1000/1001 for these N. */
    private static final int[] NTSC = {24, 30, 48, 60, 120};

    private static final Pattern DURATION =
            Pattern.compile("^\\s*Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)", Pattern.MULTILINE);
    private static final Pattern STREAM =
            Pattern.compile("^\\s*Stream #0:\\d+.*?: (Video|Audio): (.*)$", Pattern.MULTILINE);
    private static final Pattern CODEC = Pattern.compile("^([\\w-]+)");
    private static final Pattern SIZE = Pattern.compile(", (\\d+)x(\\d+)(?=[ ,]|$)");
    private static final Pattern FPS = Pattern.compile(", ([\\d.]+)(k?) fps");
    private static final Pattern TBR = Pattern.compile(", ([\\d.]+)(k?) tbr");
    private static final Pattern AUDIO = Pattern.compile("(\\d+) Hz, (\\d+ channels|[^, ]+)");
    private static final Pattern CHANNELS = Pattern.compile("(\\d+) channels");
    private static final Pattern SURROUND = Pattern.compile("(\\d+)\\.(\\d+)(?:\\(.*\\))?");

    /**
     * Reads the input description that {@code ffmpeg -i <file>} prints (stable in this shape since FFmpeg 4;
     * 4.4 and 5.1 checked). Empty when FFmpeg could not open the file.
     */
    public static Optional<MediaInfo> parse(String log) {
        if (!log.contains("Input #0")) {
            return Optional.empty();
        }
        Matcher d = DURATION.matcher(log);
        long durationMs = d.find()
                ? Math.round((Long.parseLong(d.group(1)) * 3600
                                + Long.parseLong(d.group(2)) * 60
                                + Double.parseDouble(d.group(3)))
                        * 1000)
                : 0;
        Video video = null;
        Audio audio = null;
        Matcher s = STREAM.matcher(log);
        while (s.find()) {
            String description = s.group(2);
            if (video == null && s.group(1).equals("Video") && !description.contains("(attached pic)")) {
                Matcher size = SIZE.matcher(description);
                if (size.find()) {
                    video = new Video(
                            codec(description),
                            Integer.parseInt(size.group(1)),
                            Integer.parseInt(size.group(2)),
                            frameRate(description));
                }
            } else if (audio == null && s.group(1).equals("Audio")) {
                Matcher a = AUDIO.matcher(description);
                if (a.find()) {
                    audio = new Audio(codec(description), Integer.parseInt(a.group(1)), channels(a.group(2)));
                }
            }
        }
        return Optional.of(new MediaInfo(durationMs, video, audio));
    }

    private static String codec(String description) {
        Matcher m = CODEC.matcher(description);
        return m.find() ? m.group(1) : "unknown";
    }

    /**
     * Reads OSS {@code video/info}, which answers in the shape of IMM DetectMediaMeta: {@code Duration} in seconds,
     * {@code VideoStreams[].Width/Height/FrameRate/CodecName}, {@code AudioStreams[].SampleRate/Channels/CodecName}.
     * Numbers may come as JSON numbers or strings (older IMM versions). {@code FrameRate} ("25/1") is preferred to
     * {@code AverageFrameRate}, which drifts from the nominal rate ("19800000/329911" for a 60 fps clip).
     */
    public static MediaInfo fromMediaMeta(JsonNode meta) {
        Video video = null;
        for (JsonNode v : meta.path("VideoStreams")) {
            if (v.path("Width").asInt() > 0) {
                String rate = v.path("FrameRate").asText("");
                double fps = ratio(
                        rate.isEmpty() || rate.startsWith("0")
                                ? v.path("AverageFrameRate").asText("")
                                : rate);
                video = new Video(
                        v.path("CodecName").asText("unknown"),
                        v.path("Width").asInt(),
                        v.path("Height").asInt(),
                        fps > 0 ? fps : 25);
                break;
            }
        }
        JsonNode a = meta.path("AudioStreams").path(0);
        Audio audio = a.isMissingNode()
                ? null
                : new Audio(
                        a.path("CodecName").asText("unknown"),
                        a.path("SampleRate").asInt(),
                        a.path("Channels").asInt());
        return new MediaInfo(Math.round(meta.path("Duration").asDouble(0) * 1000), video, audio);
    }

    /** This media info as OSS {@code video/info} answers it (the embedded server's answer). */
    public ObjectNode toMediaMeta(long size) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put("Size", size)
                .put("Duration", durationMs / 1000.0)
                .put("StreamCount", (video == null ? 0 : 1) + (audio == null ? 0 : 1));
        var videos = meta.putArray("VideoStreams");
        if (video != null) {
            meta.put("VideoWidth", video.width()).put("VideoHeight", video.height());
            videos.addObject()
                    .put("Index", 0)
                    .put("CodecName", video.codec())
                    .put("Width", video.width())
                    .put("Height", video.height())
                    .put("FrameRate", fraction(video.fps()))
                    .put("AverageFrameRate", fraction(video.fps()));
        }
        var audios = meta.putArray("AudioStreams");
        if (audio != null) {
            audios.addObject()
                    .put("Index", video == null ? 0 : 1)
                    .put("CodecName", audio.codec())
                    .put("SampleRate", audio.sampleRate())
                    .put("Channels", audio.channels());
        }
        return meta;
    }

    /** "30000/1001" for an NTSC rate, else the rate over 1000 in lowest terms ("25/1", "25/2"). */
    static String fraction(double fps) {
        for (int n : NTSC) {
            if (Math.abs(fps - n * 1000.0 / 1001) < 1e-6) {
                return n * 1000 + "/1001";
            }
        }
        long num = Math.round(fps * 1000);
        long gcd = BigInteger.valueOf(num).gcd(BigInteger.valueOf(1000)).longValue();
        return num / Math.max(1, gcd) + "/" + 1000 / Math.max(1, gcd);
    }

    private static double ratio(String fraction) {
        String[] p = fraction.split("/");
        try {
            double n = Double.parseDouble(p[0]);
            double d = p.length > 1 ? Double.parseDouble(p[1]) : 1;
            return d == 0 ? 0 : n / d;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * FFmpeg prints rates rounded to two decimals, so the NTSC rates N*1000/1001 come out as 23.98, 29.97, 59.94…;
     * those are taken back to their exact value, so that an output made "at the clip's rate" keeps it.
     */
    static double frameRate(String description) {
        Matcher m = FPS.matcher(description);
        if (!m.find()) {
            m = TBR.matcher(description);
            if (!m.find()) {
                return 25;
            }
        }
        double printed = Double.parseDouble(m.group(1)) * (m.group(2).isEmpty() ? 1 : 1000);
        if (printed <= 0) {
            return 25;
        }
        for (int n : NTSC) {
            double ntsc = n * 1000.0 / 1001;
            if (Math.abs(printed - Math.round(ntsc * 100) / 100.0) < 1e-9) {
                return ntsc;
            }
        }
        return printed;
    }

    /** The channel count of a layout name: {@code mono}, {@code stereo}, {@code 5.1(side)}, {@code 3 channels}… */
    static int channels(String layout) {
        Matcher n = CHANNELS.matcher(layout);
        if (n.matches()) {
            return Integer.parseInt(n.group(1));
        }
        Matcher surround = SURROUND.matcher(layout);
        if (surround.matches()) {
            return Integer.parseInt(surround.group(1)) + Integer.parseInt(surround.group(2));
        }
        return switch (layout) {
            case "mono" -> 1;
            case "quad", "quad(side)" -> 4;
            case "hexagonal" -> 6;
            case "octagonal" -> 8;
            case "hexadecagonal" -> 16;
            default -> 2; // stereo, downmix, and layouts FFmpeg may add later
        };
    }

    /** How much of this media the clip takes: from {@code ss} to the end, at most {@code t} (OSS: 0 = to the end). */
    public long trimmedLength(Clip c) {
        long length = Math.max(0, durationMs - c.start());
        return c.duration() > 0 ? Math.min(length, c.duration()) : length;
    }
}
