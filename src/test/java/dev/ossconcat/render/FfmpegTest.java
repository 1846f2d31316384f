package dev.ossconcat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where FFmpeg comes from (PATH, else the pom's jave-nativebin jar) and the probe, run with every FFmpeg this machine
 * has: the bundled 4.4 always, and a system one when PATH has it.
 */
class FfmpegTest {

    @TempDir
    Path tmp;

    static Ffmpeg bundled() {
        return Ffmpeg.bundled(FfmpegTest.class.getClassLoader(), Path.of("target", "ffmpeg-cache"))
                .orElseThrow(() -> new AssertionError("the pom adds a jave-nativebin jar for this platform"));
    }

    static Stream<Ffmpeg> everyFfmpeg() {
        List<Ffmpeg> all = new ArrayList<>(List.of(bundled()));
        Ffmpeg.onPath(System.getenv("PATH")).ifPresent(all::add);
        return all.stream();
    }

    @Test
    void theBundledBuildIsExtractedOnceAndRuns() throws Exception {
        Path cache = tmp.resolve("cache");
        Ffmpeg f = Ffmpeg.bundled(getClass().getClassLoader(), cache).orElseThrow();
        assertTrue(f.executable().startsWith(cache), f.executable().toString());
        assertTrue(Files.isExecutable(f.executable()));
        assertTrue(f.origin().startsWith("Maven dependency jave-nativebin-"), f.origin());
        assertTrue(f.version().startsWith("ffmpeg version "), f.version());
        assertTrue(Files.isDirectory(f.gconvPath()), "the bundled build runs with an empty GCONV_PATH");
        try (Stream<Path> modules = Files.list(f.gconvPath())) {
            assertEquals(0, modules.count());
        }

        FileTime extracted = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(f.executable(), extracted);
        Ffmpeg again = Ffmpeg.bundled(getClass().getClassLoader(), cache).orElseThrow();
        assertEquals(f.executable(), again.executable());
        assertEquals(extracted, Files.getLastModifiedTime(again.executable()), "not copied a second time");
        try (Stream<Path> files = Files.list(f.executable().getParent())) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "no temporary file left behind");
        }
    }

    @Test
    void aTruncatedExtractionIsReplaced() throws Exception {
        Path cache = tmp.resolve("cache");
        Path executable =
                Ffmpeg.bundled(getClass().getClassLoader(), cache).orElseThrow().executable();
        long size = Files.size(executable);
        Files.write(executable, new byte[100]);
        Ffmpeg f = Ffmpeg.bundled(getClass().getClassLoader(), cache).orElseThrow();
        assertEquals(size, Files.size(f.executable()));
        assertTrue(f.version().startsWith("ffmpeg version "), f.version());
    }

    @Test
    void anExtractionThatCannotBeWrittenLeavesNoFfmpegRatherThanAnError() throws Exception {
        Path blocked = Files.writeString(tmp.resolve("a-file"), "a cache directory cannot be created under a file");
        assertTrue(Ffmpeg.bundled(getClass().getClassLoader(), blocked.resolve("cache"))
                .isEmpty());
    }

    @Test
    void pathWinsOverTheBundledBuild() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path script = Files.writeString(
                bin.resolve("ffmpeg"),
                "#!/bin/sh\nexec '" + bundled().executable().toAbsolutePath() + "' \"$@\"\n");
        assertTrue(script.toFile().setExecutable(true));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ClassLoader loader = getClass().getClassLoader();

        Ffmpeg fromPath = Ffmpeg.locate(empty + File.pathSeparator + bin, loader, tmp.resolve("c"))
                .orElseThrow();
        assertEquals("PATH", fromPath.origin());
        assertEquals(bin.resolve("ffmpeg"), fromPath.executable());
        assertTrue(fromPath.version().startsWith("ffmpeg version "), "the PATH one runs: " + fromPath.version());

        Ffmpeg fallback =
                Ffmpeg.locate(empty.toString(), loader, tmp.resolve("c")).orElseThrow();
        assertTrue(fallback.origin().startsWith("Maven dependency"), fallback.origin());
        assertTrue(Ffmpeg.onPath(empty.toString()).isEmpty());
        assertTrue(Ffmpeg.onPath(null).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("everyFfmpeg")
    void theProbeReadsWhatFfmpegMade(Ffmpeg ffmpeg) throws Exception {
        Path ntsc = make(
                ffmpeg,
                tmp.resolve("ntsc.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=1280x720:rate=30000/1001:duration=2",
                "-f",
                "lavfi",
                "-i",
                "sine=duration=2:sample_rate=48000",
                "-ac",
                "1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest");
        MediaInfo a = ffmpeg.probe(ntsc);
        assertEquals(2000, a.durationMs(), 100);
        assertEquals(new MediaInfo.Video("h264", 1280, 720, 30000.0 / 1001), a.video());
        assertEquals(new MediaInfo.Audio("aac", 48_000, 1), a.audio());

        Path silent = make(
                ffmpeg,
                tmp.resolve("silent.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=640x360:rate=25:duration=1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        MediaInfo b = ffmpeg.probe(silent);
        assertEquals(new MediaInfo.Video("h264", 640, 360, 25), b.video());
        assertNull(b.audio());

        Path surround = make(
                ffmpeg,
                tmp.resolve("surround.m4a"),
                "-f",
                "lavfi",
                "-i",
                "sine=duration=1:sample_rate=44100",
                "-af",
                "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0",
                "-c:a",
                "aac");
        MediaInfo c = ffmpeg.probe(surround);
        assertNull(c.video());
        assertNotNull(c.audio());
        assertEquals(6, c.audio().channels());

        // MPEG-TS: the bundled static build crashed on every such input until it ran with an empty GCONV_PATH
        Path ts = make(
                ffmpeg,
                tmp.resolve("clip.ts"),
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25:duration=1",
                "-f",
                "lavfi",
                "-i",
                "sine=duration=1:sample_rate=44100",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "libmp3lame",
                "-f",
                "mpegts");
        MediaInfo d = ffmpeg.probe(ts);
        assertEquals(new MediaInfo.Video("h264", 320, 240, 25), d.video());
        assertEquals(new MediaInfo.Audio("mp3", 44_100, 1), d.audio());

        Path garbage = Files.writeString(tmp.resolve("garbage.mp4"), "not a video");
        IOException e = assertThrows(IOException.class, () -> ffmpeg.probe(garbage));
        assertTrue(e.getMessage().startsWith("ffmpeg could not read garbage.mp4: "), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid data"), e.getMessage());
    }

    /** Runs {@code ffmpeg <args> <out>} and checks that it worked: how the render tests make their media. */
    static Path make(Ffmpeg ffmpeg, Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        all.addAll(List.of(args));
        all.add(out.toString());
        Ffmpeg.Result r = ffmpeg.ffmpeg(all, 60);
        assertEquals(0, r.exit(), r.tail());
        return out;
    }
}
