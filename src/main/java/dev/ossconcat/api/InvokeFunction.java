package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.fc.HighlightHandler;
import dev.ossconcat.fc.Outcome;
import dev.ossconcat.fc.UploadHandler;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssSession;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /invoke}: where Function Compute delivers OSS trigger and timer events (as
 * {@code application/octet-stream}). Every answer carries {@code x-fc-status}: 404 makes FC deliver the event
 * again, so it is sent only when a redelivery can help; done and permanently bad events get 200.
 */
public class InvokeFunction {

    static final String RETRY = "concat.fc.retry";

    @Inject
    UploadHandler uploads;

    @Inject
    HighlightHandler highlights;

    @Inject
    ConcatConfig config;

    @Inject
    OssGateway oss;

    @Inject
    CurrentVertxRequest request;

    @Funq("invoke")
    public InvokeResult invoke(JsonNode event) {
        MultiMap headers = request.getCurrent().request().headers();
        if (config.fcRegion().filter(r -> !r.isBlank()).isPresent()
                && !"/invoke".equals(headers.get("x-fc-control-path"))) {
            // on FC only FC itself sets x-fc-* headers; without this, anyone could post fake events over HTTP
            throw new ApiException(
                    403,
                    "not_an_event",
                    "POST /invoke takes events from Function Compute only " + "(x-fc-control-path /invoke)",
                    null,
                    null);
        }
        // every OSS call for this event, on any thread, is signed with the credentials FC handed this request
        OssSession session = oss.forRequest(headers::get);
        InvokeResult result;
        if (event != null && event.path("events").isArray()) {
            List<Outcome> outcomes = new ArrayList<>();
            for (JsonNode record : event.get("events")) {
                outcomes.add(uploads.handle(record, session));
            }
            result = new InvokeResult("oss", outcomes, outcomes.stream().anyMatch(Outcome::retryable));
        } else if (event != null
                && event.path("triggerName").isTextual()
                && event.path("triggerTime").isTextual()) {
            Outcome o = highlights.handle(
                    event.get("triggerName").textValue(),
                    event.get("triggerTime").textValue(),
                    event.path("payload").isTextual() ? event.get("payload").textValue() : null,
                    session);
            result = new InvokeResult("timer", List.of(o), o.retryable());
        } else {
            throw ApiException.badRequest(
                    "unknown_event",
                    "expected an OSS trigger event {\"events\": [...]} or a "
                            + "timer event {\"triggerName\", \"triggerTime\", \"payload\"}");
        }
        request.getCurrent().put(RETRY, result.retry());
        return result;
    }
}
