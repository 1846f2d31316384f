package dev.ossconcat.oss;

/**
 * OSS could not do what was asked. {@code retryable}: the same call may succeed later (network, throttling, 5xx);
 * otherwise OSS refused it (4xx) and repeating will not help.
 */
public class OssCallFailed extends RuntimeException {

    private final boolean retryable;
    private final String code;

    public OssCallFailed(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    public String code() {
        return code;
    }
}
