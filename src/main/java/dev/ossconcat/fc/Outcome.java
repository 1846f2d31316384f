package dev.ossconcat.fc;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.ossconcat.http.Problem;
import java.util.List;
import java.util.Locale;

/**
 * What became of one event record (one uploaded object, or one timer tick).
 *
 * @param violations      the first {@link Problem#MAX_LISTED} findings behind a rejection
 * @param violationsTotal how many findings there were, when {@code violations} lists only the first ones
 * @param retryable       whether Function Compute should deliver the event again
 */
public record Outcome(
        String source,
        Result result,
        String jobId,
        String taskId,
        String reason,
        List<Problem> violations,
        Integer violationsTotal,
        boolean retryable) {

    public Outcome {
        violationsTotal = Problem.total(violations, violationsTotal);
        violations = Problem.cut(violations);
    }

    public Outcome(
            String source,
            Result result,
            String jobId,
            String taskId,
            String reason,
            List<Problem> violations,
            boolean retryable) {
        this(source, result, jobId, taskId, reason, violations, null, retryable);
    }

    /** The {@code result} of {@code /invoke}'s answer, as docs/api.md lists it. */
    public enum Result {
        /** A job was submitted for this event. */
        SUBMITTED,
        /** The event's job exists already (a redelivery, or a retried tick). */
        DUPLICATE,
        /** The event does not start jobs (another event type, another prefix, the function's own writes). */
        IGNORED,
        /** A timer tick found nothing to join. */
        EMPTY,
        /** Permanently bad: recorded, not retried. */
        REJECTED,
        /** Not done yet, and a redelivery can help: retried. */
        FAILED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Permanently bad: answered, recorded where possible, never retried. */
    public static Outcome rejected(String source, String reason) {
        return new Outcome(source, Result.REJECTED, null, null, reason, null, false);
    }

    static Outcome ignored(String source, String reason) {
        return new Outcome(source, Result.IGNORED, null, null, reason, null, false);
    }
}
