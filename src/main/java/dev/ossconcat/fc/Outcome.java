package dev.ossconcat.fc;

import dev.ossconcat.http.Problem;
import java.util.List;

/**
 * What became of one event record (one uploaded object, or one timer tick).
 *
 * @param result    {@code submitted}, {@code duplicate}, {@code ignored}, {@code empty}, {@code rejected} (permanently
 *                  bad, not retried) or {@code failed} (retryable)
 * @param retryable whether Function Compute should deliver the event again
 */
public record Outcome(
        String source,
        String result,
        String jobId,
        String taskId,
        String reason,
        List<Problem> violations,
        boolean retryable) {

    static Outcome ignored(String source, String reason) {
        return new Outcome(source, "ignored", null, null, reason, null, false);
    }
}
