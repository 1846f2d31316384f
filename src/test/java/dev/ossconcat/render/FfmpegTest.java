package dev.ossconcat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.verify.MediaInfo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where FFmpeg comes from (PATH, else the pom's jave-nativebin jar) and the probe, run with every FFmpeg this machine
 * has: the bundled 4.4 always, and a system one when PATH has it. How a run ends: shell-script stand-ins that hang or
 * print megabytes show that a timeout kills the process tree and that no output can stall a run.
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

        Path noRepository = tmp.resolve("no-repository");
        Ffmpeg fromPath = Ffmpeg.locate(
                        empty + File.pathSeparator + bin, loader, noRepository, Ffmpeg.platform(), tmp.resolve("c"))
                .orElseThrow();
        assertEquals("PATH", fromPath.origin());
        assertEquals(bin.resolve("ffmpeg"), fromPath.executable());
        assertTrue(fromPath.version().startsWith("ffmpeg version "), "the PATH one runs: " + fromPath.version());

        Ffmpeg fallback = Ffmpeg.locate(empty.toString(), loader, noRepository, Ffmpeg.platform(), tmp.resolve("c"))
                .orElseThrow();
        assertTrue(fallback.origin().startsWith("Maven dependency"), fallback.origin());
        assertTrue(Ffmpeg.onPath(empty.toString()).isEmpty());
        assertTrue(Ffmpeg.onPath(null).isEmpty());
    }

    /** The packaged jar has no JAVE jar on its classpath: the one the build left in the Maven repository serves. */
    @Test
    void withoutPathOrClasspathTheMavenRepositorysBuildIsUsed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        ClassLoader nothing = new java.net.URLClassLoader(new java.net.URL[0], null);
        Ffmpeg found = Ffmpeg.locate(
                        empty.toString(), nothing, Ffmpeg.mavenRepository(), Ffmpeg.platform(), tmp.resolve("c"))
                .orElseThrow();
        assertTrue(found.origin().startsWith("Maven dependency jave-nativebin-"), found.origin());
        assertTrue(found.version().startsWith("ffmpeg version "), found.version());

        assertTrue(Ffmpeg.locate(empty.toString(), nothing, tmp.resolve("none"), Ffmpeg.platform(), tmp.resolve("c"))
                .isEmpty());
        assertTrue(Ffmpeg.inRepository(Ffmpeg.mavenRepository(), null, tmp.resolve("c"))
                .isEmpty());
        String missing = Ffmpeg.missing();
        assertTrue(missing.contains("install FFmpeg"), missing);
        assertFalse(missing.contains("no bundled FFmpeg for"), "this platform has one: " + missing);
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

    // ---- stand-ins that hang or flood: the timeout fires, the process tree is killed, output never blocks ---

    /** A stand-in for ffmpeg: a shell script, so that a test can make "FFmpeg" hang or print without limit. */
    Ffmpeg standIn(String body) throws IOException {
        Path script = Files.writeString(tmp.resolve("ffmpeg"), "#!/bin/sh\n" + body + "\n");
        assertTrue(script.toFile().setExecutable(true));
        return new Ffmpeg(script, "test stand-in", null);
    }

    /**
     * Waits for a pid file the stand-in writes before it hangs: the stand-in runs by then, so the wait is short and
     * ends before any timeout of the call under test could.
     */
    long pid(Path file) throws Exception {
        for (int i = 0;
                i < 200 && (!Files.exists(file) || Files.readString(file).isBlank());
                i++) {
            Thread.sleep(50);
        }
        return Long.parseLong(Files.readString(file).strip());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The hang of a child process: the script (what this class starts) waits for a {@code sleep} it started in the
     * background. Killing only the script would leave the sleep holding the output, so both must be gone.
     */
    @Test
    void aHungFfmpegTimesOutAndItsWholeProcessTreeIsKilled() throws Exception {
        Path shellPid = tmp.resolve("shell.pid");
        Path sleepPid = tmp.resolve("sleep.pid");
        Ffmpeg hung = standIn("echo $$ > '" + shellPid + "'\n"
                + "echo 'frame=  1 fps=0.0 q=0.0 size=0kB'\n"
                + "echo 'frame=  2 fps=0.0 q=0.0 size=0kB' >&2\n"
                + "sleep 600 &\n"
                + "echo $! > '" + sleepPid + "'\n"
                + "wait");

        // the preemptive bound only keeps a regression from hanging the build; the timeout under test is 1 s
        Ffmpeg.TimedOut e = assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> assertThrows(Ffmpeg.TimedOut.class, () -> hung.ffmpeg(List.of(), 1)));
        assertTrue(e.getMessage().startsWith("ffmpeg timed out after 1 s and was killed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("its last output: frame=  2 fps=0.0 q=0.0 size=0kB"), e.getMessage());
        long shell = pid(shellPid);
        long sleep = pid(sleepPid);
        assertFalse(alive(shell), "the stand-in itself (pid " + shell + ") is killed");
        assertFalse(alive(sleep), "its child sleep (pid " + sleep + ") is killed too");
    }

    @Test
    void aHungProbeTimesOutNamingTheFileAndIsKilled() throws Exception {
        Path pidFile = tmp.resolve("probe.pid");
        Ffmpeg hung = standIn("echo $$ > '" + pidFile + "'\nexec sleep 600");
        Path clip = Files.writeString(tmp.resolve("clip.mp4"), "a clip");

        Ffmpeg.TimedOut e = assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> assertThrows(Ffmpeg.TimedOut.class, () -> hung.probe(clip, 1)));
        assertEquals("ffmpeg timed out after 1 s reading clip.mp4 and was killed", e.getMessage());
        long sleep = pid(pidFile);
        assertFalse(alive(sleep), "the probe's process (pid " + sleep + ", exec'd into sleep) is killed");
    }

    /**
     * A caller that stops waiting (the render worker shut down) takes FFmpeg with it: the interrupt ends the call and
     * the process.
     */
    @Test
    void anInterruptedCallKillsFfmpeg() throws Exception {
        Path pidFile = tmp.resolve("interrupted.pid");
        Ffmpeg hung = standIn("echo $$ > '" + pidFile + "'\nexec sleep 600");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Ffmpeg.Result> call = caller.submit(() -> hung.ffmpeg(List.of(), 600));
            long pid = pid(pidFile);
            assertTrue(alive(pid), "running before the interrupt");
            caller.shutdownNow();
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
            assertFalse(alive(pid), "the interrupted call's process (pid " + pid + ") is killed");
        } finally {
            caller.shutdownNow();
        }
    }

    static final int MEGABYTE = 1 << 20;

    /** 1 MB on each stream, far past a pipe's buffer (64 KB on Linux): drained, the run ends and keeps it all. */
    @Test
    void aMegabyteOnStdoutAndStderrNeitherBlocksNorIsLost() throws Exception {
        Ffmpeg loud = standIn("yes 0123456789abcdef | head -c " + MEGABYTE + "\n"
                + "yes fedcba9876543210 | head -c " + MEGABYTE + " >&2\n"
                + "echo 'the end' >&2\n"
                + "exit 0");
        Ffmpeg.Result r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> loud.ffmpeg(List.of("-version"), 20));
        assertEquals(0, r.exit(), r.tail());
        assertEquals(MEGABYTE, r.output().length(), "all of stdout");
        assertTrue(r.output().startsWith("0123456789abcdef\n0123456789abcdef\n"));
        // head -c cuts the last line short, so "the end" follows part of a line
        assertTrue(r.tail().endsWith("the end"), r.tail());
        assertTrue(r.tail().contains("\nfedcba9876543210\n"), r.tail());
        assertTrue(
                r.tail().length() <= 600, "only the tail of stderr: " + r.tail().length());
    }

    /** The probe reads stderr: a megabyte of it before the input's description still parses. */
    @Test
    void aProbeReadsTheDescriptionAfterAMegabyteOfStderr() throws Exception {
        Ffmpeg loud = standIn("yes 'x' | head -c " + MEGABYTE + " >&2\n"
                + "cat >&2 <<'EOF'\n"
                + "\nInput #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':\n"
                + "  Duration: 00:00:02.00, start: 0.000000, bitrate: 100 kb/s\n"
                + "  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 640x360, 90 kb/s, 25 fps,"
                + " 25 tbr, 12800 tbn (default)\n"
                + "EOF\n"
                + "exit 1"); // ffmpeg -i without an output exits 1 after describing the input
        Path clip = Files.writeString(tmp.resolve("clip.mp4"), "a clip");
        MediaInfo info = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> loud.probe(clip, 20));
        assertEquals(2000, info.durationMs());
        assertEquals(new MediaInfo.Video("h264", 640, 360, 25), info.video());
        assertNull(info.audio());
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
