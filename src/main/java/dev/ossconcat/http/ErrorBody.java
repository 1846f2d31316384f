package dev.ossconcat.http;

import java.util.List;

/**
 * The one error shape of every HTTP answer (docs/api.md).
 *
 * @param error      stable code
 * @param message    one sentence
 * @param violations the findings behind a 400, if any
 * @param retryable  for 502/503: whether trying again may help
 * @param jobId      the job concerned, when it got as far as having one
 */
public record ErrorBody(String error, String message, List<Problem> violations, Boolean retryable, String jobId) {

    public ErrorBody(String error, String message, List<Problem> violations, Boolean retryable) {
        this(error, message, violations, retryable, null);
    }
}
