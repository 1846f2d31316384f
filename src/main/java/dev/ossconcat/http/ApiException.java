package dev.ossconcat.http;

import java.util.List;

/**
 * A request that ends in an error status with the documented error body (docs/api.md). Functions throw it; {@link HttpErrors}
 * turns it into the response, because Funqy 3.34 would answer every exception with a bare 500.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final ErrorBody body;

    public ApiException(int status, String error, String message, List<Problem> violations, Boolean retryable) {
        this(status, error, message, violations, retryable, null);
    }

    public ApiException(
            int status, String error, String message, List<Problem> violations, Boolean retryable, String jobId) {
        super(error + ": " + message, null, false, false);
        this.status = status;
        this.body = new ErrorBody(
                error, message, violations == null || violations.isEmpty() ? null : violations, retryable, jobId);
    }

    public static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, message, null, null);
    }

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return body;
    }
}
