package dev.ossconcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSessionListener;

/** What makes every test run start clean: the data directory wiped once per JVM, and a bucket per test class. */
class FreshTestDataTest {

    @TempDir
    Path tmp;

    @Test
    void theWipedDirectoryIsTheOneTheTestProfileConfigures() throws Exception {
        Properties app = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            app.load(in);
        }
        assertEquals(Path.of(app.getProperty("%test.concat.local.dir")), FreshTestData.DIR);
    }

    @Test
    void theListenerIsRegisteredWithJunit() {
        List<LauncherSessionListener> listeners = ServiceLoader.load(LauncherSessionListener.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        assertTrue(listeners.stream().anyMatch(l -> l instanceof FreshTestData), listeners.toString());
    }

    @Test
    void wipingRemovesEverythingAndToleratesAMissingDirectory() throws Exception {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir.resolve("bucket/deep/er"));
        Files.writeString(dir.resolve("bucket/deep/er/clip.mp4"), "left over");
        Files.writeString(dir.resolve(".meta.json"), "{}");
        FreshTestData.wipe(dir);
        assertFalse(Files.exists(dir));
        FreshTestData.wipe(dir); // a first run, or after mvn clean: nothing there
        assertFalse(Files.exists(dir));
    }

    /** Stands for a test class of that name elsewhere (those are package-private). */
    static class LocalOssServerTest {}

    @Test
    void eachTestClassGetsABucketNamedAfterIt() {
        assertEquals("local-oss-server-test", TestBuckets.of(LocalOssServerTest.class));
        assertEquals("fresh-test-data-test", TestBuckets.of(FreshTestDataTest.class));
        class X {}
        assertThrows(IllegalArgumentException.class, () -> TestBuckets.of(X.class), "too short for OSS");
    }
}
