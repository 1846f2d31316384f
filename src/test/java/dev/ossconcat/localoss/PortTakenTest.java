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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A busy port (another instance, a test run) is no start-up failure: a free one is taken and named. */
class PortTakenTest {

    @TempDir
    Path dir;

    LocalOssConfig config(int port) {
        return new LocalOssConfig() {
            @Override
            public String dir() {
                return dir.toString();
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String accessKeyId() {
                return "local-access-key";
            }

            @Override
            public String accessKeySecret() {
                return "local-secret-key";
            }

            @Override
            public long latencyMillis() {
                return 0;
            }

            @Override
            public boolean render() {
                return false;
            }

            @Override
            public boolean samples() {
                return false;
            }

            @Override
            public Optional<String> requestLog() {
                return Optional.empty();
            }
        };
    }

    @Test
    void aTakenPortGivesWayToAFreeOneAndTheLogSaysWhichAndWhatToSet() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                LogCapture log = LogCapture.start()) {
            LocalOss local = new LocalOss(vertx, config(taken.getLocalPort()), Clock.systemUTC());
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
