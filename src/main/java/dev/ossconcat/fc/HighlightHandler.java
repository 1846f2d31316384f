package dev.ossconcat.fc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.json.JsonSyntax;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.report.Findings;
import jakarta.inject.Singleton;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A timer tick: pick recent clips under a prefix and join them. Listing is paginated; ties are broken by key, so
 * the same objects always give the same job. The idempotency key is the trigger name and its scheduled time, so a
 * redelivered tick answers with the job the first delivery made.
 */
@Singleton
public class HighlightHandler {

    private static final Logger LOG = Logger.getLogger(HighlightHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    private final JobPipeline pipeline;
    private final ConcatConfig config;

    public HighlightHandler(JobPipeline pipeline, ConcatConfig config) {
        this.pipeline = pipeline;
        this.config = config;
    }

    /** A candidate clip, with its score when the pick needs one. */
    record Candidate(String key, Instant modified, Double score) {}

    /**
     * A timer event that {@link #read} accepted.
     *
     * @param bucket the bucket the clips are listed in: the payload's, else the default bucket
     */
    public record Tick(String name, Instant at, HighlightSpec spec, String bucket) {

        /** For outcomes and the log; the name is shown escaped. */
        public String source() {
            return "timer " + Untrusted.value(name) + " at " + at;
        }
    }

    /** Function Compute's trigger names are 1..128 characters. */
    static final int MAX_TRIGGER_NAME = 128;

    /**
     * The trigger times accepted: from the epoch to the last second of year 9999. Function Compute sends the time of
     * the tick; beyond these, date arithmetic and the {@code {date}} of output keys would leave ISO-8601's
     * four-digit years.
     */
    static final Instant EARLIEST = Instant.EPOCH;

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * Checks a timer event before anything is read from OSS: the trigger name and time, and the payload with every
     * duration and count in it bounded ({@link HighlightSpec}). Returns the tick, or null with the problems in
     * {@code findings}, each naming its field ({@code triggerTime}, {@code payload.window}, ...).
     */
    public Tick read(String triggerName, String triggerTime, String payload, Findings findings) {
        if (triggerName.isEmpty()
                || triggerName.length() > MAX_TRIGGER_NAME
                || !Untrusted.isClean(triggerName, MAX_TRIGGER_NAME)) {
            findings.error(
                    "triggerName",
                    "malformed_value",
                    "triggerName " + Untrusted.quoted(triggerName) + " must be 1.." + MAX_TRIGGER_NAME
                            + " characters without control characters, as Function Compute names triggers");
        }
        Instant at = null;
        try {
            at = Instant.parse(triggerTime);
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                findings.error(
                        "triggerTime",
                        "out_of_range",
                        "triggerTime " + Untrusted.quoted(triggerTime) + " must be between " + EARLIEST + " and "
                                + LATEST);
                at = null;
            }
        } catch (DateTimeException e) {
            findings.error(
                    "triggerTime",
                    "malformed_value",
                    "triggerTime " + Untrusted.quoted(triggerTime) + " is not an ISO-8601 instant such as "
                            + "2024-08-20T19:00:00Z");
        }
        JsonNode json = null;
        boolean parsed = true;
        try {
            json = payload == null || payload.isBlank() ? null : JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            findings.error("payload", "malformed_json", "the timer payload is not JSON: " + JsonSyntax.describe(e));
            parsed = false;
        }
        HighlightSpec spec = parsed ? HighlightSpec.read(json, findings) : null;
        String bucket = null;
        if (spec != null) {
            bucket = spec.bucket() != null
                    ? spec.bucket()
                    : config.defaultBucket().orElse(null);
            if (bucket == null) {
                findings.error(
                        "payload.bucket", "required", "payload.bucket is required: no default bucket is configured");
            } else if (spec.bucket() == null) {
                String problem = OssNames.bucketProblem(bucket);
                if (problem != null) {
                    findings.error(
                            "payload.bucket",
                            "bucket_name",
                            "payload.bucket is not given and CONCAT_DEFAULT_BUCKET is not usable: " + problem);
                }
            }
        }
        return findings.hasErrors() ? null : new Tick(triggerName, at, spec, bucket);
    }

    /** Runs a tick that {@link #read} accepted. */
    public Outcome handle(Tick tick, OssSession oss) {
        try {
            return compile(oss, tick.source(), tick.bucket(), tick.spec(), tick.name(), tick.at());
        } catch (OssCallFailed e) {
            return JobOutcomes.ossFailed(tick.source(), e);
        }
    }

    private Outcome compile(
            OssSession oss, String source, String bucket, HighlightSpec spec, String triggerName, Instant at) {
        List<OssSession.Listed> listed = new ArrayList<>();
        String token = null;
        int total = 0;
        do {
            OssSession.Page page = oss.list(bucket, spec.prefix(), token, 1000);
            total += page.objects().size();
            Instant from = at.minus(spec.window());
            for (OssSession.Listed o : page.objects()) {
                if (spec.suffixes().stream().anyMatch(o.key()::endsWith)
                        && !ours(o.key())
                        && !o.lastModified().isBefore(from)
                        && !o.lastModified().isAfter(at)) {
                    listed.add(o);
                }
            }
            token = page.next();
        } while (token != null);

        List<Candidate> candidates = new ArrayList<>();
        for (OssSession.Listed o : listed) {
            Double score = null;
            if (spec.pick() == HighlightSpec.Pick.SCORE) {
                score = oss.head(bucket, o.key())
                        .map(i -> number(i.userMetadata().get(spec.scoreKey())))
                        .orElse(null);
                if (score == null) {
                    continue; // no (numeric) score: not a candidate for a score pick
                }
            }
            candidates.add(new Candidate(o.key(), o.lastModified(), score));
        }
        Comparator<Candidate> byKey = Comparator.comparing(Candidate::key);
        Comparator<Candidate> pickOrder = switch (spec.pick()) {
            case NEWEST -> Comparator.comparing(Candidate::modified).reversed().thenComparing(byKey);
            case OLDEST -> Comparator.comparing(Candidate::modified).thenComparing(byKey);
            case SCORE ->
                Comparator.comparing(Candidate::score)
                        .reversed()
                        .thenComparing(Comparator.comparing(Candidate::modified).reversed())
                        .thenComparing(byKey);
        };
        List<Candidate> picked = new ArrayList<>(
                candidates.stream().sorted(pickOrder).limit(spec.count()).toList());
        if (picked.isEmpty()) {
            return new Outcome(
                    source,
                    Outcome.Result.EMPTY,
                    null,
                    null,
                    "nothing to join: " + total + " object(s) under "
                            + bucket + "/" + spec.prefix() + ", " + listed.size()
                            + " with a matching suffix and modified "
                            + "within " + spec.window() + " before " + at + ", " + candidates.size() + " candidate(s)",
                    null,
                    false);
        }
        if (spec.order() == HighlightSpec.Order.CHRONOLOGICAL) {
            picked.sort(Comparator.comparing(Candidate::modified).thenComparing(byKey));
        }
        ObjectNode playlist = JsonNodeFactory.instance.objectNode();
        playlist.put("bucket", bucket);
        playlist.put("idempotencyKey", "timer/" + triggerName + "/" + at);
        ArrayNode clips = playlist.putArray("clips");
        List<String> noDuration = new ArrayList<>();
        for (Candidate c : picked) {
            ObjectNode clip = clips.addObject().put("key", c.key());
            if (spec.trimLast() != null) {
                Optional<ObjectInfo> info = oss.head(bucket, c.key());
                Double ms = info.map(i -> number(i.userMetadata().get("duration-ms")))
                        .orElse(null);
                if (ms == null) {
                    noDuration.add(c.key());
                    continue;
                }
                clip.put("start", Math.max(0, ms.longValue() - spec.trimLast()));
            } else {
                putIfNonZero(clip, "start", spec.trimStart());
                putIfNonZero(clip, "duration", spec.trimDuration());
            }
        }
        if (!noDuration.isEmpty()) {
            return new Outcome(
                    source,
                    Outcome.Result.REJECTED,
                    null,
                    null,
                    "trim.last needs each clip's duration in user "
                            + "metadata duration-ms (x-oss-meta-duration-ms); missing on " + noDuration,
                    null,
                    false);
        }
        ObjectNode output = spec.output().deepCopy();
        if (output.path("key").isTextual()) {
            output.put(
                    "key",
                    output.get("key")
                            .textValue()
                            .replace("{date}", DATE.format(at))
                            .replace("{time}", TIME.format(at)));
        }
        playlist.set("output", output);
        Outcome o = JobOutcomes.run(
                source, () -> pipeline.submit(PlaylistJson.read(playlist), config.defaults(), oss, null));
        LOG.infof(
                "%s: %d of %d candidate(s) -> %s%s",
                source,
                picked.size(),
                candidates.size(),
                o.result().wire(),
                o.jobId() == null ? "" : " job " + o.jobId());
        return o;
    }

    /** Job records and outputs are never clips of a highlight: that would feed the function its own output. */
    private boolean ours(String key) {
        return key.startsWith(config.jobsPrefix())
                || config.outputPrefixes().stream().anyMatch(key::startsWith);
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void putIfNonZero(ObjectNode n, String name, long value) {
        if (value != 0) {
            n.put(name, value);
        }
    }
}
