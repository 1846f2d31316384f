package dev.ossconcat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.json.JsonSyntax;
import dev.ossconcat.log.Refusals;
import dev.ossconcat.log.Untrusted;
import io.quarkus.funqy.runtime.ApplicationException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
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
                "not_found",
                "there is no function at " + Untrusted.quoted(rc.request().path()) + "; the calls are "
                        + RequestGate.calls() + "; the composer page is at /",
                null,
                null);
    }

    void handle(RoutingContext rc) {
        if (rc.response().closed()) {
            // the caller hung up, or the connection broke while the body was read: there is nobody to answer
            LOG.debugf(
                    "%s %s: the connection closed before the answer (%s)",
                    rc.request().method(), Untrusted.value(rc.request().path()), Untrusted.value(rc.failure()));
            return;
        }
        if (rc.response().headWritten()) {
            // answered already, before the body was read (a 413, 414 or 415), and then the caller went on sending
            // or hung up: the answer stands, and a client's broken connection is not an error of the function
            LOG.debugf(
                    "%s %s failed after its answer: %s",
                    rc.request().method(), Untrusted.value(rc.request().path()), Untrusted.value(rc.failure()));
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
        if (cause != null && !(failure instanceof ApplicationException) && (clientError(status) || decoding(cause))) {
            // The HTTP layer refused the request before any function ran (no Host header), or the body broke off
            // while it was read (a malformed chunk): the caller's to fix, and no reason for a stack trace.
            int answer = clientError(status) ? status : 400;
            LOG.debugf(
                    "refused %s %s: %s",
                    rc.request().method(), Untrusted.value(rc.request().path()), Untrusted.value(cause.getMessage()));
            write(
                    rc,
                    answer,
                    new ErrorBody(answer == 400 ? "bad_request" : "http_" + answer, unreadable(cause), null, null));
            return;
        }
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
                                Untrusted.value(rc.request().method().name()) + " is not allowed on "
                                        + Untrusted.quoted(rc.request().path()),
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

    private static boolean clientError(int status) {
        return status >= 400 && status < 500;
    }

    /** Thrown by Netty's HTTP decoder while it read the request, such as a chunk size that is not hexadecimal. */
    private static boolean decoding(Throwable cause) {
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (frame.getClassName().startsWith("io.netty.handler.codec.")) {
                return true;
            }
        }
        return false;
    }

    /** What the HTTP layer found wrong with a request, in our words where we know the case. */
    private static String unreadable(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        if (m.contains("'Host' header is required")) {
            return "an HTTP/1.1 request needs a Host header";
        }
        if (m.contains("path must start with '/'")) {
            return "the request path must start with '/'";
        }
        return "the request cannot be read as HTTP: " + Untrusted.value(m);
    }

    /** Funqy does not pass its parse error on; parsing the body again recovers what is wrong, and where. */
    private String malformedJson(RoutingContext rc) {
        byte[] body = rc.body() == null || rc.body().buffer() == null
                ? null
                : rc.body().buffer().getBytes();
        if (body == null || body.length == 0) {
            return "the request body is not valid JSON";
        }
        try {
            json.readTree(body);
            return "the request body does not have the expected shape";
        } catch (IOException e) {
            String problem = "the request body is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? JsonSyntax.describe(j) : "it cannot be read");
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
        Refusals.answered(rc.request().method().name(), rc.request().path(), status, body.error());
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
