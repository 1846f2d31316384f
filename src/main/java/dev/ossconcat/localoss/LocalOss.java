package dev.ossconcat.localoss;

import dev.ossconcat.oss.EmbeddedOss;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
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
            server.cors(new Cors(config.corsOrigins().equals(List.of("none")) ? List.of() : config.corsOrigins()));
            String endpoint = listen(server);
            Path triggersFile = Path.of(config.triggersFile());
            if (config.triggers() && Files.isRegularFile(triggersFile)) {
                OssTriggers.Declared declared = OssTriggers.Declared.read(triggersFile);
                server.triggers(new OssTriggers(
                        declared,
                        LocalOss::invokeUri,
                        config.triggersMaxAttempts(),
                        config.triggersRetryPause(),
                        clock));
                LOG.infof(
                        "Embedded OSS triggers from %s: %d oss trigger(s) deliver uploads to %s; fire a timer with "
                                + "curl -X POST %s%s<name> (%s)",
                        triggersFile,
                        declared.oss().size(),
                        invokeUri(),
                        endpoint,
                        LocalOssServer.TIMER_PATH,
                        declared.timers().stream()
                                .map(OssTriggers.TimerTrigger::name)
                                .toList());
            }
            LOG.infof(
                    "No OSS endpoint configured and not on Function Compute: using the embedded OSS-compatible "
                            + "server at %s (data in %s, access key id %s)",
                    endpoint, dir, config.accessKeyId());
        }
        return server.endpoint();
    }

    /**
     * The function's own {@code /invoke}, on loopback: where Function Compute would deliver the events. Asked at each
     * delivery, since a test's port is chosen when the application starts.
     */
    static URI invokeUri() {
        Config c = ConfigProvider.getConfig();
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = c.getOptionalValue(portKey, Integer.class).orElse(8080);
        return URI.create("http://127.0.0.1:" + port + "/invoke");
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
