package dev.ossconcat.guard;

import dev.ossconcat.http.ErrorBody;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * The optional API token of the frontend calls. Compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * neither the content nor the length of the token leaks through timing. {@code /invoke} is not covered: on FC it
 * takes only FC's own event calls (x-fc-control-path), which carry no token.
 */
@Singleton
public class BearerToken {

    static final Set<String> GUARDED = Set.of("/concat", "/status", "/validate", "/retry");

    private final byte[] expected;

    public BearerToken(GuardConfig config) {
        this.expected = config.apiToken()
                .filter(t -> !t.isBlank())
                .map(BearerToken::digest)
                .orElse(null);
    }

    void register(@Observes Filters filters) {
        if (expected == null) {
            return;
        }
        filters.register(
                rc -> {
                    if (GUARDED.contains(rc.normalizedPath())
                            && !"OPTIONS".equals(rc.request().method().name())) {
                        String auth = rc.request().getHeader("Authorization");
                        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                                ? auth.substring(7).trim()
                                : null;
                        if (given == null || !MessageDigest.isEqual(expected, digest(given))) {
                            rc.response()
                                    .setStatusCode(401)
                                    .putHeader("WWW-Authenticate", "Bearer")
                                    .putHeader("Content-Type", "application/json")
                                    .end(Json.encode(new ErrorBody(
                                            "unauthorized",
                                            given == null
                                                    ? "this call needs Authorization: Bearer <token>"
                                                    : "the bearer token is wrong",
                                            null,
                                            null)));
                            return;
                        }
                    }
                    rc.next();
                },
                50);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
