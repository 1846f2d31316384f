package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.LogCapture;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A busy port (another instance, a test run) is no start-up failure: a free one is taken and named. */
class PortTakenTest {

    @TempDir
    Path dir;

    @Test
    void aTakenPortGivesWayToAFreeOneAndTheLogSaysWhichAndWhatToSet() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                LogCapture log = LogCapture.start()) {
            LocalOss local =
                    new LocalOss(vertx, LocalOssConfigs.of(dir::toString, taken.getLocalPort()), Clock.systemUTC());
            String endpoint = local.start();
            int port = URI.create(endpoint).getPort();
            assertNotEquals(taken.getLocalPort(), port);
            var lines = log.containing("is taken");
            assertEquals(1, lines.size(), log.lines().toString());
            String line = lines.get(0).message();
            assertTrue(line.contains("port " + taken.getLocalPort()), line);
            assertTrue(line.contains(endpoint), line);
            assertTrue(line.contains("CONCAT_LOCAL_PORT"), line);
            assertTrue(lines.get(0).thrown() == null, "no stack trace");
            local.server().orElseThrow().stop();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
