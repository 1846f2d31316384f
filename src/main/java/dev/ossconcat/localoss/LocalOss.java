package dev.ossconcat.localoss;

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
public class LocalOss {

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

    /** Starts the server (once) and returns its endpoint. */
    public synchronized String start() {
        if (server == null) {
            Path dir = Path.of(config.dir()).toAbsolutePath().normalize();
            server = new LocalOssServer(vertx, dir, Map.of(config.accessKeyId(), config.accessKeySecret()), clock);
            server.faults().latency(config.latencyMillis());
            config.requestLog().ifPresent(log -> server.logRequests(Path.of(log)));
            String endpoint = listen(server);
            LOG.infof(
                    "No OSS endpoint configured and not on Function Compute: using the embedded OSS-compatible "
                            + "server at %s (data in %s, access key id %s)",
                    endpoint, dir, config.accessKeyId());
        }
        return server.endpoint();
    }

    /**
     * On the configured port; when another process holds it (a second instance, a test run), on a free one, said in
     * one line: a start-up that dies with a stack trace over a busy port tells a new user nothing.
     */
    private String listen(LocalOssServer s) {
        try {
            return s.start(config.host(), config.port());
        } catch (IllegalStateException e) {
            if (config.port() == 0 || !portTaken(e)) {
                throw e;
            }
            String endpoint = s.start(config.host(), 0);
            LOG.warnf(
                    "port %d of the embedded OSS server is taken (another instance of the function, or a test run?):"
                            + " it listens at %s instead; set CONCAT_LOCAL_PORT to choose the port",
                    config.port(), endpoint);
            return endpoint;
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException
                    || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    public synchronized Optional<LocalOssServer> server() {
        return Optional.ofNullable(server);
    }

    public LocalOssConfig config() {
        return config;
    }

    void stop(@Observes ShutdownEvent event) {
        server().ifPresent(LocalOssServer::stop);
    }
}
