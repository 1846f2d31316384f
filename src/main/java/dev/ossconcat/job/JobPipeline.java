package dev.ossconcat.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.Progress;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.AllowList;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.notify.Completion;
import dev.ossconcat.notify.OssUri;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.oss.Submission;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Decoded;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.process.Paths;
import dev.ossconcat.process.ProcessRenderer;
import dev.ossconcat.report.Violation;
import dev.ossconcat.rules.Plan;
import dev.ossconcat.verify.Verification;
import dev.ossconcat.webhook.Callbacks;
import dev.ossconcat.webhook.Deliveries;
import dev.ossconcat.webhook.JobEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * From playlist to exactly one OSS task, safe under at-least-once delivery:
 * <ol>
 * <li>plan: every rule, before anything is read or paid for;</li>
 * <li>HEAD every clip at once (missing clips: nothing is written);</li>
 * <li>claim the job record with {@code x-oss-forbid-overwrite}: of concurrent deliveries, exactly one wins;</li>
 * <li>submit with {@code x-oss-async-process} (never retried blindly);</li>
 * <li>record the outcome on the job record and, for uploaded playlists, on the playlist object, together.</li>
 * </ol>
 * Four sequential OSS round trips whatever the clip count. A delivery that loses the claim answers with the
 * existing job, or submits it again where the retry policy says so ({@link JobRecord#onRedelivery}): a transient
 * failure or a claim abandoned for {@link JobsConfig#takeoverAfter()}, while the job has attempts left. Each new
 * attempt is claimed through an attempt object created with forbid-overwrite, so a retry still submits at most once.
 * A permanent failure or a rejection is submitted again only by {@link #retry}, which someone asks for.
 *
 * <p>Every OSS call is made in the {@link OssSession} the caller passes, also on this pipeline's I/O threads: the
 * session is handed to them as a value, so a call there is signed with the request's credentials like any other.
 */
@Singleton
public class JobPipeline {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory JSON_NODES = JsonNodeFactory.instance;

    private final AllowList allowList;
    private final ConcatConfig config;
    private final JobsConfig jobs;
    private final Clock clock;
    private final ExecutorService io;
    private final Callbacks callbacks;

    public JobPipeline(AllowList allowList, ConcatConfig config, JobsConfig jobs, Clock clock, Callbacks callbacks) {
        this.allowList = allowList;
        this.callbacks = callbacks;
        this.config = config;
        this.jobs = jobs;
        this.clock = clock;
        this.io = Executors.newFixedThreadPool(jobs.ioThreads(), r -> {
            Thread t = new Thread(r, "concat-io");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        io.shutdownNow();
    }

    /**
     * @param oss    the calls of the request this job serves
     * @param origin the uploaded playlist object that started the job, or null
     */
    public JobResult submit(Decoded decoded, Defaults defaults, OssSession oss, ObjectInfo origin) {
        return run(oss, Plan.of(decoded, defaults), origin);
    }

    /** The job record, or empty when there is none. */
    public Optional<JobRecord> status(String bucket, String jobId, OssSession oss) {
        return read(oss, new JobRecord.Ref(bucket, recordKey(jobId)));
    }

    /**
     * What a completion message changed.
     *
     * @param record the job, or null when the task is not a job of this function
     * @param output the object the job wrote, to verify after a success: the recorded target, or, when its key has
     *               variables, the message's output that matched it; null when there is none to verify
     * @param reason why the message was not taken ({@link Result#MISMATCH}); null otherwise
     */
    public record Completed(Result result, JobRecord record, JobRecord.Ref output, String reason) {

        Completed(Result result, JobRecord record) {
            this(result, record, null, null);
        }

        public enum Result {
            /** The job took the task's end. */
            UPDATED,
            /** The job had finished already; it stays as it is. */
            DUPLICATE,
            /** The message is about an earlier attempt's task. */
            STALE,
            /** The task is still running: nothing to record. */
            RUNNING,
            /**
             * The message names the job's task but not its source object, or an output its target cannot be: it is
             * not IMM's message about this job, and changes nothing.
             */
            MISMATCH,
            /** No job of this function has this task. */
            UNKNOWN;

            /** The {@code result} of /notify's answer. */
            public String wire() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * Records IMM's end of a task on its job: {@code succeeded}, or {@code failed} with IMM's code and message, on
     * the job record and the uploaded playlist. Only the job's current task counts (a late message of an earlier
     * attempt is {@code stale}), only a message that names the job's own source object and a possible output
     * ({@code mismatch} otherwise), and a finished job stays as it is ({@code duplicate}), so redelivered and
     * reordered messages change nothing twice.
     *
     * <p>A failure is classified for the retry policy by IMM's code ({@link TaskFailures}), but only when the message
     * is {@code authenticated} (signed by SMQ): anyone can send an unsigned one, and no unsigned message may lead to
     * a new, billed submission. An unsigned failure is therefore permanent; an explicit retry undoes it.
     */
    public Completed complete(String bucket, Completion c, boolean authenticated, OssSession oss) {
        Optional<OssSession.Content> index = oss.get(bucket, taskIndexKey(c.taskId()), 1024);
        if (index.isEmpty()) {
            return new Completed(Completed.Result.UNKNOWN, null);
        }
        String jobId = new String(index.get().bytes(), StandardCharsets.UTF_8).strip();
        if (!JobIds.FORMAT.matcher(jobId).matches()) {
            LOG.warnf("task index %s/%s does not hold a job ID", Untrusted.value(bucket), taskIndexKey(c.taskId()));
            return new Completed(Completed.Result.UNKNOWN, null);
        }
        JobRecord.Ref ref = new JobRecord.Ref(bucket, recordKey(jobId));
        Optional<JobRecord> found = read(oss, ref);
        if (found.isEmpty()) {
            return new Completed(Completed.Result.UNKNOWN, null);
        }
        JobRecord current = found.get();
        String part = index.get().info().userMetadata().get(PART_META);
        if (part != null) {
            return completePart(ref, current, ChunkRun.Attempt.ofWire(part), c, authenticated, oss);
        }
        if (!c.taskId().equals(current.taskId())) {
            return new Completed(Completed.Result.STALE, current);
        }
        String mismatch = mismatch(current, c);
        if (mismatch != null) {
            LOG.warnf("job %s: a message about task %s was not taken: %s", jobId, c.taskId(), mismatch);
            return new Completed(Completed.Result.MISMATCH, current, null, mismatch);
        }
        if (current.state() == JobState.SUCCEEDED || current.state() == JobState.FAILED) {
            return new Completed(Completed.Result.DUPLICATE, current);
        }
        if (!c.finished()) {
            return new Completed(Completed.Result.RUNNING, current);
        }
        Instant now = clock.instant();
        // IMM's EndTime is the end; a message without a readable one is recorded as ending when it arrived
        Instant end = JobRecord.parseTime(c.endTime()).orElse(now);
        JobRecord done = c.succeeded()
                ? current.succeeded(end, now)
                : current.taskFailed(
                        end,
                        c.code() + ": " + c.message(),
                        authenticated ? TaskFailures.classify(c.code()) : FailureKind.PERMANENT,
                        now);
        finish(
                oss,
                ref,
                done,
                origin(oss, current),
                done.state() == JobState.FAILED && !authenticated ? "reported by an unsigned message" : null);
        return new Completed(Completed.Result.UPDATED, done, c.succeeded() ? output(done, c) : null, null);
    }

    /**
     * Why {@code c} cannot be IMM's message about the job's current task, or null when it can be: every source must
     * be in the job's bucket and one of them the job's source object, and a named output must be one the job's
     * target key can expand to. A message that names no output is taken (IMM's own sample has an empty one).
     */
    static String mismatch(JobRecord job, Completion c) {
        return mismatch(job.source(), job.target(), c);
    }

    /** {@link #mismatch(JobRecord, Completion)} for a task posted on {@code source} that writes {@code target}. */
    static String mismatch(JobRecord.Ref source, JobRecord.Ref target, Completion c) {
        for (OssUri s : c.sources()) {
            if (!s.bucket().equals(source.bucket())) {
                return "its source " + Untrusted.value(s) + " is not in the job's bucket " + source.bucket();
            }
        }
        if (c.sources().stream().noneMatch(s -> s.names(source.bucket(), source.key()))) {
            return "it does not name the task's source object oss://" + source.bucket() + "/"
                    + Untrusted.value(source.key());
        }
        if (c.target() != null && matchedOutputKey(target, c.target()) == null) {
            return "its output " + Untrusted.value(c.target()) + " is not what the task's output oss://"
                    + target.bucket() + "/" + Untrusted.value(target.key()) + " can become";
        }
        return null;
    }

    /** The key of {@code named} as the target template matched it (raw or percent-decoded), or null. */
    private static String matchedOutputKey(JobRecord.Ref target, OssUri named) {
        if (!named.bucket().equals(target.bucket())) {
            return null;
        }
        String template = target.key();
        if (TargetTemplate.matches(template, named.key())) {
            return named.key();
        }
        String decoded = OssUri.percentDecoded(named.key());
        return TargetTemplate.matches(template, decoded) ? decoded : null;
    }

    /**
     * What to verify after a success: only ever the job's own output. Its recorded target when that has no variables;
     * else the message's output, which {@link #mismatch} has matched with the target; else nothing.
     */
    private static JobRecord.Ref output(JobRecord job, Completion c) {
        if (!TargetTemplate.hasVariables(job.target().key())) {
            return job.target();
        }
        String key = c.target() == null ? null : matchedOutputKey(job.target(), c.target());
        return key == null ? null : new JobRecord.Ref(job.target().bucket(), key);
    }

    /** Records the output check ({@code concat-verified}) on the job record and the uploaded playlist. */
    public JobRecord recordVerification(String bucket, JobRecord r, Verification result, OssSession oss) {
        JobRecord v = r.verified(result, clock.instant());
        finish(oss, new JobRecord.Ref(bucket, recordKey(v.jobId())), v, origin(oss, v), "output checked");
        return v;
    }

    /** The uploaded playlist as it is now (its ETag guards the metadata copy), or null. */
    private static ObjectInfo origin(OssSession oss, JobRecord r) {
        return r.origin() == null
                ? null
                : oss.head(r.origin().bucket(), r.origin().key()).orElse(null);
    }

    private JobResult run(OssSession oss, Plan plan, ObjectInfo origin) {
        if (!plan.valid()) {
            throw new JobException(
                    JobException.Kind.INVALID,
                    "the playlist breaks " + plan.errors().size() + " rule(s)",
                    plan.errors(),
                    null);
        }
        Playlist p = plan.playlist();
        List<Violation> refused = allowList.check(p, Paths.PLAYLIST);
        if (!refused.isEmpty()) {
            throw new JobException(
                    JobException.Kind.NOT_ALLOWED,
                    "this deployment does not allow the playlist's " + "bucket or output",
                    refused,
                    null);
        }
        List<Violation> callback = callbacks.check(p);
        if (!callback.isEmpty()) {
            throw new JobException(JobException.Kind.INVALID, "the playlist's callback cannot be used", callback, null);
        }
        Map<String, String> etags = headClips(oss, p);
        String jobId = JobIds.of(p, plan.process(), etags);
        JobRecord.Ref record = new JobRecord.Ref(p.bucket(), recordKey(jobId));
        JobRecord claim = JobRecord.firstClaim(
                jobId,
                plan.process(),
                new JobRecord.Ref(p.bucket(), p.sourceClip().key()),
                new JobRecord.Ref(p.targetBucket(), p.output().key()),
                origin == null ? null : new JobRecord.Ref(origin.bucket(), origin.key()),
                PlaylistJson.write(p),
                UUID.randomUUID().toString(),
                clock.instant());
        if (claim(oss, record, claim)) {
            JobLog.changed(record.bucket(), claim, null);
            return submitClaimed(oss, record, claim, origin, plan.warnings());
        }
        return existing(oss, record, origin, plan.warnings());
    }

    /**
     * Creates the record with forbid-overwrite. A 409 or a lost answer is not yet a lost claim: the PUT may have
     * landed (the SDK's own retry then meets our first write), so the record is read back and the claim is ours
     * when it carries our token.
     */
    private boolean claim(OssSession oss, JobRecord.Ref record, JobRecord claim) {
        String token = claim.claim().token();
        try {
            if (write(oss, record, claim, true)) {
                return true;
            }
        } catch (OssCallFailed e) {
            if (!e.retryable()) {
                throw e;
            }
            if (read(oss, record).filter(r -> r.claimedWith(token)).isPresent()) {
                return true;
            }
            throw e;
        }
        return read(oss, record).filter(r -> r.claimedWith(token)).isPresent();
    }

    private String recordKey(String jobId) {
        return config.jobsPrefix() + jobId + ".json";
    }

    /** The object naming the job of a task, for {@code /notify}: IMM messages carry only the task ID. */
    public String taskIndexKey(String taskId) {
        return config.jobsPrefix() + "tasks/" + taskId;
    }

    /** HEAD of every distinct clip at once; the ETag of each, or 422 naming every missing one. */
    private Map<String, String> headClips(OssSession oss, Playlist p) {
        List<String> keys = new ArrayList<>(
                new LinkedHashSet<>(p.clips().stream().map(Clip::key).toList()));
        List<Future<Optional<ObjectInfo>>> heads = new ArrayList<>();
        for (String key : keys) {
            heads.add(io.submit(() -> oss.head(p.bucket(), key)));
        }
        Map<String, String> etags = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            await(heads.get(i)).ifPresent(info -> etags.put(info.key(), info.etag()));
        }
        List<Violation> missing = new ArrayList<>();
        for (int i = 0; i < p.clips().size(); i++) {
            String key = p.clips().get(i).key();
            if (!etags.containsKey(key)) {
                missing.add(Violation.error(
                        "clips[" + i + "].key",
                        "clip_missing",
                        "clip " + i + " '" + key + "' does not exist in bucket " + p.bucket()));
            }
        }
        if (!missing.isEmpty()) {
            throw new JobException(
                    JobException.Kind.CLIPS_MISSING, missing.size() + " clip(s) do not exist", missing, null);
        }
        return etags;
    }

    /**
     * Another delivery holds (or held) this job: answer with it, wait for it, submit it again, or give it up, as the
     * retry policy says ({@link JobRecord#onRedelivery}).
     */
    private JobResult existing(OssSession oss, JobRecord.Ref record, ObjectInfo origin, List<Violation> warnings) {
        // how long this delivery has waited is elapsed time, not a time of day: the clock may be moved (in tests)
        long deadline = System.nanoTime() + jobs.duplicateWait().toNanos();
        while (true) {
            Optional<JobRecord> found = read(oss, record);
            if (found.isEmpty()) {
                // deleted since the claim failed: nothing holds the job now
                throw new JobException(
                        JobException.Kind.OSS_UNAVAILABLE,
                        "the job record " + record.key() + " vanished while being claimed; try again",
                        List.of(),
                        null);
            }
            JobRecord current = found.get();
            switch (current.onRedelivery(maxAttempts(), jobs.takeoverAfter(), clock.instant())) {
                case RESUBMIT -> {
                    return takeOver(oss, record, current, origin, warnings);
                }
                case GIVE_UP -> {
                    return new JobResult(giveUp(oss, record, current, origin), true, warnings);
                }
                case ANSWER -> {
                    return new JobResult(current, true, warnings);
                }
                case WAIT -> {
                    if (System.nanoTime() - deadline >= 0) {
                        return new JobResult(current, true, warnings);
                    }
                }
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private int maxAttempts() {
        return Math.max(1, jobs.maxAttempts());
    }

    /**
     * Records an abandoned claim that has no automatic attempt left as failed. The record is read once more first:
     * if the claim changed meanwhile (its late claimer wrote its task ID, or an explicit retry claimed the next
     * attempt), that newer state is the answer and is left alone.
     */
    private JobRecord giveUp(OssSession oss, JobRecord.Ref record, JobRecord current, ObjectInfo origin) {
        JobRecord latest = read(oss, record).orElse(current);
        if (latest.state() != JobState.CLAIMED
                || !latest.claimedWith(current.claim().token())) {
            return latest;
        }
        String reason = "attempt " + current.attempt() + " of " + maxAttempts() + " left without a task ID"
                + (current.error() == null ? "" : " (" + current.error() + ")")
                + "; no automatic attempts are left: POST /retry submits it again";
        JobRecord failed = current.gaveUp(reason, clock.instant());
        finish(oss, record, failed, origin, null);
        return failed;
    }

    /**
     * Claims attempt {@code n+1} with forbid-overwrite, so that of several deliveries retrying the same failed or
     * abandoned job exactly one submits; the others answer with the record as they find it.
     */
    private JobResult takeOver(
            OssSession oss, JobRecord.Ref record, JobRecord current, ObjectInfo origin, List<Violation> warnings) {
        Instant now = clock.instant();
        JobRecord claimed = current.nextAttempt(UUID.randomUUID().toString(), now);
        String lease = config.jobsPrefix() + current.jobId() + ".attempt-" + claimed.attempt();
        if (!oss.put(
                record.bucket(),
                lease,
                now.toString().getBytes(StandardCharsets.UTF_8),
                "text/plain",
                Map.of("concat-job-id", current.jobId()),
                true)) {
            return new JobResult(read(oss, record).orElse(current), true, warnings);
        }
        write(oss, record, claimed, false);
        JobLog.changed(record.bucket(), claimed, "was " + current.state().wire());
        return submitClaimed(oss, record, claimed, origin, warnings);
    }

    /** What an explicit retry did; submission failures are thrown as {@link JobException}, as for a delivery. */
    public sealed interface Retried {

        /** The next attempt was submitted, or (when {@code duplicate}) a concurrent retry claimed it first. */
        record Submitted(JobResult result) implements Retried {}

        /** There is no such job in the bucket. */
        record NoSuchJob() implements Retried {}

        /** The job is not one to submit again: it may be running, or it succeeded, or its clips changed. */
        record NotRetryable(JobRecord record, String why) implements Retried {}
    }

    /**
     * Submits a job again because someone asked ({@code POST /retry}): a failure of either kind, a rejection, or an
     * abandoned claim, whatever the number of attempts so far. The job is checked like a delivery first: the
     * allow-lists as they are now, and the clips, which must exist and be the ones the job was made of (their ETags
     * are part of the job ID).
     */
    public Retried retry(String bucket, String jobId, OssSession oss) {
        JobRecord.Ref record = new JobRecord.Ref(bucket, recordKey(jobId));
        Optional<JobRecord> found = read(oss, record);
        if (found.isEmpty()) {
            return new Retried.NoSuchJob();
        }
        JobRecord current = found.get();
        if (!current.explicitlyRetryable(jobs.takeoverAfter(), clock.instant())) {
            return new Retried.NotRetryable(
                    current,
                    "job " + jobId + " is " + current.state().wire()
                            + (current.taskId() == null ? "" : " as task " + current.taskId())
                            + "; only a failed or rejected job, or a claim left without a task ID for "
                            + jobs.takeoverAfter() + ", is submitted again");
        }
        if (current.playlist() == null) {
            return new Retried.NotRetryable(current, "the job record has no playlist to check the job against");
        }
        Playlist p = allowedNow(current);
        if (!jobId.equals(JobIds.of(p, current.process(), headClips(oss, p)))) {
            return new Retried.NotRetryable(
                    current,
                    "a clip of job " + jobId + " changed since the job was made (its ETag is part of the job ID); "
                            + "post the playlist to /concat as a new job");
        }
        LOG.infof("job %s: explicit retry of a %s job", jobId, current.state().wire());
        return new Retried.Submitted(takeOver(oss, record, current, origin(oss, current), List.of()));
    }

    /** The job's playlist, if the allow-lists as they are now still allow it. */
    private Playlist allowedNow(JobRecord current) {
        Playlist p = PlaylistJson.read(current.playlist()).playlist();
        List<Violation> refused = allowList.check(p, Paths.PLAYLIST);
        if (!refused.isEmpty()) {
            throw new JobException(
                    JobException.Kind.NOT_ALLOWED,
                    "this deployment does not allow the job's bucket or output any more",
                    refused,
                    current);
        }
        return p;
    }

    private JobResult submitClaimed(
            OssSession oss, JobRecord.Ref record, JobRecord claim, ObjectInfo origin, List<Violation> warnings) {
        ChunkPlan tree = chunkPlan(claim);
        if (tree != null && tree.chunked()) {
            return new JobResult(startChunks(oss, record, claim, tree, origin), false, warnings);
        }
        Submission s = oss.submit(claim.source().bucket(), claim.source().key(), claim.process());
        Instant now = clock.instant();
        if (s instanceof Submission.Accepted a) {
            JobRecord done = claim.submitted(new JobRecord.Task(a.taskId(), a.eventId(), a.requestId(), now));
            finish(oss, record, done, origin, null);
            return new JobResult(done, false, warnings);
        }
        if (s instanceof Submission.Rejected r) {
            JobRecord rejected = claim.rejected(r.code() + ": " + r.message(), now);
            finish(oss, record, rejected, origin, null);
            throw new JobException(
                    JobException.Kind.OSS_REJECTED,
                    "OSS refused the process string: " + r.code() + ": " + r.message(),
                    List.of(),
                    rejected);
        }
        if (s instanceof Submission.Refused r) {
            // Not the playlist's fault: the job is failed, not rejected, and a later delivery submits it once the
            // credentials or permissions are fixed. The caller is told that repeating the call as it is won't help.
            JobRecord failed = claim.submissionFailed(r.code() + ": " + r.message(), now);
            finish(oss, record, failed, origin, null);
            throw new JobException(
                    JobException.Kind.OSS_REFUSED,
                    "OSS refused the submission: " + r.code() + ": " + r.message(),
                    List.of(),
                    failed);
        }
        if (s instanceof Submission.Failed f) {
            JobRecord failed = claim.submissionFailed(f.message(), now);
            finish(oss, record, failed, origin, null);
            throw new JobException(
                    JobException.Kind.OSS_UNAVAILABLE, "OSS did not take the task: " + f.message(), List.of(), failed);
        }
        Submission.Unknown u = (Submission.Unknown) s;
        // No answer: a task may exist. The claim stays, so retries answer as duplicates instead of submitting
        // again, until the takeover window says the claim is abandoned.
        JobRecord unknown = claim.answerLost(u.message(), now);
        write(oss, record, unknown, false);
        JobLog.changed(record.bucket(), unknown, "the answer was lost: " + u.message() + "; left claimed");
        throw new JobException(JobException.Kind.OSS_UNAVAILABLE, u.message(), List.of(), unknown);
    }

    /**
     * Writes the outcome to the job record, the uploaded playlist object and, once there is a task ID, the task
     * index that {@code /notify} finds the job by: all at once (one round trip).
     */
    /** @param note what the job's log line adds to its state and reason, or null (see {@link JobLog}) */
    private void finish(OssSession oss, JobRecord.Ref record, JobRecord r, ObjectInfo origin, String note) {
        finish(oss, record, r, origin, note, null);
    }

    /** @param part the attempt of a chunked job's part that the record's task is, or null for a one-task job */
    private void finish(
            OssSession oss, JobRecord.Ref record, JobRecord r, ObjectInfo origin, String note, ChunkRun.Attempt part) {
        Future<Boolean> originWrite = origin == null ? null : io.submit(() -> oss.addMetadata(origin, r.metadata()));
        // a verified record only adds the check: its index was written with its task (and a chunked job's names the
        // part, which a rewrite without it would lose)
        Future<Boolean> indexWrite = r.taskId() == null || r.verification() != null
                ? null
                : io.submit(() -> writeIndex(oss, record.bucket(), r.jobId(), r.taskId(), part));
        try {
            write(oss, record, r, false);
            JobLog.changed(record.bucket(), r, note);
            ended(oss, record, r);
        } catch (OssCallFailed e) {
            LOG.errorf(
                    "job %s: %s is %s (task %s) but the record could not be written: %s",
                    r.jobId(), record.key(), r.state().wire(), r.taskId(), Untrusted.value(e.getMessage()));
            throw new JobException(
                    JobException.Kind.OSS_UNAVAILABLE,
                    "the job is " + r.state().wire()
                            + (r.taskId() == null ? "" : " as task " + r.taskId())
                            + " but its record could not be written: " + e.getMessage(),
                    List.of(),
                    r);
        }
        if (indexWrite != null) {
            try {
                await(indexWrite);
            } catch (OssCallFailed e) {
                LOG.errorf(
                        "job %s: the task index for %s could not be written (%s); its completion message will "
                                + "not find the job",
                        r.jobId(), r.taskId(), Untrusted.value(e.getMessage()));
            }
        }
        if (originWrite != null && !await(originWrite)) {
            LOG.warnf(
                    "job %s: playlist %s/%s changed since it was read; its metadata was left alone",
                    r.jobId(), Untrusted.value(origin.bucket()), Untrusted.value(origin.key()));
        }
    }

    /**
     * Every end of a job passes here, once, after its record is written: succeeded, failed, rejected, and verified
     * (chunked jobs too: their last task is an ordinary task). Sends the end to the playlist's callback, if any; a
     * delivery that fails is kept and retried by {@link Callbacks}, never an error of the job.
     */
    private void ended(OssSession oss, JobRecord.Ref record, JobRecord r) {
        JobEvent event = r.endEvent();
        String url = r.callbackUrl();
        if (event != null && url != null) {
            callbacks.ended(oss, record.bucket(), url, event);
        }
    }

    /** What {@code POST /replay} did. */
    public sealed interface Replayed {

        /** The event was sent (or kept for a retry): {@code outcome} says how it went. */
        record Sent(Deliveries.Outcome outcome) implements Replayed {}

        /** There is no such job in the bucket. */
        record NoSuchJob() implements Replayed {}

        /** The job has not ended, or has no callback. */
        record NothingToSend(JobRecord record, String why) implements Replayed {}
    }

    /**
     * Sends a job's latest end to its callback again, now ({@code POST /replay}): the same event, {@code id} included,
     * checked against the allow-lists and the callback policy as they are now.
     */
    public Replayed replay(String bucket, String jobId, OssSession oss) {
        Optional<JobRecord> found = read(oss, new JobRecord.Ref(bucket, recordKey(jobId)));
        if (found.isEmpty()) {
            return new Replayed.NoSuchJob();
        }
        JobRecord r = found.get();
        JobEvent event = r.endEvent();
        if (event == null) {
            return new Replayed.NothingToSend(
                    r, "job " + jobId + " is " + r.state().wire() + ": it has not ended, so there is no event to send");
        }
        String url = r.callbackUrl();
        if (url == null) {
            return new Replayed.NothingToSend(r, "job " + jobId + " has no callback");
        }
        Playlist p = allowedNow(r);
        List<Violation> callback = callbacks.check(p);
        if (!callback.isEmpty()) {
            throw new JobException(JobException.Kind.INVALID, "the job's callback cannot be used", callback, r);
        }
        return new Replayed.Sent(callbacks.replay(oss, bucket, url, event));
    }

    // ---- chunked jobs (docs/chunked.md) ---------------------------------------------------------------------

    /** The task index's metadata naming the part attempt a task is; absent for a one-task job's task. */
    static final String PART_META = "concat-part";

    private boolean writeIndex(OssSession oss, String bucket, String jobId, String taskId, ChunkRun.Attempt part) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("concat-job-id", jobId);
        if (part != null) {
            meta.put(PART_META, part.wire());
        }
        return oss.put(bucket, taskIndexKey(taskId), jobId.getBytes(StandardCharsets.UTF_8), "text/plain", meta, false);
    }

    /** The job's tree of tasks, or null when its record has no readable playlist. */
    public ChunkPlan chunkPlan(JobRecord r) {
        if (r.playlist() == null) {
            return null;
        }
        try {
            return ChunkPlan.of(PlaylistJson.read(r.playlist()).playlist(), partsPrefix(r.jobId()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String partsPrefix(String jobId) {
        return ChunkRun.partsPrefix(config.jobsPrefix(), jobId);
    }

    /**
     * A chunked job's attempt: the record says submitted (before any part is, so that a part finishing at once
     * finds it so), then its failed parts are submitted again and whatever is ready is submitted.
     */
    private JobRecord startChunks(
            OssSession oss, JobRecord.Ref record, JobRecord claim, ChunkPlan tree, ObjectInfo origin) {
        JobRecord started = claim.chunkStarted(clock.instant());
        finish(
                oss,
                record,
                started,
                origin,
                tree.tasks() + " tasks in " + tree.levels().size() + " levels");
        String prefix = partsPrefix(started.jobId());
        Progress progress = ChunkRun.progress(tree, prefix, listKeys(oss, record.bucket(), prefix));
        return advance(oss, record, started, tree, ChunkRun.restart(tree, progress));
    }

    /**
     * Carries out a decision: submits each attempt it names (in parallel; each claimed first), or fails the job. A
     * submission that fails is a part failure like a failed task, and goes through the same policy.
     */
    private JobRecord advance(OssSession oss, JobRecord.Ref record, JobRecord job, ChunkPlan tree, ChunkRun.Next next) {
        // the uploaded playlist's metadata is written from its current state, read at each write (its ETag guards it)
        if (next instanceof ChunkRun.Next.Fail f) {
            JobRecord failed = job.taskFailed(clock.instant(), f.error(), f.kind(), clock.instant());
            finish(oss, record, failed, origin(oss, failed), null, null);
            return failed;
        }
        List<ChunkRun.Attempt> attempts = ((ChunkRun.Next.Submit) next).attempts();
        List<Future<PartSubmission>> running = new ArrayList<>();
        for (ChunkRun.Attempt a : attempts) {
            running.add(io.submit(() -> submitPart(oss, record.bucket(), job, tree, a)));
        }
        JobRecord current = job;
        for (int i = 0; i < attempts.size(); i++) {
            ChunkRun.Attempt a = attempts.get(i);
            PartSubmission s = await(running.get(i));
            ChunkPlan.Part p = tree.part(a.level(), a.index());
            if (s instanceof PartSubmission.Accepted ok && p == tree.last()) {
                current = current.finalSubmitted(ok.task());
                finish(oss, record, current, origin(oss, current), "final task of " + tree.tasks(), a);
            } else if (s instanceof PartSubmission.Failed bad) {
                Progress progress = ChunkRun.progress(
                        tree, partsPrefix(job.jobId()), listKeys(oss, record.bucket(), partsPrefix(job.jobId())));
                current = advance(
                        oss,
                        record,
                        current,
                        tree,
                        ChunkRun.afterFailure(p, progress, bad.error(), bad.kind(), maxAttempts()));
                if (current.state() != JobState.SUBMITTED) {
                    return current;
                }
            }
        }
        return current;
    }

    /** What submitting one part attempt came to. */
    private sealed interface PartSubmission {
        record Accepted(JobRecord.Task task) implements PartSubmission {}

        /** Another delivery claimed this attempt first. */
        record Lost() implements PartSubmission {}

        record Failed(String error, FailureKind kind) implements PartSubmission {}
    }

    /**
     * Claims attempt {@code a} (its state object, with forbid-overwrite), submits the part's task posted on its
     * first input, and records the task ID in the attempt object and then in the task index, in that order: a
     * completion that finds the index finds the task ID too. A submission that fails leaves its {@code .failed}.
     */
    private PartSubmission submitPart(
            OssSession oss, String bucket, JobRecord job, ChunkPlan tree, ChunkRun.Attempt a) {
        String prefix = partsPrefix(job.jobId());
        Instant now = clock.instant();
        ObjectNode claim = JSON_NODES
                .objectNode()
                .put("part", a.wire())
                .put("claimedAt", now.toString())
                .putNull("taskId");
        if (!oss.put(bucket, ChunkRun.attemptKey(prefix, a), json(claim), JSON_TYPE, Map.of(), true)) {
            return new PartSubmission.Lost();
        }
        Playlist task = tree.part(a.level(), a.index()).task();
        Submission s = oss.submit(bucket, task.sourceClip().key(), ProcessRenderer.render(task));
        if (s instanceof Submission.Accepted ok) {
            JobRecord.Task t = new JobRecord.Task(ok.taskId(), ok.eventId(), ok.requestId(), clock.instant());
            claim.put("taskId", t.taskId())
                    .put("eventId", t.eventId())
                    .put("requestId", t.requestId())
                    .put("submittedAt", t.submittedAt().toString());
            oss.put(bucket, ChunkRun.attemptKey(prefix, a), json(claim), JSON_TYPE, Map.of(), false);
            writeIndex(oss, bucket, job.jobId(), t.taskId(), a);
            LOG.infof("job %s: part %s submitted as task %s", job.jobId(), a.wire(), t.taskId());
            return new PartSubmission.Accepted(t);
        }
        String error;
        FailureKind kind;
        if (s instanceof Submission.Rejected r) {
            error = "OSS refused the process string: " + r.code() + ": " + r.message();
            kind = FailureKind.PERMANENT;
        } else if (s instanceof Submission.Refused r) {
            error = "OSS refused the submission: " + r.code() + ": " + r.message();
            kind = FailureKind.TRANSIENT;
        } else if (s instanceof Submission.Failed f) {
            error = "OSS did not take the task: " + f.message();
            kind = FailureKind.TRANSIENT;
        } else {
            // no answer: a task may run; its completion still counts if it names the recorded task (it cannot)
            error = "OSS's answer was lost: " + ((Submission.Unknown) s).message();
            kind = FailureKind.TRANSIENT;
        }
        marker(oss, bucket, prefix, a, null, error, kind);
        return new PartSubmission.Failed(JobRecord.errorValue(error), kind);
    }

    private void marker(
            OssSession oss,
            String bucket,
            String prefix,
            ChunkRun.Attempt a,
            String taskId,
            String error,
            FailureKind kind) {
        ObjectNode n = JSON_NODES
                .objectNode()
                .put("part", a.wire())
                .put("taskId", taskId)
                .put("at", clock.instant().toString());
        if (error != null) {
            n.put("error", JobRecord.errorValue(error)).put("failure", kind.wire());
        }
        oss.put(bucket, ChunkRun.markerKey(prefix, a, error == null), json(n), JSON_TYPE, Map.of(), false);
    }

    /**
     * A completion message of a chunked job's part. It counts only for the task its attempt object records, only
     * when it names that task's source object and output, and only while the job runs. A success is marked and the
     * parts it made ready are submitted; a failure is marked and goes through the failure policy. The last task's
     * end is the job's end, recorded through the one terminal path every job takes.
     */
    private Completed completePart(
            JobRecord.Ref ref, JobRecord job, ChunkRun.Attempt a, Completion c, boolean authenticated, OssSession oss) {
        ChunkPlan tree = chunkPlan(job);
        ChunkPlan.Part p = tree == null || a == null ? null : tree.part(a.level(), a.index());
        if (p == null) {
            return new Completed(Completed.Result.UNKNOWN, null);
        }
        if (job.state() != JobState.SUBMITTED) {
            return new Completed(Completed.Result.DUPLICATE, job);
        }
        String prefix = partsPrefix(job.jobId());
        String recorded = recordedTaskId(oss, ref.bucket(), prefix, a);
        if (!c.taskId().equals(recorded)) {
            return new Completed(Completed.Result.STALE, job);
        }
        boolean last = p == tree.last();
        JobRecord.Ref source =
                new JobRecord.Ref(ref.bucket(), p.task().sourceClip().key());
        String mismatch = mismatch(source, last ? job.target() : new JobRecord.Ref(ref.bucket(), p.key()), c);
        if (mismatch != null) {
            LOG.warnf("job %s: a message about task %s was not taken: %s", job.jobId(), c.taskId(), mismatch);
            return new Completed(Completed.Result.MISMATCH, job, null, mismatch);
        }
        if (!c.finished()) {
            return new Completed(Completed.Result.RUNNING, job);
        }
        Instant now = clock.instant();
        Instant end = JobRecord.parseTime(c.endTime()).orElse(now);
        String error = c.succeeded() ? null : ChunkRun.name(p) + " task: " + c.code() + ": " + c.message();
        FailureKind kind = authenticated ? TaskFailures.classify(c.code()) : FailureKind.PERMANENT;
        marker(oss, ref.bucket(), prefix, a, c.taskId(), error, kind);
        Progress progress = ChunkRun.progress(tree, prefix, listKeys(oss, ref.bucket(), prefix));
        if (last && c.succeeded()) {
            JobRecord done = job.succeeded(end, now);
            finish(oss, ref, done, origin(oss, job), null, a);
            deleteParts(oss, ref.bucket(), prefix);
            return new Completed(Completed.Result.UPDATED, done, output(done, c), null);
        }
        ChunkRun.Next next = c.succeeded()
                ? ChunkRun.afterSuccess(tree, progress)
                : ChunkRun.afterFailure(p, progress, c.code() + ": " + c.message(), kind, maxAttempts());
        if (next instanceof ChunkRun.Next.Fail f && last) {
            // the job's own task failed for good: the same terminal record as a one-task job's
            JobRecord failed = job.taskFailed(end, f.error(), f.kind(), now);
            finish(oss, ref, failed, origin(oss, job), null, a);
            return new Completed(Completed.Result.UPDATED, failed);
        }
        return new Completed(Completed.Result.UPDATED, advance(oss, ref, job, tree, next));
    }

    /** The parts' media, once the output exists; their small state objects stay, for {@code /status}. */
    private void deleteParts(OssSession oss, String bucket, String prefix) {
        List<Future<?>> deletes = new ArrayList<>();
        for (String key : listKeys(oss, bucket, prefix)) {
            if (!ChunkRun.stateObject(prefix, key)) {
                deletes.add(io.submit(() -> oss.delete(bucket, key)));
            }
        }
        for (Future<?> d : deletes) {
            try {
                await(d);
            } catch (OssCallFailed e) {
                // the lifecycle rule of docs/chunked.md removes what is left
                LOG.warnf("a part under %s could not be deleted: %s", prefix, Untrusted.value(e.getMessage()));
            }
        }
    }

    /** The task ID an attempt object records, or null (not yet submitted, gone, or unreadable). */
    private static String recordedTaskId(OssSession oss, String bucket, String prefix, ChunkRun.Attempt a) {
        return oss.get(bucket, ChunkRun.attemptKey(prefix, a), 64 * 1024)
                .map(content -> {
                    try {
                        return JSON.readTree(content.bytes()).path("taskId").asText(null);
                    } catch (IOException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    private static List<String> listKeys(OssSession oss, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            OssSession.Page page = oss.list(bucket, prefix, token, 1000);
            page.objects().forEach(o -> keys.add(o.key()));
            token = page.next();
        } while (token != null);
        return keys;
    }

    /**
     * A chunked job's parts as {@code /status} shows them: the state of each from one listing, its latest task ID
     * from its attempt object (read in parallel), and the last task from the job record.
     */
    public Progress chunkProgress(String bucket, JobRecord r, ChunkPlan tree, OssSession oss) {
        String prefix = partsPrefix(r.jobId());
        Progress listed = ChunkRun.progress(tree, prefix, listKeys(oss, bucket, prefix));
        List<Future<String>> taskIds = new ArrayList<>();
        for (Progress.PartState s : listed.parts()) {
            taskIds.add(
                    s.attempts() == 0
                            ? null
                            : io.submit(() -> recordedTaskId(
                                    oss, bucket, prefix, new ChunkRun.Attempt(s.level(), s.index(), s.attempts()))));
        }
        List<Progress.PartState> parts = new ArrayList<>();
        for (int i = 0; i < listed.parts().size(); i++) {
            Progress.PartState s = listed.parts().get(i);
            parts.add(new Progress.PartState(
                    s.level(),
                    s.index(),
                    s.state(),
                    taskIds.get(i) == null ? null : await(taskIds.get(i)),
                    s.attempts(),
                    null));
        }
        return new Progress(parts);
    }

    private static byte[] json(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean write(OssSession oss, JobRecord.Ref ref, JobRecord r, boolean onlyIfAbsent) {
        return oss.put(ref.bucket(), ref.key(), r.toJson(), JSON_TYPE, r.metadata(), onlyIfAbsent);
    }

    private static Optional<JobRecord> read(OssSession oss, JobRecord.Ref ref) {
        return oss.get(ref.bucket(), ref.key(), 1 << 20).map(c -> {
            try {
                return JobRecord.fromJson(c.bytes());
            } catch (Exception e) {
                throw new OssCallFailed(
                        "CorruptRecord",
                        "the job record " + ref.key() + " is not readable: " + e.getMessage(),
                        false,
                        e);
            }
        });
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
