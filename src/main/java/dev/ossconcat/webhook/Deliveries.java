package dev.ossconcat.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssSession;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * At-least-once delivery of job events without a process that outlives a request. An event is sent inline, when the
 * job ends, with a short timeout. When that fails, it is written to OSS as a pending delivery,
 * {@code <jobs prefix>callbacks/<jobId>.json} (the URL, the event, the attempts so far and when the next is due),
 * and any later invocation may resume it ({@link #resume}): the timer, a completion message of the same bucket, the
 * local scheduler, or a new instance after a restart, since the state is in OSS and not in memory. Each attempt
 * doubles the pause before the next ({@link Settings#firstRetry()} up to {@link Settings#maxRetry()}); after
 * {@link Settings#maxAttempts()} the delivery is dropped with a log line, and {@code POST /replay} can send it again.
 *
 * <p>One pending delivery per job: a newer end of the job (verified after succeeded, a retry's end) replaces an
 * older one that was not delivered yet, so a receiver gets at least the job's latest event, never an older one after
 * a newer. Two instances resuming at once may both send: receivers deduplicate by the event's {@code id}.
 *
 * <p>Logs name the job, the event, the receiver's host and the outcome; never the URL (its path or query may hold a
 * receiver's token), the signature or the secret.
 */
public final class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PENDING_BYTES = 64 * 1024;

    /**
     * @param policy      where events may go ({@link Destination})
     * @param firstRetry  the pause after the first failed attempt; doubled after each further one
     * @param maxRetry    the longest pause
     * @param maxAttempts attempts in all, the inline one included
     * @param prefix      the jobs prefix; pending deliveries are under its {@code callbacks/}
     */
    public record Settings(
            Destination.Policy policy, Duration firstRetry, Duration maxRetry, int maxAttempts, String prefix) {}

    /**
     * What one delivery did.
     *
     * @param sent    the receiver's answer, or null when the URL was refused ({@code refused} says why)
     * @param pending whether it is kept in OSS for a later attempt
     */
    public record Outcome(JobEvent event, Sender.Sent sent, Destination.Refusal refused, boolean pending) {

        public boolean delivered() {
            return sent != null && sent.delivered();
        }
    }

    private final Settings settings;
    private final Sender sender;
    private final Destination.Resolver resolver;
    private final Clock clock;

    public Deliveries(Settings settings, Sender sender, Destination.Resolver resolver, Clock clock) {
        this.settings = settings;
        this.sender = sender;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** Why {@code url} may not be used now, or null when it may. */
    public Destination.Refusal check(String url) {
        return Destination.check(url, settings.policy(), resolver);
    }

    /** Where the pending delivery of a job is kept, in the bucket of its job record. */
    public String pendingKey(String jobId) {
        return settings.prefix() + "callbacks/" + jobId + ".json";
    }

    /**
     * The first attempt of {@code event} (at the job's end, or a replay): sent now; kept for later when that fails
     * for a reason a later attempt may not have, replacing whatever was pending for the job.
     */
    public Outcome deliver(OssSession oss, String bucket, String url, JobEvent event) {
        return attempt(oss, bucket, url, event, 1);
    }

    /**
     * Attempts the pending deliveries of {@code bucket} that are due, at most {@code max} of them: bounded work that
     * any invocation can afford.
     *
     * @return how many were attempted
     */
    public int resume(OssSession oss, String bucket, int max) {
        OssSession.Page page = oss.list(bucket, settings.prefix() + "callbacks/", null, 100);
        Instant now = clock.instant();
        int attempted = 0;
        for (OssSession.Listed listed : page.objects()) {
            if (attempted >= max) {
                break;
            }
            var content = oss.get(bucket, listed.key(), MAX_PENDING_BYTES);
            if (content.isEmpty()) {
                continue; // delivered by another instance meanwhile
            }
            JsonNode pending;
            JobEvent event;
            try {
                pending = JSON.readTree(content.get().bytes());
                event = JobEvent.fromTree(pending.path("event"));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("callback: the pending delivery %s is not readable; dropped", Untrusted.value(listed.key()));
                oss.delete(bucket, listed.key());
                continue;
            }
            Instant due = Instant.parse(pending.path("nextAt").asText(now.toString()));
            if (due.isAfter(now)) {
                continue;
            }
            attempted++;
            attempt(
                    oss,
                    bucket,
                    pending.path("url").asText(),
                    event,
                    pending.path("attempts").asInt() + 1);
        }
        return attempted;
    }

    private Outcome attempt(OssSession oss, String bucket, String url, JobEvent event, int attempt) {
        String key = pendingKey(event.jobId());
        Destination.Decision decision = Destination.decide(url, settings.policy(), resolver);
        if (decision instanceof Destination.Refusal refusal) {
            // a name that does not resolve now may resolve later; every other refusal is the URL's for good
            if (refusal.code().equals("host_unknown")) {
                return failed(oss, bucket, key, url, event, attempt, new Sender.Sent(0, refusal.message()), refusal);
            }
            LOG.warnf(
                    "callback of job %s (%s): refused: %s",
                    event.jobId(), event.type().wire(), Untrusted.value(refusal.message()));
            oss.delete(bucket, key);
            return new Outcome(event, null, refusal, false);
        }
        Destination.Checked to = (Destination.Checked) decision;
        Sender.Sent sent = sender.send(to, event, clock.instant());
        if (sent.delivered()) {
            LOG.infof(
                    "callback of job %s (%s) delivered to %s: %s (attempt %d)",
                    event.jobId(), event.type().wire(), host(to.uri()), sent.describe(), attempt);
            oss.delete(bucket, key);
            return new Outcome(event, sent, null, false);
        }
        return failed(oss, bucket, key, url, event, attempt, sent, null);
    }

    private Outcome failed(
            OssSession oss,
            String bucket,
            String key,
            String url,
            JobEvent event,
            int attempt,
            Sender.Sent sent,
            Destination.Refusal refusal) {
        String host = host(URI.create(url));
        if (attempt >= Math.max(1, settings.maxAttempts())) {
            LOG.warnf(
                    "callback of job %s (%s) to %s: %s; attempt %d was the last, dropped (POST /replay sends it again)",
                    event.jobId(), event.type().wire(), host, Untrusted.value(sent.describe()), attempt);
            oss.delete(bucket, key);
            return new Outcome(event, sent, refusal, false);
        }
        Instant next = clock.instant().plus(pause(attempt));
        ObjectNode pending = JSON.createObjectNode();
        pending.put("url", url);
        pending.set("event", event.toTree());
        pending.put("attempts", attempt);
        pending.put("nextAt", next.toString());
        pending.put("lastResult", sent.describe());
        try {
            oss.put(
                    bucket,
                    key,
                    JSON.writeValueAsBytes(pending),
                    "application/json",
                    Map.of("concat-job-id", event.jobId()),
                    false);
        } catch (OssCallFailed | IOException e) {
            LOG.errorf(
                    "callback of job %s (%s) to %s: %s, and it could not be kept for a retry: %s",
                    event.jobId(),
                    event.type().wire(),
                    host,
                    Untrusted.value(sent.describe()),
                    Untrusted.value(e.getMessage()));
            return new Outcome(event, sent, refusal, false);
        }
        LOG.warnf(
                "callback of job %s (%s) to %s: %s; attempt %d of %d, the next at %s",
                event.jobId(),
                event.type().wire(),
                host,
                Untrusted.value(sent.describe()),
                attempt,
                settings.maxAttempts(),
                next);
        return new Outcome(event, sent, refusal, true);
    }

    /** The pause after attempt {@code n}: the first retry pause, doubled per further attempt, capped. */
    Duration pause(int n) {
        Duration d = settings.firstRetry();
        for (int i = 1; i < n && d.compareTo(settings.maxRetry()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : d;
    }

    private static String host(URI uri) {
        return Untrusted.value(uri.getHost() == null ? "?" : uri.getHost());
    }
}
