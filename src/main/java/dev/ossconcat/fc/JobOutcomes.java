package dev.ossconcat.fc;

import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobException;
import dev.ossconcat.job.JobResult;
import dev.ossconcat.job.JobState;
import dev.ossconcat.oss.OssCallFailed;
import java.util.function.Supplier;

/**
 * Turns a pipeline run into an event outcome: retryable only where a later delivery can succeed (OSS unavailable,
 * clips not there yet); everything else is permanent, so Function Compute does not retry it forever.
 */
final class JobOutcomes {

    private JobOutcomes() {}

    static Outcome run(String source, Supplier<JobResult> job) {
        try {
            JobResult r = job.get();
            if (r.duplicate() && r.record().state() == JobState.CLAIMED) {
                // Held by a delivery that has no task ID yet (or lost OSS's answer). Ask FC to deliver again:
                // a later delivery finds it submitted, or takes the claim over once it is abandoned. Answering
                // 200 here would end FC's retries and could leave the job claimed for good.
                return new Outcome(
                        source,
                        Outcome.Result.FAILED,
                        r.record().jobId(),
                        null,
                        "the job is claimed by another "
                                + "delivery and has no task ID yet"
                                + (r.record().error() == null
                                        ? ""
                                        : " (" + r.record().error() + ")"),
                        null,
                        true);
            }
            return new Outcome(
                    source,
                    r.duplicate() ? Outcome.Result.DUPLICATE : Outcome.Result.SUBMITTED,
                    r.record().jobId(),
                    r.record().taskId(),
                    null,
                    null,
                    false);
        } catch (JobException e) {
            String jobId = e.record() == null ? null : e.record().jobId();
            return switch (e.kind()) {
                case INVALID, NOT_ALLOWED, OSS_REJECTED, OSS_REFUSED ->
                    new Outcome(
                            source,
                            Outcome.Result.REJECTED,
                            jobId,
                            null,
                            e.getMessage(),
                            Problem.of(e.violations()),
                            false);
                // clips may still be on their way (uploaded after the playlist): a redelivery can succeed
                case CLIPS_MISSING, OSS_UNAVAILABLE ->
                    new Outcome(
                            source,
                            Outcome.Result.FAILED,
                            jobId,
                            null,
                            e.getMessage(),
                            Problem.of(e.violations()),
                            true);
            };
        } catch (OssCallFailed e) {
            return ossFailed(source, e);
        }
    }

    /** An OSS call failed before there was a job: retried when OSS may answer later, else permanently bad. */
    static Outcome ossFailed(String source, OssCallFailed e) {
        return new Outcome(
                source,
                e.retryable() ? Outcome.Result.FAILED : Outcome.Result.REJECTED,
                null,
                null,
                e.getMessage(),
                null,
                e.retryable());
    }
}
