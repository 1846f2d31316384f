package dev.ossconcat.http;

import java.util.List;

/**
 * The one error shape of every HTTP answer (docs/api.md).
 *
 * @param error           stable code
 * @param message         one sentence
 * @param violations      the findings behind the error, if any: the first {@link Problem#MAX_LISTED}
 * @param violationsTotal how many findings there were, when {@code violations} lists only the first ones
 * @param retryable       for 500/502/503: whether trying again may help
 * @param jobId           the job concerned, when it got as far as having one
 */
public record ErrorBody(
        String error,
        String message,
        List<Problem> violations,
        Integer violationsTotal,
        Boolean retryable,
        String jobId) {

    public ErrorBody {
        violationsTotal = Problem.total(violations, violationsTotal);
        violations = Problem.cut(violations);
    }

    public ErrorBody(String error, String message, List<Problem> violations, Boolean retryable) {
        this(error, message, violations, null, retryable, null);
    }

    public ErrorBody(String error, String message, List<Problem> violations, Boolean retryable, String jobId) {
        this(error, message, violations, null, retryable, jobId);
    }
}
