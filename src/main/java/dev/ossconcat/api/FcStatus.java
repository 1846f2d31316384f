package dev.ossconcat.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code x-fc-status} on every {@code /invoke} answer: 404 (deliver the event again) for 5xx answers and for
 * retryable outcomes, else 200. FC counts an answer without it as a success, which would end retries.
 */
@Singleton
public class FcStatus {

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    if ("/invoke".equals(rc.normalizedPath())) {
                        rc.addHeadersEndHandler(v -> rc.response()
                                .putHeader(
                                        "x-fc-status",
                                        rc.response().getStatusCode() >= 500
                                                        || Boolean.TRUE.equals(rc.get(InvokeFunction.RETRY))
                                                ? "404"
                                                : "200"));
                    }
                    rc.next();
                },
                100);
    }
}
