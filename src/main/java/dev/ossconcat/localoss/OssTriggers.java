package dev.ossconcat.localoss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.log.Untrusted;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Function Compute's OSS and timer triggers, locally: an upload through the embedded server whose event and key
 * match an {@code oss} trigger of {@code s.yaml} is delivered as FC delivers it, {@code POST /invoke} with the OSS
 * event as an octet-stream body and {@code x-fc-control-path: /invoke}; an answer with {@code x-fc-status: 404} is
 * delivered again, at most {@link #maxAttempts} times in all, with doubling pauses, as FC's asynchronous retries.
 * Deliveries run one at a time on their own thread, in upload order, and never delay the upload's answer.
 */
public final class OssTriggers {

    private static final Logger LOG = Logger.getLogger(OssTriggers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The region named in events and in GetBucketLocation; the embedded server has none of its own. */
    static final String REGION = "cn-hangzhou";

    /** An {@code oss} trigger: the events it takes ({@code oss:ObjectCreated:PutObject}, ...) and its key filter. */
    public record OssTrigger(String name, List<String> events, String prefix, String suffix) {

        boolean matches(String eventName, String key) {
            boolean event = events.stream().anyMatch(e -> {
                String bare = e.startsWith("oss:") ? e.substring(4) : e;
                return bare.equals(eventName)
                        || (bare.endsWith("*") && eventName.startsWith(bare.substring(0, bare.length() - 1)));
            });
            return event && key.startsWith(prefix) && key.endsWith(suffix);
        }
    }

    /** A {@code timer} trigger and its payload (a JSON string). */
    public record TimerTrigger(String name, String payload) {}

    /** The triggers an {@code s.yaml} declares. */
    public record Declared(List<OssTrigger> oss, List<TimerTrigger> timers) {

        /**
         * Reads the {@code triggers} of an {@code s.yaml}: {@code triggerName}, {@code triggerType}, the
         * {@code events} list, {@code filter.key.prefix}/{@code suffix} and {@code payload}. A small reader of that
         * shape rather than a YAML library, so that no parser ships with the function for a local tool.
         */
        public static Declared parse(String yaml) {
            List<String[]> triggers = new ArrayList<>(); // name, type, prefix, suffix, payload, events joined by \n
            String[] current = null;
            boolean inEvents = false;
            for (String raw : yaml.split("\n")) {
                String line = raw.strip();
                if (line.startsWith("- triggerName:")) {
                    current = new String[] {value(line.substring("- triggerName:".length())), "", "", "", "", ""};
                    triggers.add(current);
                    inEvents = false;
                    continue;
                }
                if (current == null) {
                    continue;
                }
                if (inEvents && line.startsWith("- ")) {
                    current[5] += value(line.substring(2)) + "\n";
                    continue;
                }
                inEvents = line.equals("events:");
                if (line.startsWith("triggerType:")) {
                    current[1] = value(line.substring("triggerType:".length()));
                } else if (line.startsWith("prefix:")) {
                    current[2] = value(line.substring("prefix:".length()));
                } else if (line.startsWith("suffix:")) {
                    current[3] = value(line.substring("suffix:".length()));
                } else if (line.startsWith("payload:")) {
                    current[4] = value(line.substring("payload:".length()));
                } else if (!raw.startsWith(" ") && !line.isEmpty() && !line.startsWith("#")) {
                    current = null; // a new top-level section ends the triggers
                }
            }
            List<OssTrigger> oss = new ArrayList<>();
            List<TimerTrigger> timers = new ArrayList<>();
            for (String[] t : triggers) {
                if (t[1].equals("oss")) {
                    List<String> events = t[5].isEmpty() ? List.of() : List.of(t[5].split("\n"));
                    oss.add(new OssTrigger(t[0], events, t[2], t[3]));
                } else if (t[1].equals("timer")) {
                    timers.add(new TimerTrigger(t[0], t[4]));
                }
            }
            return new Declared(List.copyOf(oss), List.copyOf(timers));
        }

        /** A scalar: quoted ('' is a quote inside single quotes), or plain up to a comment. */
        private static String value(String v) {
            String s = v.strip();
            if (s.startsWith("'")) {
                int end = s.lastIndexOf('\'');
                return s.substring(1, end > 0 ? end : s.length()).replace("''", "'");
            }
            if (s.startsWith("\"")) {
                int end = s.lastIndexOf('"');
                return s.substring(1, end > 0 ? end : s.length()).replace("\\\"", "\"");
            }
            int comment = s.indexOf(" #");
            return (comment >= 0 ? s.substring(0, comment) : s).strip();
        }

        public static Declared read(Path file) {
            try {
                return parse(Files.readString(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the triggers of " + file, e);
            }
        }
    }

    /**
     * One delivery as it ended: the trigger, the event body, how often it was sent, the last answer (status,
     * {@code x-fc-status}, body; 0 and nulls when the function did not answer).
     */
    public record Delivery(String trigger, String event, int attempts, int status, String fcStatus, String answer) {}

    private final Declared declared;
    private final Supplier<URI> invoke;
    private final int maxAttempts;
    private final Duration firstRetryPause;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-oss-triggers");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> delivered = new CopyOnWriteArrayList<>();

    /**
     * @param invoke          where the function listens: its {@code /invoke}, asked at each delivery (the port may be
     *                        chosen after the server starts)
     * @param maxAttempts     deliveries of one event in all, the first included (FC: 1 + maxAsyncRetryAttempts)
     * @param firstRetryPause the pause before the first retry, doubled before each further one
     */
    public OssTriggers(
            Declared declared, Supplier<URI> invoke, int maxAttempts, Duration firstRetryPause, Clock clock) {
        if (maxAttempts < 1 || maxAttempts > 9) {
            throw new IllegalArgumentException("FC delivers an event 1 to 9 times, not " + maxAttempts);
        }
        this.declared = declared;
        this.invoke = invoke;
        this.maxAttempts = maxAttempts;
        this.firstRetryPause = firstRetryPause;
        this.clock = clock;
    }

    public Declared declared() {
        return declared;
    }

    /** Deliveries finished so far, in order. */
    public List<Delivery> delivered() {
        return List.copyOf(delivered);
    }

    /** An object was created: delivers its event to each matching trigger, in the background. */
    void created(String eventName, String bucket, String key, ObjectStore.Meta meta, String requestId) {
        for (OssTrigger t : declared.oss()) {
            if (t.matches(eventName, key)) {
                String event = ossEvent(t, eventName, bucket, key, meta, requestId);
                deliveries.execute(() -> deliver(t.name(), event));
            }
        }
    }

    /** Fires a timer trigger now, as its schedule would, and waits for the delivery (retries included). */
    Delivery fireTimer(String name) throws Exception {
        TimerTrigger timer = declared.timers().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new OssError(
                        404,
                        "NoSuchTrigger",
                        "s.yaml declares no timer trigger of that name; it has "
                                + declared.timers().stream()
                                        .map(TimerTrigger::name)
                                        .toList() + "."));
        ObjectNode e = JSON.createObjectNode();
        e.put(
                "triggerTime",
                clock.instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        e.put("triggerName", timer.name());
        e.put("payload", timer.payload());
        String event = JSON.writeValueAsString(e);
        return deliveries.submit(() -> deliver(timer.name(), event)).get();
    }

    private String ossEvent(
            OssTrigger t, String eventName, String bucket, String key, ObjectStore.Meta meta, String requestId) {
        ObjectNode r = JSON.createObjectNode();
        r.put("eventName", eventName);
        r.put("eventSource", "acs:oss");
        r.put("eventTime", Instant.ofEpochMilli(meta.lastModified()).toString());
        r.put("eventVersion", "1.0");
        ObjectNode oss = r.putObject("oss");
        ObjectNode b = oss.putObject("bucket");
        b.put("arn", "acs:oss:" + REGION + ":local:" + bucket);
        b.put("name", bucket);
        b.put("ownerIdentity", "local");
        b.put("virtualBucket", "");
        ObjectNode o = oss.putObject("object");
        o.put("deltaSize", meta.size());
        o.put("eTag", meta.etag());
        o.put("key", key);
        o.put("size", meta.size());
        oss.put("ossSchemaVersion", "1.0");
        oss.put("ruleId", t.name());
        r.put("region", REGION);
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        r.putObject("responseElements").put("requestId", requestId);
        r.putObject("userIdentity").put("principalId", "local");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("events").add(r);
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Delivery deliver(String trigger, String event) {
        int status = 0;
        String fcStatus = null;
        String body = null;
        int attempt = 0;
        Duration pause = firstRetryPause;
        while (attempt < maxAttempts) {
            attempt++;
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(invoke.get())
                                .timeout(Duration.ofMinutes(5))
                                .header("Content-Type", "application/octet-stream")
                                .header("x-fc-control-path", "/invoke")
                                .header("x-fc-request-id", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(event))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
                fcStatus = answer.headers().firstValue("x-fc-status").orElse(null);
                body = answer.body();
            } catch (IOException e) {
                status = 0;
                fcStatus = null;
                body = null;
                LOG.warnf(
                        "local trigger %s: the function did not answer (%s)",
                        trigger, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // FC: no x-fc-status is success; 404 (or no answer at all) is a failure to deliver again
            boolean failed = status == 0 || "404".equals(fcStatus);
            if (!failed || attempt >= maxAttempts) {
                break;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause = pause.multipliedBy(2);
        }
        LOG.infof(
                "local trigger %s delivered %d time(s): HTTP %d, x-fc-status %s",
                trigger,
                attempt,
                status,
                fcStatus == null ? "none" : Untrusted.value(fcStatus.toLowerCase(Locale.ROOT)));
        Delivery d = new Delivery(trigger, event, attempt, status, fcStatus, body);
        delivered.add(d);
        return d;
    }

    /** Stops delivering; deliveries under way are abandoned. */
    public void close() {
        deliveries.shutdownNow();
    }
}
