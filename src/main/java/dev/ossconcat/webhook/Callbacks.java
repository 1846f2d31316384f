package dev.ossconcat.webhook;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.GuardConfig;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Violation;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The edge of callbacks: the configuration, the check of a playlist's callback ({@code /validate}, {@code /concat},
 * {@code /retry}), the delivery when a job ends, and where pending deliveries are resumed (docs/webhooks.md). The
 * delivery itself is {@link Deliveries}, plain Java.
 *
 * <p>On Function Compute nothing runs between invocations, so pending deliveries are resumed by invocations: each
 * job end resumes those due in its bucket, and each timer tick those of its bucket, the default bucket and the allowed
 * buckets. Locally, a scheduler does the same every {@link CallbackConfig#localResumeEvery()}.
 */
@Singleton
public class Callbacks {

    private static final Logger LOG = Logger.getLogger(Callbacks.class);

    private final boolean configured;
    private final boolean local;
    private final CallbackConfig config;
    private final Deliveries deliveries;
    private final OssGateway gateway;
    private final Set<String> configuredBuckets = new LinkedHashSet<>();
    /** Buckets where this instance saw a job end: locally, where the scheduler looks besides the configured ones. */
    private final Set<String> seenBuckets = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService scheduler;

    @Inject
    public Callbacks(CallbackConfig config, ConcatConfig concat, GuardConfig guard, OssGateway gateway, Clock clock) {
        this(config, concat, guard, gateway, clock, InetAddress::getAllByName);
    }

    /** @param resolver DNS; tests pass a table */
    public Callbacks(
            CallbackConfig config,
            ConcatConfig concat,
            GuardConfig guard,
            OssGateway gateway,
            Clock clock,
            Destination.Resolver resolver) {
        this.config = config;
        this.gateway = gateway;
        this.local = concat.fcRegion().filter(r -> !r.isBlank()).isEmpty();
        byte[] secret = config.secret()
                .filter(s -> !s.isBlank())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
        this.configured = secret != null;
        this.deliveries = new Deliveries(
                new Deliveries.Settings(
                        new Destination.Policy(local, config.hosts().orElse(List.of())),
                        config.firstRetry(),
                        config.maxRetry(),
                        config.maxAttempts(),
                        concat.jobsPrefix()),
                new Sender(secret == null ? new byte[1] : secret, config.timeout()),
                resolver,
                clock);
        concat.defaultBucket().filter(b -> !b.isBlank()).ifPresent(configuredBuckets::add);
        guard.allow().buckets().ifPresent(configuredBuckets::addAll);
    }

    /** The delivery machinery, for tests that play a second instance over the same OSS. */
    public Deliveries deliveries() {
        return deliveries;
    }

    /**
     * Why the playlist's callback cannot be used, as violations of {@code callback.url}; empty when it can (or there
     * is none). Checked when the job is made, and again at every attempt, since DNS answers change.
     */
    public List<Violation> check(Playlist p) {
        if (p == null || p.callback() == null || p.callback().url() == null) {
            return List.of();
        }
        String url = p.callback().url();
        if (!configured) {
            return List.of(Violation.error(
                    "callback.url",
                    "callback_not_configured",
                    "callback.url cannot be used: this deployment has no CONCAT_CALLBACK_SECRET to sign events with;"
                            + " set it, or leave callback out"));
        }
        Destination.Refusal refusal = deliveries.check(url);
        if (refusal == null) {
            return List.of();
        }
        // the value is named, unless it carries credentials: an answer or a log must not repeat them
        String value = url.contains("@") ? "" : " (got " + Untrusted.quoted(url) + ")";
        return List.of(Violation.error("callback.url", refusal.code(), refusal.message() + value));
    }

    /**
     * Sends a job's end to its callback, and then resumes what is due in the same bucket: whatever happens, the
     * job's own path goes on (a failed delivery is kept and retried, never an error of the job).
     */
    public void ended(OssSession oss, String bucket, String url, JobEvent event) {
        if (!configured) {
            LOG.warnf("callback of job %s: no CONCAT_CALLBACK_SECRET, not sent", event.jobId());
            return;
        }
        seenBuckets.add(bucket);
        try {
            deliveries.deliver(oss, bucket, url, event);
            deliveries.resume(oss, bucket, config.resumeBatch());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "callback of job %s (%s): %s", event.jobId(), event.type().wire(), Untrusted.value(e.getMessage()));
        }
    }

    /** {@code POST /replay}: the event sent again now, kept for retries when that fails. */
    public Deliveries.Outcome replay(OssSession oss, String bucket, String url, JobEvent event) {
        if (!configured) {
            return new Deliveries.Outcome(
                    event,
                    null,
                    new Destination.Refusal(
                            "callback_not_configured",
                            "this deployment has no CONCAT_CALLBACK_SECRET to sign events with"),
                    false);
        }
        return deliveries.deliver(oss, bucket, url, event);
    }

    /** Resumes due deliveries in {@code extra} and the configured buckets; bounded per bucket. */
    public void resume(OssSession oss, Collection<String> extra) {
        if (!configured) {
            return;
        }
        Set<String> buckets = new LinkedHashSet<>(extra);
        buckets.addAll(configuredBuckets);
        for (String bucket : buckets) {
            try {
                deliveries.resume(oss, bucket, config.resumeBatch());
            } catch (RuntimeException e) {
                LOG.warnf("callback: resuming in %s failed: %s", bucket, Untrusted.value(e.getMessage()));
            }
        }
    }

    void start(@Observes StartupEvent event) {
        long every = config.localResumeEvery().toMillis();
        if (!local || !configured || every <= 0) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "concat-callbacks");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                () -> resume(gateway.asInstance(), new ArrayList<>(seenBuckets)), every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
