package dev.ossconcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.DocCommands.Answer;
import dev.ossconcat.DocCommands.Block;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start against the packaged jar ({@code java -jar target/quarkus-app/quarkus-run.jar}), as a user
 * runs it after {@code ./mvnw package}: with no FFmpeg on PATH, the jar renders with the FFmpeg the build left in the
 * Maven repository, makes the same sample clips, and the quick start's job succeeds. Without any FFmpeg, the job fails
 * at once and {@code /status} says what to install. Runs in {@code verify -Pnative-sources}, after packaging.
 */
class JarQuickStartIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path tmp;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theQuickStartWorksWithThePackagedJarAndSaysWhatToInstallWithoutFfmpeg() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        Path data = tmp.resolve("local-oss");
        List<Block> readme = DocCommands.blocks(Path.of("README.md"));
        Block quickStart = readme.stream()
                .filter(b -> b.command().contains("/concat"))
                .findFirst()
                .orElseThrow();
        Block startOver = readme.stream()
                .filter(b -> b.command().startsWith("rm -rf local-oss/"))
                .findFirst()
                .orElseThrow();
        String repository = System.getProperty("maven.repo.local");
        assertTrue(repository != null && Files.isDirectory(Path.of(repository)), "the build's Maven repository");

        // no FFmpeg on PATH: the one the build left in the Maven repository renders
        int port = freePort();
        Path log = tmp.resolve("with-repository.log");
        Process jar = start(port, data, repository, log);
        try {
            awaitUp(port, data, true);
            JsonNode job = DocCommands.run(quickStart, port, data, null).get(0).json();
            String jobId = job.path("jobId").asText();
            JsonNode done = awaitFinished(port, jobId);
            assertEquals("succeeded", done.path("state").asText(), done.toString());
            assertEquals("true", done.path("verified").asText(), done.toString());
            assertTrue(Files.isRegularFile(data.resolve("media/outputs/quickstart.mp4")));
            String output = Files.readString(log);
            assertTrue(output.contains("from Maven dependency jave-nativebin-"), output);
            assertTrue(output.contains("job " + jobId + " succeeded"), output);
        } finally {
            stop(jar);
        }

        // no FFmpeg anywhere: the task fails at once, and the job says what to install
        DocCommands.run(startOver, port, data, null);
        port = freePort();
        log = tmp.resolve("without-ffmpeg.log");
        jar = start(port, data, tmp.resolve("no-repository").toString(), log);
        try {
            awaitUp(port, data, false);
            List<Answer> answers = DocCommands.run(quickStart, port, data, null);
            assertEquals(200, answers.get(0).status(), answers.toString());
            String jobId = answers.get(0).json().path("jobId").asText();
            JsonNode failed = awaitFinished(port, jobId);
            assertEquals("failed", failed.path("state").asText(), failed.toString());
            String error = failed.path("error").asText();
            assertTrue(error.contains("no FFmpeg") && error.contains("install FFmpeg"), error);
            String output = Files.readString(log);
            assertTrue(output.contains("no FFmpeg: none is on PATH"), output);
            assertTrue(!output.contains("no bundled one for this platform"), output);
        } finally {
            stop(jar);
        }
    }

    /**
     * The same jar as Function Compute starts it, without a role, token or opt-out (FC_REGION, FC_CUSTOM_LISTEN_PORT):
     * JSON log lines, one start-up line for each thing to set, and the billed calls refused with 503.
     */
    @Test
    void onFunctionComputeUnconfiguredItLogsJsonAndRefuses() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        int port = freePort();
        Path log = tmp.resolve("on-fc.log");
        Process jar = start(
                port,
                tmp.resolve("unused"),
                tmp.resolve("no-repository").toString(),
                log,
                Map.of("FC_REGION", "cn-hangzhou", "FC_CUSTOM_LISTEN_PORT", Integer.toString(port)));
        try {
            HttpResponse<String> refused = null;
            for (int i = 0; i < 480 && refused == null; i++) {
                try {
                    refused = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/concat"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertTrue(refused != null, "the jar did not start");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(
                    "not_configured",
                    DocCommands.JSON.readTree(refused.body()).path("error").asText());
        } finally {
            stop(jar);
        }
        List<String> lines =
                Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() > 3, lines.toString());
        int protection = 0;
        int credentials = 0;
        for (String line : lines) {
            JsonNode json = DocCommands.JSON.readTree(line); // every line is one JSON object
            String message = json.path("message").asText();
            protection += message.contains("they answer 503 not_configured until you set CONCAT_API_TOKEN") ? 1 : 0;
            credentials += message.contains("no OSS credentials") ? 1 : 0;
        }
        assertEquals(1, protection, "one start-up line says what protects the billed calls: " + lines);
        assertEquals(1, credentials, "one start-up line says where credentials come from: " + lines);
    }

    /** The jar as a user starts it, on {@code port}, with an empty PATH, so that no system FFmpeg is found. */
    Process start(int port, Path data, String repository, Path log) throws Exception {
        return start(port, data, repository, log, Map.of());
    }

    Process start(int port, Path data, String repository, Path log, Map<String, String> extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder b = new ProcessBuilder(
                        java,
                        "-Dquarkus.http.port=" + port,
                        "-Dmaven.repo.local=" + repository,
                        "-jar",
                        JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = b.environment();
        env.keySet().removeIf(k -> k.startsWith("CONCAT_") || k.startsWith("FC_") || k.startsWith("QUARKUS_"));
        env.put("PATH", "");
        env.put("CONCAT_LOCAL_DIR", data.toString());
        env.put("CONCAT_LOCAL_PORT", "0");
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        env.putAll(extra);
        return b.start();
    }

    /** Up once /status answers and, when FFmpeg is there, the sample clips are made. */
    void awaitUp(int port, Path data, boolean samples) throws Exception {
        for (int i = 0; i < 480; i++) {
            try {
                int status = get(port, "/status?jobId=" + "0".repeat(32) + "&bucket=media")
                        .statusCode();
                if (status == 404 && (!samples || Files.isRegularFile(data.resolve("media/samples/two.mp4")))) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the jar did not start within 120 s");
    }

    JsonNode awaitFinished(int port, String jobId) throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 480; i++) {
            status = DocCommands.JSON.readTree(
                    get(port, "/status?jobId=" + jobId + "&bucket=media").body());
            String state = status.path("state").asText();
            if (state.equals("failed")
                    || (state.equals("succeeded") && status.path("verified").isTextual())) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish: " + status);
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void stop(Process p) throws Exception {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }
}
