package dev.ossconcat.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.verify.Verification;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job record: an object under the jobs prefix named by the job ID. Immutable; every change is a new value,
 * made by one of the transition methods below and written over the old one by the holder of the current attempt.
 *
 * <p>The states and what each carries:
 * <ul>
 * <li>{@code claimed}: a {@link Claim}; an {@link Outcome} with the reason when OSS's answer to the submission was
 *     lost (a task may exist);</li>
 * <li>{@code submitted}: the claim and the {@link Task};</li>
 * <li>{@code succeeded}: the task, an outcome with IMM's end time, later a {@link Verification};</li>
 * <li>{@code failed}: an outcome with the error, and the task and its end time when IMM ran it (a submission OSS
 *     could not take has neither);</li>
 * <li>{@code rejected}: an outcome with OSS's refusal of the process string.</li>
 * </ul>
 * Each transition checks the state it starts from, so that a sequence the pipeline never makes fails loudly instead
 * of writing a record that contradicts itself.
 *
 * <p>On OSS the record is flat JSON with the field names and value formats it has always had, which are also what
 * {@code GET /status} shows (see {@link #toTree()}); records written by earlier versions read unchanged.
 *
 * @param claim        who holds the current attempt
 * @param task         what OSS answered to the current attempt's submission; null before that or when it failed
 * @param outcome      how the current attempt ended, or why a claim stands without a task; null while running
 * @param verification the output check after success; null before it (or when verification is off)
 * @param origin       the uploaded playlist object that started the job, or null
 * @param playlist     the normalized playlist (presets and defaults applied)
 * @param updatedAt    when this value was made; null only in a record written by hand
 */
public record JobRecord(
        String jobId,
        JobState state,
        Claim claim,
        String process,
        Ref source,
        Ref target,
        Task task,
        Outcome outcome,
        Verification verification,
        Ref origin,
        JsonNode playlist,
        Instant updatedAt) {

    /** An object by bucket and key. */
    public record Ref(String bucket, String key) {

        String encoded() {
            return URLEncoder.encode(bucket + "/" + key, StandardCharsets.UTF_8)
                    .replace("+", "%20")
                    .replace("%2F", "/");
        }
    }

    /**
     * @param attempt   1 for the first submission; each takeover or resubmission claims the next number
     * @param token     unique per claim: lets a claimer recognise its own claim when OSS's answer to it was lost
     * @param claimedAt when the attempt was claimed, for the takeover window
     */
    public record Claim(int attempt, String token, Instant claimedAt) {}

    /** OSS's answer to {@code x-oss-async-process}: the task of the current attempt and its IDs. */
    public record Task(String taskId, String eventId, String requestId, Instant submittedAt) {}

    /**
     * @param finishedAt IMM's end time of the task; null when no task ran (the submission was refused, failed, or
     *                   its answer was lost)
     * @param error      ASCII, at most {@value #ERROR_MAX} characters: why the attempt failed or was rejected, or
     *                   why a claim was left; null on success
     */
    public record Outcome(Instant finishedAt, String error) {}

    public static final int ERROR_MAX = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // ---- transitions --------------------------------------------------------------------------------------

    /** The first claim of a job: attempt 1, nothing submitted yet. */
    public static JobRecord firstClaim(
            String jobId,
            String process,
            Ref source,
            Ref target,
            Ref origin,
            JsonNode playlist,
            String token,
            Instant now) {
        return new JobRecord(
                jobId,
                JobState.CLAIMED,
                new Claim(1, token, now),
                process,
                source,
                target,
                null,
                null,
                null,
                origin,
                playlist,
                now);
    }

    /** A resubmission (after failure or rejection) or a takeover (of an abandoned claim): the next attempt. */
    public JobRecord nextAttempt(String token, Instant now) {
        require(EnumSet.of(JobState.CLAIMED, JobState.FAILED, JobState.REJECTED), "claim the next attempt");
        return evolve(JobState.CLAIMED, new Claim(claim.attempt() + 1, token, now), null, null, null, now);
    }

    /** OSS accepted the task. */
    public JobRecord submitted(Task accepted) {
        require(EnumSet.of(JobState.CLAIMED), "record a task");
        return evolve(JobState.SUBMITTED, claim, accepted, null, null, accepted.submittedAt());
    }

    /** OSS refused the process string; {@code error} is its code and message. */
    public JobRecord rejected(String error, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "record a rejection");
        return evolve(JobState.REJECTED, claim, null, new Outcome(null, ascii(error)), null, now);
    }

    /** OSS did not take the task (an error answer, unreachable, or a refused call): no task exists. */
    public JobRecord submissionFailed(String error, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "record a failed submission");
        return evolve(JobState.FAILED, claim, null, new Outcome(null, ascii(error)), null, now);
    }

    /**
     * OSS's answer to the submission was lost: a task may exist. The claim stays, with the reason, so that retries
     * answer as duplicates until the takeover window says the claim is abandoned.
     */
    public JobRecord answerLost(String reason, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "record a lost answer");
        return evolve(JobState.CLAIMED, claim, null, new Outcome(null, ascii(reason)), null, now);
    }

    /** IMM reported the task done. */
    public JobRecord succeeded(Instant finishedAt, Instant now) {
        require(EnumSet.of(JobState.SUBMITTED), "record success");
        return evolve(JobState.SUCCEEDED, claim, task, new Outcome(finishedAt, null), null, now);
    }

    /** IMM reported the task failed; {@code error} is IMM's code and message. */
    public JobRecord taskFailed(Instant finishedAt, String error, Instant now) {
        require(EnumSet.of(JobState.SUBMITTED), "record a failed task");
        return evolve(JobState.FAILED, claim, task, new Outcome(finishedAt, ascii(error)), null, now);
    }

    /** The output check after success. Its wire form is metadata, so it is kept as it will be written. */
    public JobRecord verified(Verification v, Instant now) {
        require(EnumSet.of(JobState.SUCCEEDED), "record a verification");
        return evolve(state, claim, task, outcome, Verification.ofWire(ascii(v.wire())), now);
    }

    /** The one place a changed record is made: what a job is (ID, process, objects, playlist) never changes. */
    private JobRecord evolve(JobState s, Claim c, Task t, Outcome o, Verification v, Instant now) {
        return new JobRecord(jobId, s, c, process, source, target, t, o, v, origin, playlist, now);
    }

    private void require(Set<JobState> from, String what) {
        if (!from.contains(state)) {
            throw new IllegalStateException("job " + jobId + " is " + state.wire() + ": cannot " + what);
        }
    }

    // ---- reading ------------------------------------------------------------------------------------------

    public int attempt() {
        return claim.attempt();
    }

    /** The current attempt's task ID, or null when OSS has not accepted one. */
    public String taskId() {
        return task == null ? null : task.taskId();
    }

    /** Why the current attempt failed, was rejected or stands without a task; null otherwise. */
    public String error() {
        return outcome == null ? null : outcome.error();
    }

    /** Whether this record is the claim made with {@code token}. */
    public boolean claimedWith(String token) {
        return state == JobState.CLAIMED && token.equals(claim.token());
    }

    // ---- wire formats -------------------------------------------------------------------------------------

    /** The {@code x-oss-meta-} entries (names without the prefix), as docs/idempotency.md lists them. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("concat-job-id", jobId);
        m.put("concat-state", state.wire());
        m.put("concat-target", target.encoded());
        if (task != null) {
            putIf(m, "concat-task-id", task.taskId());
            putIf(m, "concat-event-id", task.eventId());
            putIf(m, "concat-request-id", task.requestId());
            putIf(m, "concat-submitted-at", text(task.submittedAt()));
        }
        if (outcome != null) {
            putIf(m, "concat-finished-at", text(outcome.finishedAt()));
            putIf(m, "concat-error", outcome.error());
        }
        if (verification != null) {
            m.put("concat-verified", verification.wire());
        }
        return m;
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The flat JSON that is both the object on OSS and the body of {@code GET /status}: the same field names, order
     * and value formats as records have always had, absent values as {@code null}. Times are ISO-8601 UTC as
     * {@link Instant#toString()} writes them; {@code verified} is the {@link Verification#wire()} string.
     */
    public ObjectNode toTree() {
        ObjectNode n = NODES.objectNode();
        n.put("jobId", jobId);
        n.put("state", state.wire());
        n.put("attempt", claim.attempt());
        n.put("claimToken", claim.token());
        n.put("process", process);
        n.set("source", ref(source));
        n.set("target", ref(target));
        n.put("taskId", task == null ? null : task.taskId());
        n.put("eventId", task == null ? null : task.eventId());
        n.put("requestId", task == null ? null : task.requestId());
        n.put("claimedAt", text(claim.claimedAt()));
        n.put("submittedAt", task == null ? null : text(task.submittedAt()));
        n.put("updatedAt", text(updatedAt));
        n.put("finishedAt", outcome == null ? null : text(outcome.finishedAt()));
        n.put("error", outcome == null ? null : outcome.error());
        n.set("origin", ref(origin));
        n.set("playlist", playlist == null ? NODES.nullNode() : playlist);
        n.put("verified", verification == null ? null : verification.wire());
        return n;
    }

    /**
     * Reads what {@link #toTree()} writes, and every record earlier versions wrote: unknown fields are ignored (a
     * newer version may add some), absent optional ones are null. The fields every version has always written are
     * required; without them the record cannot be acted on safely.
     */
    public static JobRecord fromJson(byte[] bytes) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new IOException("a job record is a JSON object");
        }
        String taskId = text(n, "taskId");
        Instant finishedAt = time(n, "finishedAt");
        String error = text(n, "error");
        String verified = text(n, "verified");
        JsonNode playlist = n.get("playlist");
        return new JobRecord(
                required(n, "jobId"),
                state(required(n, "state")),
                new Claim(attempt(n), text(n, "claimToken"), requiredTime(n, "claimedAt")),
                required(n, "process"),
                requiredRef(n, "source"),
                requiredRef(n, "target"),
                taskId == null
                        ? null
                        : new Task(taskId, text(n, "eventId"), text(n, "requestId"), time(n, "submittedAt")),
                finishedAt == null && error == null ? null : new Outcome(finishedAt, error),
                verified == null ? null : Verification.ofWire(verified),
                ref(n, "origin"),
                playlist == null || playlist.isNull() ? null : playlist,
                time(n, "updatedAt"));
    }

    /**
     * An ISO-8601 time as IMM or earlier versions wrote it: an instant ({@code 2024-08-20T07:03:08.57Z}), a time
     * with an offset, or a local time taken as UTC. Empty when {@code s} is none of these.
     */
    public static Optional<Instant> parseTime(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException noOffset) {
                try {
                    return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException unreadable) {
                    return Optional.empty();
                }
            }
        }
    }

    /** {@code s} as a {@code concat-error} value: visible ASCII, at most {@value #ERROR_MAX} characters. */
    public static String errorValue(String s) {
        return ascii(s);
    }

    /** Metadata values must be visible ASCII (and short): anything else becomes '?'. */
    static String ascii(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), ERROR_MAX));
        for (int i = 0; i < s.length() && sb.length() < ERROR_MAX; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static JsonNode ref(Ref r) {
        return r == null
                ? NODES.nullNode()
                : NODES.objectNode().put("bucket", r.bucket()).put("key", r.key());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String required(JsonNode n, String field) throws IOException {
        String v = text(n, field);
        if (v == null) {
            throw new IOException("the job record has no " + field);
        }
        return v;
    }

    private static JobState state(String wire) throws IOException {
        try {
            return JobState.ofWire(wire);
        } catch (IllegalArgumentException e) {
            throw new IOException("the job record's state '" + wire + "' is not one of this version's");
        }
    }

    private static int attempt(JsonNode n) throws IOException {
        JsonNode v = n.get("attempt");
        if (v == null || !v.canConvertToInt()) {
            throw new IOException("the job record has no attempt number");
        }
        return v.asInt();
    }

    /**
     * Absent or null is null. A value that is no time at all reads as null too: {@code finishedAt} used to be IMM's
     * EndTime copied as text, and one odd value must not make the whole record unreadable.
     */
    private static Instant time(JsonNode n, String field) {
        return parseTime(text(n, field)).orElse(null);
    }

    private static Instant requiredTime(JsonNode n, String field) throws IOException {
        String s = required(n, field);
        return parseTime(s).orElseThrow(() -> new IOException("the job record's " + field + " '" + s + "' is no time"));
    }

    private static Ref ref(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isObject() ? null : new Ref(text(v, "bucket"), text(v, "key"));
    }

    private static Ref requiredRef(JsonNode n, String field) throws IOException {
        Ref r = ref(n, field);
        if (r == null || r.bucket() == null || r.key() == null) {
            throw new IOException("the job record has no " + field + " bucket and key");
        }
        return r;
    }
}
