package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.fc.HighlightHandler;
import dev.ossconcat.fc.Outcome;
import dev.ossconcat.fc.UploadHandler;
import dev.ossconcat.fc.UploadRecord;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.Problem;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.report.Findings;
import dev.ossconcat.report.Violation;
import dev.ossconcat.webhook.Callbacks;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code POST /invoke}: where Function Compute delivers OSS trigger and timer events (as
 * {@code application/octet-stream}). Every answer carries {@code x-fc-status} ({@link FcStatus}): 404 makes FC
 * deliver the event again, so it is sent only when a redelivery can help (OSS unavailable, clips not there yet);
 * done and permanently bad events get 200, and every permanent refusal is logged with the event's identity.
 *
 * <p>An event is checked whole before anything is read from OSS: at most {@link #MAX_RECORDS} records, each with a
 * bucket name and key that follow OSS's rules, or a timer with a bounded payload. An event that fails the check can
 * never succeed, so it is a 400 {@code invalid_event} that is not retried, and none of its records are handled.
 */
public class InvokeFunction {

    private static final Logger LOG = Logger.getLogger(InvokeFunction.class);

    /**
     * Records handled per event. OSS delivers one record per event; the bound keeps a forged or corrupt event from
     * turning into thousands of storage reads in one request.
     */
    static final int MAX_RECORDS = 10;

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

    @Inject
    Callbacks callbacks;

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
        // every OSS call for this event, on any thread, is signed with the credentials FC handed this request; taken
        // once the event is known to be valid, so that a malformed one is answered as such whatever the credentials
        InvokeResult result;
        if (event != null && event.path("events").isArray()) {
            List<UploadRecord> records = records(event.get("events"));
            OssSession session = oss.forRequest(headers::get);
            List<Outcome> outcomes = new ArrayList<>();
            for (UploadRecord r : records) {
                outcomes.add(guarded(r.identity(), r.bucket() + "/" + r.key(), () -> uploads.handle(r, session)));
            }
            result = new InvokeResult("oss", outcomes, outcomes.stream().anyMatch(Outcome::retryable));
        } else if (event != null
                && event.path("triggerName").isTextual()
                && event.path("triggerTime").isTextual()) {
            String name = event.get("triggerName").textValue();
            String time = event.get("triggerTime").textValue();
            Findings findings = new Findings();
            HighlightHandler.Tick tick = highlights.read(
                    name,
                    time,
                    event.path("payload").isTextual() ? event.get("payload").textValue() : null,
                    findings);
            if (tick == null) {
                throw refused("timer " + Untrusted.value(name) + " at " + Untrusted.value(time), findings.errors());
            }
            OssSession session = oss.forRequest(headers::get);
            Outcome o = guarded(tick.source(), tick.source(), () -> highlights.handle(tick, session));
            // the timer is what runs on Function Compute when nothing else does: callbacks that failed resume here
            callbacks.resume(session, tick.bucket() == null ? List.of() : List.of(tick.bucket()));
            result = new InvokeResult("timer", List.of(o), o.retryable());
        } else {
            throw ApiException.badRequest(
                    "unknown_event",
                    "expected an OSS trigger event {\"events\": [...]} or a "
                            + "timer event {\"triggerName\", \"triggerTime\", \"payload\"}");
        }
        FcStatus.retry(request.getCurrent(), result.retry());
        return result;
    }

    /** The records of an OSS event, all of them valid; else the whole event is refused. */
    private static List<UploadRecord> records(JsonNode events) {
        Findings findings = new Findings();
        List<UploadRecord> records = new ArrayList<>();
        if (events.isEmpty() || events.size() > MAX_RECORDS) {
            findings.error(
                    "events",
                    "out_of_range",
                    "the event has " + events.size() + " records; 1.." + MAX_RECORDS + " are handled per event (OSS"
                            + " sends one)");
        } else {
            for (int i = 0; i < events.size(); i++) {
                UploadRecord r = UploadRecord.read(events.get(i), "events[" + i + "]", findings);
                if (r != null) {
                    records.add(r);
                }
            }
        }
        if (findings.hasErrors()) {
            JsonNode first = events.path(0);
            throw refused(
                    "OSS event of " + events.size() + " record(s), the first on "
                            + Untrusted.value(first.path("oss")
                                    .path("bucket")
                                    .path("name")
                                    .asText())
                            + "/"
                            + Untrusted.value(
                                    first.path("oss").path("object").path("key").asText()),
                    findings.errors());
        }
        return records;
    }

    /** A 400 that is not retried, logged with what the event was, so that a refused event is never silent. */
    private static ApiException refused(String identity, List<Violation> errors) {
        LOG.warnf(
                "invoke: refused %s, not retried: %d problem(s), the first: %s",
                identity, errors.size(), Untrusted.value(errors.get(0).message()));
        return new ApiException(
                400,
                "invalid_event",
                "the event can never be handled: " + errors.get(0).message()
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more problem(s))" : ""),
                Problem.of(errors),
                null);
    }

    /**
     * Handles one record. A permanent outcome is logged with the record's identity. An unexpected failure is a bug,
     * which a redelivery repeats: it is logged with its stack trace and answered as rejected, not retried.
     */
    private static Outcome guarded(String identity, String source, Supplier<Outcome> handle) {
        Outcome o;
        try {
            o = handle.get();
        } catch (RuntimeException e) {
            LOG.errorf(e, "invoke: %s failed unexpectedly; answered as rejected, not retried", identity);
            return Outcome.rejected(source, "the function failed unexpectedly on this record; the log has the details");
        }
        if (o.result() == Outcome.Result.REJECTED) {
            LOG.warnf("invoke: %s rejected, not retried: %s", identity, Untrusted.value(o.reason()));
        }
        return o;
    }
}
