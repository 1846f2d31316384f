package dev.ossconcat.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code x-fc-status} on every {@code /invoke} answer: 404 (deliver the event again) only when a redelivery can help,
 * else 200. FC counts an answer without it as a success, which would end retries; an answer of 404 to an event that
 * can never succeed would make FC deliver it again and again, up to {@code maxAsyncRetryAttempts}.
 *
 * <p>What the answer says decides: {@link InvokeFunction} says whether an outcome is retryable, and
 * {@link HttpErrors} says so for error bodies ({@code retryable}: true only for 500 {@code internal} and 503
 * {@code oss_unavailable}); every 4xx is permanent. An answer that says nothing is retried when it is a 5xx.
 */
@Singleton
public class FcStatus {

    private static final String RETRY = "concat.fc.retry";
    private static final String MARKED = "concat.fc.marked";

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    mark(rc);
                    rc.next();
                },
                100);
    }

    /**
     * Makes an {@code /invoke} answer carry {@code x-fc-status}; does nothing for other paths or when done already.
     * Besides the filter, {@link HttpErrors} calls it: some failures (a body over the limit) are answered before
     * any filter has run.
     */
    static void mark(RoutingContext rc) {
        if (!"/invoke".equals(rc.normalizedPath()) || rc.get(MARKED) != null) {
            return;
        }
        rc.put(MARKED, Boolean.TRUE);
        rc.addHeadersEndHandler(v -> rc.response().putHeader("x-fc-status", redeliver(rc) ? "404" : "200"));
    }

    /** Records whether the answer asks Function Compute to deliver the event again. */
    static void retry(RoutingContext rc, boolean retry) {
        rc.put(RETRY, retry);
    }

    private static boolean redeliver(RoutingContext rc) {
        Boolean said = rc.get(RETRY);
        return said != null ? said : rc.response().getStatusCode() >= 500;
    }
}
