package dev.ossconcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Empties the embedded OSS server's test data directory once per test JVM, before any test runs: every run starts
 * from nothing, whatever an earlier {@code mvn verify} (without clean) or an IDE run left there.
 *
 * <p>Why here: JUnit opens one launcher session per test JVM, before Quarkus starts any application, and Quarkus
 * starts the application once for all test classes of a profile, so wiping per class would mean restarting it per
 * class (slow) or deleting files under a running server. Within the run, each class keeps to its own bucket
 * ({@link TestBuckets}), so no listing sees another class's objects. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class FreshTestData implements LauncherSessionListener {

    /** {@code %test.concat.local.dir} of application.properties (FreshTestDataTest keeps the two the same). */
    public static final Path DIR = Path.of("target", "local-oss-test");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        wipe(DIR);
    }

    /** Deletes {@code dir} and everything in it; nothing to do when it does not exist. */
    static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            // stale objects would make tests pass or fail by what an earlier run left: better not to run at all
            throw new UncheckedIOException("cannot empty the test data directory " + dir.toAbsolutePath(), e);
        }
    }
}
