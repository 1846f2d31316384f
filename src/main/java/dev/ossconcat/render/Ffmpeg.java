package dev.ossconcat.render;

import dev.ossconcat.verify.MediaInfo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One ffmpeg executable and the two ways this project runs it: to render, and to probe (with {@code ffmpeg -i}, so
 * that a single executable is enough: the Maven-provided build has no ffprobe).
 *
 * @param executable the ffmpeg to run
 * @param origin     where it came from, for the log: {@code PATH} or the Maven artifact
 * @param gconvPath  for the bundled build, an empty directory to use as {@code GCONV_PATH}; null for PATH's
 */
public record Ffmpeg(Path executable, String origin, Path gconvPath) {

    private static final Logger LOG = Logger.getLogger(Ffmpeg.class);

    /** A probe reads little more than the file's header: a minute is plenty, and more means FFmpeg hangs. */
    static final long PROBE_TIMEOUT_SECONDS = 60;

    /** How long a killed FFmpeg may take to be gone before the call returns anyway. */
    private static final long KILL_WAIT_SECONDS = 10;

    /**
     * Static builds from JAVE's native-binary jars (ws.schild:jave-nativebin-*), one per platform; the pom adds the
     * one for the build machine's platform, except for native (Function Compute) builds.
     */
    static final String BUNDLED_DIR = "ws/schild/jave/nativebin/";

    static final List<String> BUNDLED =
            List.of("ffmpeg-amd64", "ffmpeg-aarch64", "ffmpeg-x86_64-osx", "ffmpeg-aarch64-osx");

    /** The JAVE artifact of each executable, as the pom's ffmpeg-* profiles name them. */
    static final Map<String, String> ARTIFACTS = Map.of(
            "ffmpeg-amd64", "jave-nativebin-linux64",
            "ffmpeg-aarch64", "jave-nativebin-linux-arm64",
            "ffmpeg-x86_64-osx", "jave-nativebin-osx64",
            "ffmpeg-aarch64-osx", "jave-nativebin-osxm1");

    /** Resolved once per JVM: extracting the bundled build copies some 70 MB. */
    private static final class Found {
        static final Optional<Ffmpeg> FFMPEG =
                locate(System.getenv("PATH"), Ffmpeg.class.getClassLoader(), mavenRepository(), platform(), cacheDir());
    }

    /** ffmpeg from PATH, else the bundled build; empty when neither exists ({@link #missing()} says what to do). */
    public static Optional<Ffmpeg> find() {
        return Found.FFMPEG;
    }

    /**
     * PATH first, so that a system FFmpeg (often newer, with the user's codecs) wins over the bundled one; then the
     * JAVE jar on the classpath (dev mode and tests); then the same jar in the local Maven repository, where the
     * build put it: the packaged jar ({@code java -jar}) does not carry it, so that no package carries FFmpeg.
     *
     * @param repository the local Maven repository
     * @param platform   the executable's name for this machine ({@link #BUNDLED}), or null when JAVE has none
     * @param cache      where the bundled executable is extracted to (it cannot run from inside a jar)
     */
    static Optional<Ffmpeg> locate(String path, ClassLoader loader, Path repository, String platform, Path cache) {
        return onPath(path).or(() -> bundled(loader, cache)).or(() -> inRepository(repository, platform, cache));
    }

    /** What to do when {@link #find()} found nothing: the task failure and the start-up line both say it. */
    public static String missing() {
        String platform = platform();
        String where = platform == null
                ? "there is no bundled FFmpeg for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")
                : "none is on the classpath, and " + mavenRepository().resolve(jarDir(ARTIFACTS.get(platform)))
                        + " has no " + ARTIFACTS.get(platform) + " jar (./mvnw package puts it there)";
        return "no FFmpeg: none is on PATH, " + where + "; install FFmpeg (apt install ffmpeg, brew install ffmpeg)"
                + " and restart";
    }

    /** The executable of this machine's platform among {@link #BUNDLED}, or null. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux")) {
            return x64 ? "ffmpeg-amd64" : arm ? "ffmpeg-aarch64" : null;
        }
        if (os.contains("mac")) {
            return x64 ? "ffmpeg-x86_64-osx" : arm ? "ffmpeg-aarch64-osx" : null;
        }
        return null;
    }

    /** {@code ~/.m2/repository}, or {@code maven.repo.local} when the JVM is given one. */
    static Path mavenRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null && !local.isBlank()
                ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Path jarDir(String artifact) {
        return Path.of("ws", "schild", artifact);
    }

    /** The newest version of the platform's JAVE jar in the repository, read like a classpath resource. */
    static Optional<Ffmpeg> inRepository(Path repository, String platform, Path cache) {
        if (platform == null) {
            return Optional.empty();
        }
        String artifact = ARTIFACTS.get(platform);
        Path dir = repository.resolve(jarDir(artifact));
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var versions = Files.list(dir)) {
            Optional<Path> jar = versions.map(v -> v.resolve(artifact + "-" + v.getFileName() + ".jar"))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(j -> j.getFileName().toString()));
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            try (var loader =
                    new java.net.URLClassLoader(new URL[] {jar.get().toUri().toURL()}, null)) {
                return bundled(loader, cache);
            }
        } catch (IOException e) {
            LOG.warnf("could not read %s: %s", dir, e.getMessage());
            return Optional.empty();
        }
    }

    static Optional<Ffmpeg> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path f = Path.of(dir.isEmpty() ? "." : dir, "ffmpeg");
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return Optional.of(new Ffmpeg(f, "PATH", null));
            }
        }
        return Optional.empty();
    }

    static Optional<Ffmpeg> bundled(ClassLoader loader, Path cache) {
        for (String name : BUNDLED) {
            URL url = loader.getResource(BUNDLED_DIR + name);
            if (url != null) {
                try {
                    return Optional.of(new Ffmpeg(
                            extract(url, cache.resolve(name)),
                            artifactOf(url),
                            Files.createDirectories(cache.resolve("no-gconv"))));
                } catch (IOException e) {
                    // a full disk or a read-only home must not stop the function: it runs without rendering
                    LOG.warnf("could not extract the bundled %s to %s: %s", name, cache, e.getMessage());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Extracted once per version: an executable of the resource's size is taken as already there. Written to a
     * temporary name and renamed, so that two JVMs starting together (dev mode and a test run) never run a
     * half-written file.
     */
    private static Path extract(URL url, Path target) throws IOException {
        URLConnection c = url.openConnection();
        long size = c.getContentLengthLong();
        if (size > 0 && Files.isExecutable(target) && Files.size(target) == size) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path temp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = c.getInputStream()) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            if (!temp.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + temp + " executable");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@code jave-nativebin-linux64-3.5.0.jar} out of the resource's URL, or the URL itself. */
    private static String artifactOf(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        String jar = bang < 0 ? s : s.substring(0, bang);
        return "Maven dependency " + jar.substring(jar.lastIndexOf('/') + 1);
    }

    /**
     * Per user and version-keyed by file size; {@code XDG_CACHE_HOME} or {@code ~/.cache}, not /tmp, which is
     * mounted noexec on some machines.
     */
    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("oss-video-concat").resolve("ffmpeg");
    }

    /** Streams and duration of a media file, read from what {@code ffmpeg -i} prints. */
    public MediaInfo probe(Path file) throws IOException, InterruptedException {
        return probe(file, PROBE_TIMEOUT_SECONDS);
    }

    MediaInfo probe(Path file, long timeoutSeconds) throws IOException, InterruptedException {
        Result r = run(
                List.of(executable.toString(), "-hide_banner", "-nostdin", "-i", file.toString()),
                timeoutSeconds,
                file);
        return MediaInfo.parse(r.output())
                .orElseThrow(() -> new IOException("ffmpeg could not read " + file.getFileName() + ": "
                        + r.tail().lines().reduce((a, b) -> b).orElse("no output")));
    }

    /**
     * Runs ffmpeg with {@code args}; the exit code and the tail of its output.
     *
     * @throws TimedOut when it has not ended after {@code timeoutSeconds}; it and its child processes are killed
     */
    public Result ffmpeg(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        return run(command, timeoutSeconds, null);
    }

    /** First line of {@code ffmpeg -version}, for the log. */
    public String version() {
        try {
            Result r = ffmpeg(List.of("-version"), 30);
            return r.output().lines().findFirst().orElse("unknown version");
        } catch (IOException e) {
            return "unknown version (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    /**
     * @param output stdout, or all of stderr when it was asked for (the probe reads it)
     * @param tail   the end of stderr, for error messages
     */
    public record Result(int exit, String output, String tail) {}

    /** FFmpeg did not end within its time and was killed: the message says after how long. */
    public static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    /**
     * Both outputs go to files, not pipes: a pipe that nobody reads fills up (64 KB on Linux) and stalls FFmpeg, and
     * reading a pipe blocks until every process holding it exits (a hung FFmpeg, or a child it left behind). With
     * files, the timed wait below is the only place this thread waits, so the timeout always fires.
     *
     * @param probed the file a probe reads (the probe's output is then stderr); null for other runs
     */
    private Result run(List<String> command, long timeoutSeconds, Path probed)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("ffmpeg", ".out");
        Path err = Files.createTempFile("ffmpeg", ".log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (gconvPath != null) {
                // The bundled build links glibc statically, whose iconv then loads the host's gconv modules of
                // another glibc version and crashes: every MPEG-TS input did (its service names are converted).
                // With no modules, iconv_open fails cleanly and FFmpeg keeps the names unconverted.
                builder.environment().put("GCONV_PATH", gconvPath.toString());
            }
            Process p = builder.start();
            // stdin at its end: an FFmpeg run without -nostdin reads keys from it, and must not wait for any
            p.getOutputStream().close();
            boolean ended;
            try {
                ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // the caller gives up (the render worker is shut down): FFmpeg must not run on without it
                kill(p);
                throw e;
            }
            if (!ended) {
                kill(p);
                String last = tail(read(err)).lines().reduce((a, b) -> b).orElse("");
                throw new TimedOut("ffmpeg timed out after " + timeoutSeconds + " s"
                        + (probed == null ? "" : " reading " + probed.getFileName()) + " and was killed"
                        + (last.isBlank() ? "" : "; its last output: " + last.strip()));
            }
            String log = read(err);
            String output = probed != null ? log : read(out);
            return new Result(p.exitValue(), output, tail(log).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Decoded leniently: FFmpeg prints file and stream names in whatever encoding they have. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static String tail(String log) {
        return log.length() > 600 ? log.substring(log.length() - 600) : log;
    }

    /**
     * Kills the process and every process it started. The descendants are listed before the parent is killed,
     * because an orphan is adopted by init and no longer counts as its descendant; and the parent goes first, so that
     * it cannot start another child once one is killed. Waits (a little) until they are all gone.
     */
    private static void kill(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        exits.add(p.toHandle().onExit());
        descendants.forEach(d -> exits.add(d.onExit()));
        try {
            // SIGKILL cannot be refused, but a process in uninterruptible I/O dies only when that I/O ends
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("ffmpeg (pid %d) was killed but has not exited after %d s", p.pid(), KILL_WAIT_SECONDS);
        }
    }
}
