package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.comm.SignVersion;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The promise of local triggers, whole: a playlist uploaded into {@code playlists/} with a plain SDK client reaches
 * the running function's {@code /invoke} through the triggers of {@code s.yaml} and starts a job, as on Function
 * Compute. Triggers are off in tests; this one turns them on for itself on the application's embedded server.
 */
@QuarkusTest
class LocalTriggersEndToEndTest {

    static final String BUCKET = TestBuckets.of(LocalTriggersEndToEndTest.class);

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @AfterEach
    void triggersOff() {
        local.server().ifPresent(s -> s.triggers(null));
    }

    @Test
    void aPlaylistUploadedWithAnyClientStartsAJob() throws Exception {
        gateway.endpoint();
        LocalOssServer server = local.server().orElseThrow();
        OssTriggers triggers = new OssTriggers(
                OssTriggers.Declared.read(Path.of("s.yaml")),
                LocalOss::invokeUri,
                4,
                Duration.ofMillis(50),
                Clock.systemUTC());
        server.triggers(triggers);
        String run = UUID.randomUUID().toString();
        for (String clip : List.of("a.mp4", "b.mp4")) {
            Path f = server.store().file(BUCKET, "clips/" + run + "/" + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "video " + clip);
        }
        OSS oss = OssClients.of(
                server.endpoint(), local.config().accessKeyId(), local.config().accessKeySecret(), SignVersion.V1);
        String list = "clips/" + run + "/a.mp4\nclips/" + run + "/b.mp4\n";
        oss.putObject(
                BUCKET,
                "playlists/" + run + "/evening.txt",
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
        oss.shutdown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a guard, not a measure
        while (triggers.delivered().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the upload was never delivered to /invoke");
            }
            Thread.sleep(20);
        }
        OssTriggers.Delivery d = triggers.delivered().get(0);
        assertEquals("playlist-txt", d.trigger());
        assertEquals(200, d.status(), d.answer());
        assertEquals("200", d.fcStatus());
        assertTrue(d.answer().contains("\"submitted\""), d.answer());
        assertEquals(
                1,
                server.tasks().accepted().stream()
                        .filter(t -> t.key().contains(run))
                        .count(),
                "one task accepted for the playlist's job");
    }
}
