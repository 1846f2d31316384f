package dev.ossconcat.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The ffmpeg and ffprobe executables on PATH, and the two ways this project runs them. */
public record Ffmpeg(Path ffmpeg, Path ffprobe) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Both executables from PATH, or empty when either is missing. */
    public static Optional<Ffmpeg> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        Path ffmpeg = null;
        Path ffprobe = null;
        for (String dir : path.split(File.pathSeparator)) {
            Path m = Path.of(dir, "ffmpeg");
            Path p = Path.of(dir, "ffprobe");
            if (ffmpeg == null && Files.isExecutable(m)) {
                ffmpeg = m;
            }
            if (ffprobe == null && Files.isExecutable(p)) {
                ffprobe = p;
            }
        }
        return ffmpeg == null || ffprobe == null ? Optional.empty() : Optional.of(new Ffmpeg(ffmpeg, ffprobe));
    }

    /** Streams and duration of a media file. */
    public MediaInfo probe(Path file) throws IOException, InterruptedException {
        Result r = run(List.of(ffprobe.toString(), "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString()), 60);
        if (r.exit() != 0) {
            throw new IOException("ffprobe could not read " + file.getFileName() + ": " + r.tail());
        }
        JsonNode root = JSON.readTree(r.output());
        MediaInfo.Video video = null;
        MediaInfo.Audio audio = null;
        for (JsonNode s : root.path("streams")) {
            String type = s.path("codec_type").asText();
            if (video == null && type.equals("video") && !s.path("disposition").path("attached_pic").asBoolean()) {
                video = new MediaInfo.Video(s.path("width").asInt(), s.path("height").asInt(),
                        rate(s.path("avg_frame_rate").asText(s.path("r_frame_rate").asText("25/1"))));
            } else if (audio == null && type.equals("audio")) {
                audio = new MediaInfo.Audio(s.path("sample_rate").asInt(48_000), s.path("channels").asInt(2));
            }
        }
        double seconds = root.path("format").path("duration").asDouble(0);
        return new MediaInfo(Math.round(seconds * 1000), video, audio);
    }

    /** Runs ffmpeg with {@code args}; the exit code and the tail of its output. */
    public Result ffmpeg(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ffmpeg.toString());
        command.addAll(args);
        return run(command, timeoutSeconds);
    }

    /** @param output stdout (ffprobe's JSON); {@code tail}: the end of stderr, for error messages */
    public record Result(int exit, String output, String tail) {
    }

    private static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path err = Files.createTempFile("ffmpeg", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeoutSeconds + " s");
            }
            String log = Files.readString(err, StandardCharsets.UTF_8);
            String tail = log.length() > 600 ? log.substring(log.length() - 600) : log;
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), tail.strip());
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static double rate(String fraction) {
        String[] p = fraction.split("/");
        try {
            double n = Double.parseDouble(p[0]);
            double d = p.length > 1 ? Double.parseDouble(p[1]) : 1;
            return d == 0 || n == 0 ? 25 : n / d;
        } catch (NumberFormatException e) {
            return 25;
        }
    }
}
