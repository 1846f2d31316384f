package dev.ossconcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.model.ObjectMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Function Compute package exactly as {@code s deploy} uploads it (the zip that src/package/build.sh makes in
 * the verify build's pre-integration-test phase), unpacked as FC unpacks it to /code and started as FC's custom
 * runtime starts it: s.yaml's command and arguments, s.yaml's environment, and FC's own variables. Its OSS is the
 * embedded server run on its own, with the documented command, on a port and data directory of its own. The events
 * are delivered as FC delivers them, with FC's per-request STS credentials in {@code x-fc-*} headers.
 *
 * <p>The JVM package must exist (the verify build makes it). A native package ({@code target/fc-native.zip}, from
 * {@code src/package/build.sh native}) goes through the same checks when it exists; without one those tests are
 * skipped, saying so.
 */
class FcPackageIT {

    static final Path JVM_ZIP = Path.of("target/fc-jvm.zip");
    static final Path NATIVE_ZIP = Path.of("target/fc-native.zip");
    static final Path WORK = Path.of("target/fc-package-it").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The function role's credentials (ALIBABA_CLOUD_*) and a request's STS credentials (x-fc-*): both accepted. */
    static final String ROLE_ID = "STS.role-" + UUID.randomUUID();

    static final String ROLE_SECRET = "role-secret";
    static final String REQUEST_ID = "STS.request-" + UUID.randomUUID();
    static final String REQUEST_SECRET = "request-secret";
    static final String API_TOKEN = "fc-package-it-" + UUID.randomUUID();
    /** The development tools, by their names in class files and in text. */
    static final List<String> DEV_TOOLS =
            List.of("dev/ossconcat/localoss", "dev/ossconcat/render", "dev.ossconcat.localoss", "dev.ossconcat.render");

    static JsonNode props;
    static JsonNode vars;
    static Process oss;
    static String endpoint;
    static final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void standaloneOssServer() throws Exception {
        JsonNode yaml =
                new ObjectMapper(new YAMLFactory()).readTree(Path.of("s.yaml").toFile());
        props = yaml.path("resources").path("concat").path("props");
        vars = yaml.path("vars");
        deleteTree(WORK);
        Files.createDirectories(WORK);
        // the documented command (docs/local.md), from the development build's package
        oss = new ProcessBuilder(
                        java(),
                        "-cp",
                        "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*",
                        "dev.ossconcat.localoss.Standalone",
                        "--port",
                        String.valueOf(freePort()),
                        "--dir",
                        WORK.resolve("oss-data").toString(),
                        "--bucket",
                        bucket(),
                        "--grant",
                        ROLE_ID + ":" + ROLE_SECRET,
                        "--grant",
                        REQUEST_ID + ":" + REQUEST_SECRET)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(oss.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = Pattern.compile("Embedded OSS server at (http://\\S+),").matcher(String.valueOf(first));
        assertTrue(m.find(), "the standalone server's first line: " + first);
        endpoint = m.group(1);
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() {
        started.forEach(Process::destroyForcibly);
        if (oss != null) {
            oss.destroyForcibly();
        }
    }

    // ---- the JVM package: always built by verify --------------------------------------------------------------

    @Test
    void theJvmPackageHoldsNoDevelopmentTool() throws Exception {
        assertTrue(Files.isRegularFile(JVM_ZIP), JVM_ZIP + " is made by src/package/build.sh jvm (verify does)");
        assertHoldsNoDevelopmentTool(unpack(JVM_ZIP, "jvm-code"));
    }

    @Test
    void theJvmPackageWithoutOssEndpointOrRegionStopsWithOneLine() throws Exception {
        assertStopsWithOneLine(unpack(JVM_ZIP, "jvm-bare"));
    }

    @Test
    void theJvmPackageServesEventsAndCallsAsFunctionComputeDeliversThem() throws Exception {
        assertServesAsOnFunctionCompute(unpack(JVM_ZIP, "jvm-run"), "jvm");
    }

    // ---- the native package: where GraalVM/Mandrel or Docker built one ------------------------------------------

    static final String NO_NATIVE = "no native package (" + NATIVE_ZIP + "): its tests are skipped; build one with"
            + " src/package/build.sh native target/fc-native where GraalVM/Mandrel or Docker exists (docs/native.md)";
    static boolean toldNoNative;

    static void assumeNative() {
        if (!Files.isRegularFile(NATIVE_ZIP) && !toldNoNative) {
            // in the build's output too, not only in the report: a skipped native run must not pass unnoticed
            System.out.println("FcPackageIT: " + NO_NATIVE);
            toldNoNative = true;
        }
        Assumptions.assumeTrue(Files.isRegularFile(NATIVE_ZIP), NO_NATIVE);
    }

    @Test
    void theNativePackageHoldsNoDevelopmentTool() throws Exception {
        assumeNative();
        assertHoldsNoDevelopmentTool(unpack(NATIVE_ZIP, "native-code"));
    }

    @Test
    void theNativePackageWithoutOssEndpointOrRegionStopsWithOneLine() throws Exception {
        assumeNative();
        assertStopsWithOneLine(unpack(NATIVE_ZIP, "native-bare"));
    }

    @Test
    void theNativePackageServesEventsAndCallsAsFunctionComputeDeliversThem() throws Exception {
        assumeNative();
        assertServesAsOnFunctionCompute(unpack(NATIVE_ZIP, "native-run"), "native");
    }

    // ---- the checks ----------------------------------------------------------------------------------------------

    /**
     * No file of the package, and no entry of any jar in it, names a development tool: no class of theirs, no
     * generated bean, no reflection registration, no index entry. Entries are read decompressed.
     */
    static void assertHoldsNoDevelopmentTool(Path code) throws IOException {
        assertTrue(
                Files.getPosixFilePermissions(code.resolve("bootstrap")).contains(PosixFilePermission.OWNER_EXECUTE),
                "bootstrap is executable in the zip");
        List<String> found = new ArrayList<>();
        int[] functionClasses = {0};
        try (Stream<Path> files = Files.walk(code)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = code.relativize(file).toString();
                // FFmpeg's jar (jave-nativebin, scope provided) serves local rendering only
                if (name.contains("nativebin") || name.contains("ffmpeg")) {
                    found.add(name + " is FFmpeg");
                }
                if (name.endsWith(".jar")) {
                    try (JarInputStream jar = new JarInputStream(Files.newInputStream(file))) {
                        for (ZipEntry e; (e = jar.getNextEntry()) != null; ) {
                            if (e.getName().startsWith("dev/ossconcat/api/")) {
                                functionClasses[0]++;
                            }
                            scan(name + "!" + e.getName(), e.getName().getBytes(StandardCharsets.UTF_8), found);
                            scan(name + "!" + e.getName(), jar.readAllBytes(), found);
                        }
                    }
                } else {
                    scan(name, Files.readAllBytes(file), found);
                }
            }
        }
        assertEquals(List.of(), found, "development tools in the package");
        if (Files.isDirectory(code.resolve("quarkus-app"))) {
            // the listing saw the function itself, so an empty finding is not an empty listing
            assertTrue(functionClasses[0] > 5, "classes of dev.ossconcat.api in the package: " + functionClasses[0]);
        }
    }

    static void scan(String where, byte[] bytes, List<String> found) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String tool : DEV_TOOLS) {
            if (text.contains(tool)) {
                found.add(where + " names " + tool);
            }
        }
    }

    static void assertStopsWithOneLine(Path code) throws Exception {
        Map<String, String> env = fcEnvironment(freePort());
        env.remove("FC_REGION");
        env.remove("CONCAT_OSS_ENDPOINT");
        Path log = WORK.resolve(code.getFileName() + ".log");
        Process p = start(code, env, log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the package stops by itself");
        List<String> lines =
                Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertNotEquals(0, p.exitValue(), "exit status");
        assertEquals(1, lines.size(), "one line: " + lines);
        assertTrue(lines.get(0).contains("set CONCAT_OSS_ENDPOINT"), lines.get(0));
        assertTrue(lines.get(0).contains("FC_REGION"), lines.get(0));
    }

    /**
     * An OSS upload of a playlist, a timer tick (s.yaml's own payload) and an HTTP /concat: each makes its job, with
     * its task ID in the job record (GET /status) and, for the upload, in the playlist object's metadata.
     */
    static void assertServesAsOnFunctionCompute(Path code, String flavour) throws Exception {
        int port = freePort();
        Process function = start(code, fcEnvironment(port), WORK.resolve(code.getFileName() + ".log"));
        String base = "http://127.0.0.1:" + port;
        awaitListening(function, port, WORK.resolve(code.getFileName() + ".log"));
        String bucket = bucket();
        String dir = "it-" + flavour + "-" + UUID.randomUUID() + "/";
        OSS client = OSSClientBuilder.create()
                .endpoint(endpoint)
                .region(region())
                .credentialsProvider(new DefaultCredentialProvider(ROLE_ID, ROLE_SECRET))
                .build();
        try {
            for (String clip : List.of("a.mp4", "b.mp4")) {
                client.putObject(bucket, "clips/" + dir + clip, new ByteArrayInputStream(clip.getBytes()));
            }
            String playlist = "{\"bucket\":\"" + bucket + "\",\"clips\":[{\"key\":\"clips/" + dir + "a.mp4\"},"
                    + "{\"key\":\"clips/" + dir + "b.mp4\"}],"
                    + "\"output\":{\"key\":\"outputs/" + dir + "joined.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";

            // 1. an OSS upload event for a playlist under the trigger's prefix and suffix
            JsonNode trigger = ossTrigger(".json");
            String key = trigger.path("triggerConfig")
                            .path("filter")
                            .path("key")
                            .path("prefix")
                            .asText() + dir + "p.json";
            client.putObject(bucket, key, new ByteArrayInputStream(playlist.getBytes(StandardCharsets.UTF_8)));
            String event = """
                    {"events":[{"eventName":"ObjectCreated:PutObject","eventSource":"acs:oss",
                    "eventTime":"%s","eventVersion":"1.0","oss":{"bucket":{"arn":"acs:oss:%s:1234:%s","name":"%s",
                    "ownerIdentity":"1234"},"object":{"deltaSize":100,"eTag":"E1","key":"%s","size":100},
                    "ossSchemaVersion":"1.0","ruleId":"r"},"region":"%s","requestParameters":{"sourceIPAddress":"1.2.3.4"},
                    "responseElements":{"requestId":"%s"},"userIdentity":{"principalId":"1234"}}]}""".formatted(Instant.now(), region(), bucket, bucket, key, region(), UUID.randomUUID());
            JsonNode upload = invoke(base, event);
            String uploadTask = submitted(upload, "upload");
            assertEquals(
                    uploadTask,
                    status(base, upload.path("outcomes").get(0).path("jobId").asText(), bucket));
            ObjectMetadata meta = client.getObjectMetadata(bucket, key);
            assertEquals(uploadTask, meta.getUserMetadata().get("concat-task-id"), "the playlist's metadata");

            // 2. a timer tick with s.yaml's payload: candidates under its prefix, scored
            JsonNode timer = timerTrigger();
            JsonNode payload =
                    JSON.readTree(timer.path("triggerConfig").path("payload").asText());
            Instant lastWritten = Instant.EPOCH;
            for (int i = 0; i < payload.path("count").asInt(); i++) {
                ObjectMetadata m = new ObjectMetadata();
                m.addUserMetadata(payload.path("scoreKey").asText("score"), String.valueOf(i));
                client.putObject(
                        bucket,
                        payload.path("prefix").asText() + dir + "m" + i + ".mp4",
                        new ByteArrayInputStream(("clip " + i).getBytes()),
                        m);
                lastWritten = client.getObjectMetadata(
                                bucket, payload.path("prefix").asText() + dir + "m" + i + ".mp4")
                        .getLastModified()
                        .toInstant();
            }
            ObjectNode tick = JSON.createObjectNode()
                    // FC's scheduled time, in whole seconds, after OSS's time of the last clip (HTTP dates are
                    // whole seconds too)
                    .put("triggerTime", lastWritten.plusSeconds(1).toString())
                    .put("triggerName", timer.path("triggerName").asText())
                    .put("payload", timer.path("triggerConfig").path("payload").asText());
            JsonNode highlights = invoke(base, tick.toString());
            String timerTask = submitted(highlights, "timer");
            assertEquals(
                    timerTask,
                    status(
                            base,
                            highlights.path("outcomes").get(0).path("jobId").asText(),
                            bucket));

            // 3. HTTP /concat through the HTTP trigger, with the API token
            HttpResponse<String> concat = HTTP.send(
                    fcRequest(base + "/concat", "/http-invoke")
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + API_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(playlist.replace("joined.", "direct.")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, concat.statusCode(), concat.body());
            JsonNode job = JSON.readTree(concat.body());
            assertNotNull(job.path("taskId").textValue(), concat.body());
            assertEquals(
                    job.path("taskId").asText(), status(base, job.path("jobId").asText(), bucket));

            // 4. the composer page is in the package and public; GET /clips needs the token and hands out URLs
            // signed with the request's STS credentials, which OSS (here the standalone server) accepts
            HttpResponse<String> page = HTTP.send(
                    fcRequest(base + "/", "/http-invoke").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<title>Video concat composer</title>"), page.body());
            assertTrue(
                    page.headers()
                            .firstValue("Content-Security-Policy")
                            .orElse("")
                            .contains("frame-ancestors 'none'"),
                    page.headers().toString());
            JsonNode listed = authorizedGet(base + "/clips?bucket=" + bucket + "&prefix=clips/" + dir)
                    .path("clips");
            assertEquals(2, listed.size(), listed.toString());
            String url = listed.get(0).path("url").asText();
            assertTrue(url.contains("x-oss-security-token=request-token"), url);
            HttpResponse<String> preview =
                    HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, preview.statusCode(), preview.body());
            assertEquals("a.mp4", preview.body());
        } finally {
            client.shutdown();
            function.destroy();
            function.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static JsonNode invoke(String base, String event) throws Exception {
        HttpResponse<String> r = HTTP.send(
                fcRequest(base + "/invoke", "/invoke")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(event))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("200", r.headers().firstValue("x-fc-status").orElse(null), r.body());
        return JSON.readTree(r.body());
    }

    static String submitted(JsonNode answer, String what) {
        JsonNode outcome = answer.path("outcomes").path(0);
        assertEquals("submitted", outcome.path("result").asText(), what + ": " + answer);
        assertNotNull(outcome.path("taskId").textValue(), what + ": " + answer);
        return outcome.path("taskId").asText();
    }

    /** The job record's task ID, as GET /status answers it. */
    static String status(String base, String jobId, String bucket) throws Exception {
        return authorizedGet(base + "/status?jobId=" + jobId + "&bucket=" + bucket)
                .path("taskId")
                .asText();
    }

    /** A GET through the HTTP trigger with the API token; its JSON answer, which must be a 200. */
    static JsonNode authorizedGet(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                fcRequest(url, "/http-invoke")
                        .header("Authorization", "Bearer " + API_TOKEN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** What FC adds to every call: the request's STS credentials, the control path, the function's identity. */
    static HttpRequest.Builder fcRequest(String url, String controlPath) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("x-fc-request-id", UUID.randomUUID().toString())
                .header("x-fc-access-key-id", REQUEST_ID)
                .header("x-fc-access-key-secret", REQUEST_SECRET)
                .header("x-fc-security-token", "request-token")
                .header("x-fc-control-path", controlPath)
                .header("x-fc-region", region())
                .header("x-fc-function-name", props.path("functionName").asText());
    }

    /**
     * s.yaml's environment ({@code ${vars.x}} resolved), FC's own variables, and the two this test must set: the
     * OSS endpoint (the standalone server) and an API token (s.yaml leaves it to the deployer).
     */
    static Map<String, String> fcEnvironment(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        props.path("environmentVariables").properties().forEach(e -> env.put(e.getKey(), resolve(e.getValue())));
        env.put("FC_REGION", region());
        env.put("FC_CUSTOM_LISTEN_PORT", String.valueOf(port));
        env.put("FC_FUNCTION_NAME", props.path("functionName").asText());
        env.put("FC_FUNCTION_MEMORY_SIZE", props.path("memorySize").asText());
        env.put("FC_INSTANCE_ID", "it-" + UUID.randomUUID());
        env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", ROLE_ID);
        env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ROLE_SECRET);
        env.put("ALIBABA_CLOUD_SECURITY_TOKEN", "role-token");
        env.put("CONCAT_OSS_ENDPOINT", endpoint);
        env.put("CONCAT_API_TOKEN", API_TOKEN);
        return env;
    }

    static String resolve(JsonNode value) {
        Matcher m = Pattern.compile("\\$\\{vars\\.(\\w+)}").matcher(value.asText());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(vars.path(m.group(1)).asText()));
        }
        return m.appendTail(out).toString();
    }

    /**
     * s.yaml's command and arguments, with /code where the package was unpacked; the working directory is /code, and
     * nothing of this machine's configuration reaches the function but PATH and HOME.
     */
    static Process start(Path code, Map<String, String> env, Path log) throws IOException {
        JsonNode runtime = props.path("customRuntimeConfig");
        List<String> command = new ArrayList<>();
        runtime.path("command").forEach(c -> command.add(c.asText().replaceFirst("^/code/", code + "/")));
        runtime.path("args").forEach(a -> command.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(code.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> !Set.of("PATH", "HOME", "JAVA_HOME").contains(k));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** FC waits up to 120 s for the port; this waits 60 s, and fails at once with the log if the process dies. */
    static void awaitListening(Process p, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                fail("the function exited (" + p.exitValue() + "):\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("the function did not listen on " + port + " within 60 s:\n" + Files.readString(log));
    }

    /** Unpacks as FC does, Unix modes included (the zip records them; src/package/Zip.java). */
    static Path unpack(Path zip, String name) throws IOException {
        Path code = WORK.resolve(name);
        deleteTree(code);
        Files.createDirectories(code);
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"));
                Stream<Path> entries = Files.walk(fs.getPath("/"))) {
            for (Path entry : entries.toList()) {
                Path target = code.resolve(fs.getPath("/").relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
                var view = Files.getFileAttributeView(entry, PosixFileAttributeView.class);
                if (view != null) {
                    Files.setPosixFilePermissions(target, view.readAttributes().permissions());
                }
            }
        }
        return code;
    }

    static JsonNode ossTrigger(String suffix) {
        for (JsonNode t : props.path("triggers")) {
            if (t.path("triggerType").asText().equals("oss")
                    && t.path("triggerConfig")
                            .path("filter")
                            .path("key")
                            .path("suffix")
                            .asText()
                            .equals(suffix)) {
                return t;
            }
        }
        throw new AssertionError("s.yaml has no OSS trigger for " + suffix);
    }

    static JsonNode timerTrigger() {
        for (JsonNode t : props.path("triggers")) {
            if (t.path("triggerType").asText().equals("timer")) {
                return t;
            }
        }
        throw new AssertionError("s.yaml has no timer trigger");
    }

    static String bucket() {
        return vars.path("bucket").asText();
    }

    static String region() {
        return vars.path("region").asText();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        assertFalse(Files.exists(dir));
    }
}
