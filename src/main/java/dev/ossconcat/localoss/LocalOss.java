package dev.ossconcat.localoss;

import dev.ossconcat.oss.EmbeddedOss;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Owns the embedded OSS server: started on demand by the OSS gateway, stopped with the application. */
@Singleton
public class LocalOss implements EmbeddedOss {

    private static final Logger LOG = Logger.getLogger(LocalOss.class);

    private final Vertx vertx;
    private final LocalOssConfig config;
    private final Clock clock;
    private LocalOssServer server;

    public LocalOss(Vertx vertx, LocalOssConfig config, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public synchronized String start() {
        if (server == null) {
            Path dir = Path.of(config.dir()).toAbsolutePath().normalize();
            server = new LocalOssServer(vertx, dir, Map.of(config.accessKeyId(), config.accessKeySecret()), clock);
            server.faults().latency(config.latencyMillis());
            config.requestLog().ifPresent(log -> server.logRequests(Path.of(log)));
            String endpoint = server.start(config.host(), config.port());
            LOG.infof(
                    "No OSS endpoint configured and not on Function Compute: using the embedded OSS-compatible "
                            + "server at %s (data in %s, access key id %s)",
                    endpoint, dir, config.accessKeyId());
        }
        return server.endpoint();
    }

    public synchronized Optional<LocalOssServer> server() {
        return Optional.ofNullable(server);
    }

    public LocalOssConfig config() {
        return config;
    }

    @Override
    public String accessKeyId() {
        return config.accessKeyId();
    }

    @Override
    public String accessKeySecret() {
        return config.accessKeySecret();
    }

    void stop(@Observes ShutdownEvent event) {
        server().ifPresent(LocalOssServer::stop);
    }
}
