package dev.ossconcat.oss;

import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.DefaultCredentials;
import java.util.Optional;
import java.util.function.Function;

/** Where OSS credentials come from: Function Compute's per-request headers, or explicit values. */
public final class RequestCredentials {

    private RequestCredentials() {}

    public static Credentials of(String accessKeyId, String secret, String token) {
        return token == null || token.isEmpty()
                ? new DefaultCredentials(accessKeyId, secret)
                : new DefaultCredentials(accessKeyId, secret, token);
    }

    /**
     * The STS credentials Function Compute hands every request in {@code x-fc-access-key-id}, {@code -secret} and
     * {@code x-fc-security-token}; empty when absent (a local run). They are fresh per request and may rotate
     * between requests, which is why they are read per request and never cached by the instance.
     */
    public static Optional<Credentials> fromFcHeaders(Function<String, String> header) {
        String id = header.apply("x-fc-access-key-id");
        String secret = header.apply("x-fc-access-key-secret");
        return id == null || secret == null
                ? Optional.empty()
                : Optional.of(of(id, secret, header.apply("x-fc-security-token")));
    }
}
