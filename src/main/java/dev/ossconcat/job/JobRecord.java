package dev.ossconcat.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.verify.Verification;
import dev.ossconcat.webhook.JobEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <li>{@code failed}: an outcome with the error and its {@link FailureKind}, and the task and its end time when IMM
 *     ran it (a submission OSS could not take has neither);</li>
 * <li>{@code rejected}: an outcome with OSS's refusal of the process string, always permanent.</li>
 * </ul>
 * The attempts before the current one are kept in {@link #earlier()}, each as the record's own fields said when the
 * next attempt was claimed; the current attempt is the record itself. What a new delivery does with the job follows
 * from the record alone ({@link #onRedelivery}), so the retry policy is tested without OSS.
 * Each transition checks the state it starts from, so that a sequence the pipeline never makes fails loudly instead
 * of writing a record that contradicts itself.
 *
 * <p>On OSS the record is flat JSON with the field names and value formats it has always had, which are also what
 * {@code GET /status} shows (see {@link #toTree()}), followed by two optional ones, {@code failure} and
 * {@code attempts}; records written by earlier versions read unchanged.
 *
 * @param claim        who holds the current attempt
 * @param task         what OSS answered to the current attempt's submission; null before that or when it failed
 * @param outcome      how the current attempt ended, or why a claim stands without a task; null while running
 * @param verification the output check after success; null before it (or when verification is off)
 * @param origin       the uploaded playlist object that started the job, or null
 * @param playlist     the normalized playlist (presets and defaults applied)
 * @param updatedAt    when this value was made; null only in a record written by hand
 * @param earlier      the attempts before the current one, oldest first (at most {@value #MAX_EARLIER}); empty for
 *                     a job on its first attempt, and for records of versions that did not keep them
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
        Instant updatedAt,
        List<Attempt> earlier) {

    public JobRecord {
        earlier = earlier == null ? List.of() : List.copyOf(earlier);
    }

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
     * @param failure    whether a failure may be submitted again by itself; null unless failed or rejected
     */
    public record Outcome(Instant finishedAt, String error, FailureKind failure) {

        public Outcome(Instant finishedAt, String error) {
            this(finishedAt, error, null);
        }
    }

    /**
     * An attempt that was followed by another: its number, the state it ended in (or stood in, for a claim taken
     * over), when it was claimed, OSS's task (if any) and how it ended.
     */
    public record Attempt(int attempt, JobState state, Instant claimedAt, Task task, Outcome outcome) {}

    /**
     * What a new delivery of an existing job does (docs/idempotency.md, "Failed jobs").
     */
    public enum Redelivery {
        /** Answer with the job as it is: submitted, done, rejected, failed for good, or out of attempts. */
        ANSWER,
        /** Another delivery holds the claim and may have the task ID in a moment: wait for it, briefly. */
        WAIT,
        /** Submit again as the next attempt: a transient failure, or a claim abandoned for the takeover window. */
        RESUBMIT,
        /**
         * A claim abandoned with no automatic attempt left: record the job as failed, instead of leaving it claimed,
         * which would make every event trigger deliver it again forever.
         */
        GIVE_UP
    }

    /** Enough history to see what happened; a job retried more often than this keeps its latest attempts. */
    public static final int MAX_EARLIER = 50;

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
                now,
                List.of());
    }

    /**
     * A resubmission (after a failure or rejection) or a takeover (of an abandoned claim): the next attempt. The
     * current attempt moves to {@link #earlier()}.
     */
    public JobRecord nextAttempt(String token, Instant now) {
        require(EnumSet.of(JobState.CLAIMED, JobState.FAILED, JobState.REJECTED), "claim the next attempt");
        List<Attempt> history = new ArrayList<>(earlier);
        history.add(new Attempt(claim.attempt(), state, claim.claimedAt(), task, outcome));
        if (history.size() > MAX_EARLIER) {
            history = history.subList(history.size() - MAX_EARLIER, history.size());
        }
        return new JobRecord(
                jobId,
                JobState.CLAIMED,
                new Claim(claim.attempt() + 1, token, now),
                process,
                source,
                target,
                null,
                null,
                null,
                origin,
                playlist,
                now,
                history);
    }

    /** OSS accepted the task. */
    public JobRecord submitted(Task accepted) {
        require(EnumSet.of(JobState.CLAIMED), "record a task");
        return evolve(JobState.SUBMITTED, claim, accepted, null, null, accepted.submittedAt());
    }

    /**
     * A chunked job's parts are being submitted: submitted without a task ID of its own. The job's task is the one
     * writing the output, recorded when the last level is submitted ({@link #finalSubmitted}); until then its parts'
     * tasks are in their own state objects (docs/chunked.md).
     */
    public JobRecord chunkStarted(Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "start its parts");
        return evolve(JobState.SUBMITTED, claim, null, null, null, now);
    }

    /** The task writing a chunked job's output was accepted (again, after a transient failure of the last one). */
    public JobRecord finalSubmitted(Task accepted) {
        require(EnumSet.of(JobState.SUBMITTED), "record its final task");
        return evolve(JobState.SUBMITTED, claim, accepted, null, null, accepted.submittedAt());
    }

    /**
     * OSS refused the process string; {@code error} is its code and message. Permanent: the same string is refused
     * again, and the string is part of what the job is.
     */
    public JobRecord rejected(String error, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "record a rejection");
        return evolve(
                JobState.REJECTED, claim, null, new Outcome(null, ascii(error), FailureKind.PERMANENT), null, now);
    }

    /**
     * OSS did not take the task (an error answer, unreachable, or a refused call): no task exists. Transient: no task
     * ran, so trying again costs nothing but the call, and may work once OSS (or the role's permissions) is back.
     */
    public JobRecord submissionFailed(String error, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "record a failed submission");
        return evolve(JobState.FAILED, claim, null, new Outcome(null, ascii(error), FailureKind.TRANSIENT), null, now);
    }

    /**
     * A claim abandoned with no automatic attempt left ({@link Redelivery#GIVE_UP}): the job is failed, with why.
     * Transient, like the lost answer behind it, so that raising {@code concat.jobs.max-attempts} lets a delivery
     * submit it again; an explicit retry always can.
     */
    public JobRecord gaveUp(String reason, Instant now) {
        require(EnumSet.of(JobState.CLAIMED), "give up a claim");
        return evolve(JobState.FAILED, claim, null, new Outcome(null, ascii(reason), FailureKind.TRANSIENT), null, now);
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

    /**
     * IMM reported the task failed; {@code error} is IMM's code and message, {@code failure} what the policy makes of
     * it ({@link TaskFailures}, and permanent when the report was not authenticated).
     */
    public JobRecord taskFailed(Instant finishedAt, String error, FailureKind failure, Instant now) {
        require(EnumSet.of(JobState.SUBMITTED), "record a failed task");
        return evolve(JobState.FAILED, claim, task, new Outcome(finishedAt, ascii(error), failure), null, now);
    }

    /** The output check after success. Its wire form is metadata, so it is kept as it will be written. */
    public JobRecord verified(Verification v, Instant now) {
        require(EnumSet.of(JobState.SUCCEEDED), "record a verification");
        return evolve(state, claim, task, outcome, Verification.ofWire(ascii(v.wire())), now);
    }

    /**
     * The one place a changed record is made (besides {@link #nextAttempt}, which also moves the current attempt into
     * the history): what a job is (ID, process, objects, playlist) never changes, nor does its history.
     */
    private JobRecord evolve(JobState s, Claim c, Task t, Outcome o, Verification v, Instant now) {
        return new JobRecord(jobId, s, c, process, source, target, t, o, v, origin, playlist, now, earlier);
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

    /** Whether a failure may be submitted again by itself; null unless the job is failed or rejected. */
    public FailureKind failure() {
        return outcome == null ? null : outcome.failure();
    }

    /** A claim without a task ID for longer than {@code takeoverAfter}: its claimer crashed or lost OSS's answer. */
    public boolean abandoned(Duration takeoverAfter, Instant now) {
        return state == JobState.CLAIMED
                && claim.claimedAt().plus(takeoverAfter).isBefore(now);
    }

    /**
     * The retry policy for a new delivery of this job (docs/idempotency.md, "Failed jobs"). Automatic attempts stop
     * at {@code maxAttempts}: a transient failure or an abandoned claim is submitted again only while the job has
     * made fewer. A permanent failure and a rejection are answered as they are.
     */
    public Redelivery onRedelivery(int maxAttempts, Duration takeoverAfter, Instant now) {
        boolean attemptsLeft = claim.attempt() < maxAttempts;
        return switch (state) {
            case CLAIMED ->
                !abandoned(takeoverAfter, now)
                        ? Redelivery.WAIT
                        : attemptsLeft ? Redelivery.RESUBMIT : Redelivery.GIVE_UP;
            case FAILED -> failure() == FailureKind.TRANSIENT && attemptsLeft ? Redelivery.RESUBMIT : Redelivery.ANSWER;
            case SUBMITTED, SUCCEEDED, REJECTED -> Redelivery.ANSWER;
        };
    }

    /**
     * Whether an explicit retry ({@code POST /retry}) may submit the job: when it failed or was rejected, for any
     * reason and however many attempts it made, or when its claim was abandoned. Never while a task may be running
     * or after it succeeded.
     */
    public boolean explicitlyRetryable(Duration takeoverAfter, Instant now) {
        return state == JobState.FAILED || state == JobState.REJECTED || abandoned(takeoverAfter, now);
    }

    /** Whether this record is the claim made with {@code token}. */
    public boolean claimedWith(String token) {
        return state == JobState.CLAIMED && token.equals(claim.token());
    }

    /**
     * The job's latest end as a callback event: {@code succeeded}, {@code failed}, {@code rejected}, or
     * {@code verified} once the output was checked; null while the job runs (claimed or submitted). A function of the
     * record alone, so that {@code POST /replay} sends exactly what the end sent.
     */
    public JobEvent endEvent() {
        JobEvent.Type type = switch (state) {
            case SUCCEEDED -> verification == null ? JobEvent.Type.SUCCEEDED : JobEvent.Type.VERIFIED;
            case FAILED -> JobEvent.Type.FAILED;
            case REJECTED -> JobEvent.Type.REJECTED;
            case CLAIMED, SUBMITTED -> null;
        };
        if (type == null) {
            return null;
        }
        return new JobEvent(
                type,
                jobId,
                state.wire(),
                attempt(),
                taskId(),
                target.bucket(),
                target.key(),
                state == JobState.SUCCEEDED ? null : error(),
                failure() == null ? null : failure().wire(),
                verification == null ? null : verification.wire(),
                updatedAt);
    }

    /** The playlist's {@code callback.url}, or null when the job has none. */
    public String callbackUrl() {
        JsonNode url = playlist == null ? null : playlist.path("callback").path("url");
        return url != null && url.isTextual() ? url.textValue() : null;
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
            putIf(
                    m,
                    "concat-failure",
                    outcome.failure() == null ? null : outcome.failure().wire());
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
        // The two later fields are left out when empty, so that a job that never failed looks as it always did
        if (failure() != null) {
            n.put("failure", failure().wire());
        }
        if (!earlier.isEmpty()) {
            ArrayNode attempts = n.putArray("attempts");
            for (Attempt a : earlier) {
                ObjectNode e = attempts.addObject();
                e.put("attempt", a.attempt());
                e.put("state", a.state().wire());
                e.put("claimedAt", text(a.claimedAt()));
                e.put("taskId", a.task() == null ? null : a.task().taskId());
                e.put("eventId", a.task() == null ? null : a.task().eventId());
                e.put("requestId", a.task() == null ? null : a.task().requestId());
                e.put("submittedAt", a.task() == null ? null : text(a.task().submittedAt()));
                e.put(
                        "finishedAt",
                        a.outcome() == null ? null : text(a.outcome().finishedAt()));
                e.put("error", a.outcome() == null ? null : a.outcome().error());
                e.put(
                        "failure",
                        a.outcome() == null || a.outcome().failure() == null
                                ? null
                                : a.outcome().failure().wire());
            }
        }
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
        JobState state = state(required(n, "state"));
        Task task = task(n);
        String verified = text(n, "verified");
        JsonNode playlist = n.get("playlist");
        List<Attempt> earlier = new ArrayList<>();
        JsonNode attempts = n.get("attempts");
        if (attempts != null && attempts.isArray()) {
            for (JsonNode a : attempts) {
                JobState ended = state(required(a, "state"));
                Task t = task(a);
                earlier.add(new Attempt(attempt(a), ended, time(a, "claimedAt"), t, outcome(a, ended, t)));
            }
        }
        return new JobRecord(
                required(n, "jobId"),
                state,
                new Claim(attempt(n), text(n, "claimToken"), requiredTime(n, "claimedAt")),
                required(n, "process"),
                requiredRef(n, "source"),
                requiredRef(n, "target"),
                task,
                outcome(n, state, task),
                verified == null ? null : Verification.ofWire(verified),
                ref(n, "origin"),
                playlist == null || playlist.isNull() ? null : playlist,
                time(n, "updatedAt"),
                earlier);
    }

    private static Task task(JsonNode n) {
        String taskId = text(n, "taskId");
        return taskId == null
                ? null
                : new Task(taskId, text(n, "eventId"), text(n, "requestId"), time(n, "submittedAt"));
    }

    /**
     * The outcome of a record or of an earlier attempt. A failure written before failures were classified has no
     * {@code failure}; it is classified as it would be now: a rejection is permanent, a failed submission (no task
     * ran) transient, and a failed task by the IMM code its error starts with ({@link TaskFailures}).
     */
    private static Outcome outcome(JsonNode n, JobState state, Task task) {
        Instant finishedAt = time(n, "finishedAt");
        String error = text(n, "error");
        String written = text(n, "failure");
        FailureKind failure = null;
        if (written != null) {
            try {
                failure = FailureKind.ofWire(written);
            } catch (IllegalArgumentException e) {
                failure = FailureKind.PERMANENT; // a kind this version does not know: the safe reading
            }
        } else if (state == JobState.REJECTED) {
            failure = FailureKind.PERMANENT;
        } else if (state == JobState.FAILED) {
            failure = task == null ? FailureKind.TRANSIENT : TaskFailures.classify(codeOf(error));
        }
        return finishedAt == null && error == null && failure == null ? null : new Outcome(finishedAt, error, failure);
    }

    /** The IMM code an error starts with: {@code InvalidArgument: codec mismatch} gives {@code InvalidArgument}. */
    static String codeOf(String error) {
        if (error == null) {
            return "";
        }
        int colon = error.indexOf(':');
        return (colon < 0 ? error : error.substring(0, colon)).strip();
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
