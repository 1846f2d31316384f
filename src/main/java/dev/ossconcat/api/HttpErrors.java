package dev.ossconcat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.playlist.PlaylistFile;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Gives every failed request the documented JSON error body (docs/api.md). Funqy 3.34 answers a thrown exception with a bare
 * 500 and malformed JSON with a bare 400 (after logging a stack trace, which {@code log.LogLines} drops);
 * this failure handler runs before Vert.x's default one and writes the body instead.
 */
@Singleton
public class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private final ObjectMapper json;

    public HttpErrors(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
        // Paths no function serves never fail, they just match nothing: answer them last, in the same shape
        router.route().order(Integer.MAX_VALUE).handler(rc -> write(rc, 404, notFound(rc)));
    }

    private static ErrorBody notFound(RoutingContext rc) {
        return new ErrorBody(
                "not_found", "there is no function at " + rc.request().path(), null, null);
    }

    void handle(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        Throwable failure = rc.failure();
        Throwable cause =
                failure instanceof ApplicationException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiException api) {
            write(rc, api.status(), api.body());
            return;
        }
        int status = rc.statusCode();
        if (cause != null) {
            LOG.errorf(
                    cause,
                    "unexpected failure on %s %s",
                    rc.request().method(),
                    Untrusted.value(rc.request().path()));
            write(
                    rc,
                    500,
                    new ErrorBody("internal", "the function failed unexpectedly; the log has the details", null, true));
            return;
        }
        switch (status) {
            case 400 -> write(rc, 400, new ErrorBody("malformed_json", malformedJson(rc), null, null));
            case 404 -> write(rc, 404, notFound(rc));
            case 405 ->
                write(
                        rc,
                        405,
                        new ErrorBody(
                                "method_not_allowed",
                                rc.request().method() + " is not allowed; use POST (or GET with query parameters)",
                                null,
                                null));
            case 413 ->
                write(
                        rc,
                        413,
                        new ErrorBody(
                                "body_too_large",
                                "the request body is larger than the " + "configured limit",
                                null,
                                null));
            default ->
                write(
                        rc,
                        status < 400 ? 500 : status,
                        new ErrorBody("http_" + status, "the request failed with HTTP status " + status, null, null));
        }
    }

    /** Funqy does not pass its parse error on; parsing the body again recovers line and column. */
    private String malformedJson(RoutingContext rc) {
        String body = rc.body() == null ? null : rc.body().asString();
        if (body == null || body.isBlank()) {
            return "the request body is not valid JSON";
        }
        try {
            json.readTree(body);
            return "the request body does not have the expected shape";
        } catch (JsonProcessingException e) {
            String problem = PlaylistFile.jsonProblem(e);
            LOG.debugf(
                    "rejected %s %s: %s",
                    rc.request().method(), Untrusted.value(rc.request().path()), problem);
            return problem;
        }
    }

    void write(RoutingContext rc, int status, ErrorBody body) {
        // an error on /invoke asks FC for a redelivery exactly when the body says trying again may help
        FcStatus.mark(rc);
        FcStatus.retry(rc, Boolean.TRUE.equals(body.retryable()));
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"error\":\"internal\",\"message\":\"could not write the error body\"}";
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(text);
    }
}
