package dev.ossconcat.oss;

import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentials;
import java.util.concurrent.Callable;

/**
 * Credentials for the OSS call running on this thread. Function Compute hands fresh STS credentials to every
 * request; one shared client (one connection pool) signs each call with the credentials of the request it serves.
 */
public final class RequestCredentials implements CredentialsProvider {

    private static final ThreadLocal<Credentials> CURRENT = new ThreadLocal<>();
    private final Credentials fallback;

    /** @param fallback used when no request bound its own: ALIBABA_CLOUD_* or configuration */
    public RequestCredentials(Credentials fallback) {
        this.fallback = fallback;
    }

    public static Credentials of(String accessKeyId, String secret, String token) {
        return token == null || token.isEmpty()
                ? new DefaultCredentials(accessKeyId, secret)
                : new DefaultCredentials(accessKeyId, secret, token);
    }

    /**
     * The STS credentials Function Compute hands every request in {@code x-fc-access-key-id}, {@code -secret} and
     * {@code x-fc-security-token}; null when absent (a local run), so that the fallback applies.
     */
    public static Credentials fromFcHeaders(java.util.function.Function<String, String> header) {
        String id = header.apply("x-fc-access-key-id");
        String secret = header.apply("x-fc-access-key-secret");
        return id == null || secret == null ? null : of(id, secret, header.apply("x-fc-security-token"));
    }

    /** Runs {@code work} with {@code credentials} bound to this thread (null: the fallback). */
    public static <T> T with(Credentials credentials, Callable<T> work) throws Exception {
        Credentials previous = CURRENT.get();
        CURRENT.set(credentials);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static Credentials current() {
        return CURRENT.get();
    }

    @Override
    public void setCredentials(Credentials creds) {
        throw new UnsupportedOperationException("credentials are bound per request");
    }

    @Override
    public Credentials getCredentials() {
        Credentials c = CURRENT.get();
        if (c == null && fallback == null) {
            throw new IllegalStateException("no OSS credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                    + "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or concat.oss.access-key-id and -secret");
        }
        return c != null ? c : fallback;
    }
}
