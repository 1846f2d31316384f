package dev.ossconcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
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
 * native-image sources instead (profile native-sources) and this test checks what native-image would be told.
 */
class NativeConfigIT {

    static final Path SOURCES = Path.of("target/native-sources");
    static final ObjectMapper JSON = new ObjectMapper();

    JsonNode config(String name) throws Exception {
        File runner;
        try (Stream<Path> files = Files.list(SOURCES)) {
            runner = files.filter(p -> p.toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow()
                    .toFile();
        }
        try (JarFile jar = new JarFile(runner)) {
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
                "dev.ossconcat.job.JobRecord$Ref",
                "dev.ossconcat.api.InvokeResult",
                "dev.ossconcat.fc.Outcome",
                "dev.ossconcat.fc.Outcome$Result",
                "dev.ossconcat.localoss.ObjectStore$Meta")) {
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
}
