package dev.ossconcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native executables cannot be built on these machines (no GraalVM, no Docker), so the build generates the
 * native-image sources instead and this test checks what native-image would be told. They are the sources of the
 * Function Compute build (profile fc, made by src/package/build.sh in the verify build), the one a native executable
 * is made from: what this test sees registered is what the deployed function registers.
 */
class NativeConfigIT {

    static final Path SOURCES = Path.of("target/fc-build/native-sources");
    static final ObjectMapper JSON = new ObjectMapper();

    static File runner() throws Exception {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow()
                    .toFile();
        }
    }

    JsonNode config(String name) throws Exception {
        try (JarFile jar = new JarFile(runner())) {
            return JSON.readTree(jar.getInputStream(jar.getEntry("META-INF/native-image/" + name)));
        }
    }

    @Test
    void everyJsonTypeIsRegisteredForReflection() throws Exception {
        Set<String> registered = new HashSet<>();
        config("reflect-config.json").forEach(n -> registered.add(n.get("name").asText()));
        for (String type : List.of(
                "dev.ossconcat.http.ErrorBody",
                "dev.ossconcat.http.Problem",
                "dev.ossconcat.api.ValidateResponse",
                "dev.ossconcat.api.ValidateResponse$ObjectRef",
                "dev.ossconcat.api.ValidateResponse$ClipRef",
                "dev.ossconcat.api.ConcatResponse",
                "dev.ossconcat.api.ClipsFunction$Page",
                "dev.ossconcat.api.ClipsFunction$Clip",
                "dev.ossconcat.job.JobRecord$Ref",
                "dev.ossconcat.api.InvokeResult",
                "dev.ossconcat.fc.Outcome",
                "dev.ossconcat.fc.Outcome$Result")) {
            assertTrue(registered.contains(type), type + " is not registered for reflection");
        }
    }

    @Test
    void theOssSdkBundlesAndResourcesAreIncluded() throws Exception {
        JsonNode resources = config("resource-config.json");
        Set<String> bundles = new HashSet<>();
        resources.path("bundles").forEach(b -> bundles.add(b.get("name").asText()));
        assertTrue(bundles.containsAll(Set.of("oss", "common")), "bundles: " + bundles);
        String patterns = resources.path("resources").path("includes").toString();
        for (String r : List.of("oss\\\\.mime\\\\.types", "oss\\\\.properties", "versioninfo\\\\.properties")) {
            assertTrue(patterns.contains(r), r + " in " + patterns);
        }
    }

    @Test
    void httpsAndCommonsLoggingAreReadyForNative() throws Exception {
        String args = Files.readString(SOURCES.resolve("native-image.args"));
        assertTrue(args.contains("enable-url-protocols=http,https"), "quarkus.ssl.native");
        try (Stream<Path> libs = Files.list(SOURCES.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.contains("commons-logging-jboss-logging")), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.matches("commons-logging-\\d.*")), "commons-logging itself");
            assertFalse(names.stream().anyMatch(n -> n.contains("aliyun-java-sdk-core")), "aliyun-java-sdk-core");
        }
    }

    /** The Function Compute package must not carry FFmpeg: the pom's jave-nativebin jar is for local runs only. */
    @Test
    void ffmpegIsNotPartOfTheNativeImage() throws Exception {
        try (Stream<Path> libs = Files.list(SOURCES.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.contains("jave-nativebin")), names.toString());
        }
        String patterns = config("resource-config.json").path("resources").toString();
        assertFalse(patterns.contains("ffmpeg") || patterns.contains("nativebin"), patterns);
    }

    /** The development tools are not compiled in, so nothing of theirs is registered or given to native-image. */
    @Test
    void noDevelopmentToolReachesNativeImage() throws Exception {
        for (String name : List.of("reflect-config.json", "resource-config.json", "jni-config.json")) {
            String config = configText(name);
            assertFalse(config.contains("ossconcat.localoss") || config.contains("ossconcat.render"), name);
        }
        assertTrue(configText("reflect-config.json").contains("dev.ossconcat.api."), "the function is registered");
        File runner = runner();
        try (JarFile jar = new JarFile(runner)) {
            List<String> tools = jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("dev/ossconcat/localoss/") || n.startsWith("dev/ossconcat/render/"))
                    .toList();
            assertTrue(tools.isEmpty(), tools.toString());
            assertTrue(jar.getEntry("dev/ossconcat/api/ConcatFunction.class") != null, "the function is in it");
        }
    }

    String configText(String name) throws Exception {
        try (JarFile jar = new JarFile(runner())) {
            var entry = jar.getEntry("META-INF/native-image/" + name);
            return entry == null ? "" : new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
