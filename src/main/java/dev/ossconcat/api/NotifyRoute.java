package dev.ossconcat.api;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.GuardConfig;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobException;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobState;
import dev.ossconcat.log.Refusals;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.notify.Completion;
import dev.ossconcat.notify.NotificationParser;
import dev.ossconcat.notify.SmqCertificates;
import dev.ossconcat.notify.SmqSignature;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.verify.OutputVerifier;
import dev.ossconcat.verify.Verification;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /notify}: completion messages of IMM tasks, directly or pushed by an SMQ subscription. A plain route
 * rather than a Funqy function, because SMQ may push XML, which Funqy would refuse before we see it. Unknown tasks
 * are acknowledged (200) and logged, so SMQ does not retry them forever; only OSS being unavailable asks for a
 * retry (503). Where SMQ signatures are required (on Function Compute by default), an unsigned or wrongly signed
 * push is refused (403) before its body is read, and before anything is fetched for it.
 *
 * <p>The route may be public, so what a message can do is bounded by the job it names, not by the message: it must
 * name the job's current task, source object and (if any) an output the job's target can be; only the job's own
 * output is verified; and a failure reported by an unsigned message never makes a later delivery submit again. Every
 * value of the message that reaches the log goes through {@link Untrusted}.
 */
@Singleton
public class NotifyRoute {

    private static final Logger LOG = Logger.getLogger(NotifyRoute.class);

    private final JobPipeline pipeline;
    private final OutputVerifier verifier;
    private final SmqCertificates certificates;
    private final OssGateway oss;
    private final Clock clock;
    private final boolean signatureRequired;

    public NotifyRoute(
            JobPipeline pipeline,
            OutputVerifier verifier,
            ConcatConfig config,
            GuardConfig guard,
            SmqCertificates certificates,
            OssGateway oss,
            Clock clock) {
        this.pipeline = pipeline;
        this.verifier = verifier;
        this.certificates = certificates;
        this.oss = oss;
        this.clock = clock;
        this.signatureRequired = guard.notifySignature()
                .map(s -> s == GuardConfig.NotifySignature.REQUIRED)
                .orElse(config.fcRegion().isPresent());
    }

    void register(@Observes Router router) {
        router.post("/notify")
                .handler(BodyHandler.create().setBodyLimit(NotificationParser.MAX_CHARS))
                .blockingHandler(this::handle, false);
    }

    void handle(RoutingContext rc) {
        // A larger body is no completion message. The body handler above may not be the one that read it (another
        // can run first, with the server's own limit), so the size is checked here too, before anything else.
        if (rc.body().length() > NotificationParser.MAX_CHARS) {
            reply(
                    rc,
                    413,
                    new ErrorBody(
                            "body_too_large",
                            "a completion message has at most " + NotificationParser.MAX_CHARS + " bytes",
                            null,
                            null));
            return;
        }
        if (signatureRequired && !signedBySmq(rc)) {
            return;
        }
        // on FC, the role's fresh STS credentials come with each request, as for /concat
        complete(rc, oss.forRequest(rc.request().headers()::get), signatureRequired);
    }

    /** @param authenticated whether SMQ's signature on the push was checked and holds */
    private void complete(RoutingContext rc, OssSession oss, boolean authenticated) {
        Completion c;
        try {
            c = NotificationParser.parse(rc.body().asString());
        } catch (NotificationParser.Unreadable e) {
            List<Problem> violations =
                    e.path() == null ? null : List.of(new Problem(e.path(), e.code(), e.getMessage(), null));
            reply(
                    rc,
                    400,
                    new ErrorBody("unparseable", "not a completion message: " + e.getMessage(), violations, null));
            return;
        }
        String bucket = c.sourceBucket();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("taskId", c.taskId());
        answer.put("status", c.status());
        try {
            JobPipeline.Completed done = pipeline.complete(bucket, c, authenticated, oss);
            answer.put("result", done.result().wire());
            if (done.record() != null) {
                answer.put("jobId", done.record().jobId());
                answer.put("state", done.record().state().wire());
            }
            if (done.reason() != null) {
                answer.put("reason", done.reason());
            }
            if (done.result() == JobPipeline.Completed.Result.UPDATED
                    && done.record().failure() != null) {
                answer.put("failure", done.record().failure().wire());
            }
            if (done.result() == JobPipeline.Completed.Result.UPDATED
                    && done.record().state() == JobState.SUCCEEDED) {
                verify(done, oss)
                        .ifPresent(v -> answer.put(
                                "verified",
                                pipeline.recordVerification(bucket, done.record(), v, oss)
                                        .verification()
                                        .wire()));
            }
            if (done.result() == JobPipeline.Completed.Result.UNKNOWN) {
                LOG.warnf(
                        "notify: task %s is not a job of this function in %s; acknowledged",
                        c.taskId(), Untrusted.value(bucket));
            }
            reply(rc, 200, answer);
        } catch (OssCallFailed e) {
            LOG.warnf("notify: task %s: %s", c.taskId(), Untrusted.value(e.getMessage()));
            reply(
                    rc,
                    e.retryable() ? 503 : 502,
                    new ErrorBody(
                            e.retryable() ? "oss_unavailable" : "oss_refused", e.getMessage(), null, e.retryable()));
        } catch (JobException e) {
            // the outcome could not be recorded: SMQ delivers the message again, and it is recorded then
            LOG.warnf("notify: task %s: %s", c.taskId(), Untrusted.value(e.getMessage()));
            reply(rc, 503, new ErrorBody("oss_unavailable", e.getMessage(), null, true, jobId(e)));
        }
    }

    /** The job's own output checked against its own playlist; a record too damaged to read is not checked. */
    private Optional<Verification> verify(JobPipeline.Completed done, OssSession oss) {
        JobRecord r = done.record();
        Playlist p;
        try {
            p = PlaylistJson.read(r.playlist()).playlist();
        } catch (RuntimeException e) {
            return Optional.of(Verification.notChecked("the job record's playlist is not readable"));
        }
        JobRecord.Ref output = done.output();
        return verifier.verify(
                p, output == null ? r.target().bucket() : output.bucket(), output == null ? null : output.key(), oss);
    }

    private static String jobId(JobException e) {
        return e.record() == null ? null : e.record().jobId();
    }

    /**
     * False when the push was refused (403) or its certificate could not be had (503); the answer is sent. Every
     * check that needs no I/O comes first ({@link SmqSignature#check}); only then is the certificate fetched, from a
     * cache that remembers failures too.
     */
    private boolean signedBySmq(RoutingContext rc) {
        Map<String, String> headers = new LinkedHashMap<>();
        rc.request().headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        SmqSignature.Request push = new SmqSignature.Request(
                rc.request().method().name(),
                rc.request().uri(),
                headers,
                rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
        try {
            SmqSignature.Signed signed = SmqSignature.check(push, clock.instant());
            SmqSignature.verify(push, signed, certificates.keyFor(signed.certificate()));
            return true;
        } catch (SmqSignature.Refused e) {
            LOG.warnf(
                    "notify: refused a push from %s: %s",
                    Untrusted.value(rc.request().remoteAddress()), Untrusted.value(e.getMessage()));
            reply(rc, 403, new ErrorBody("signature_refused", e.getMessage(), null, null));
        } catch (SmqCertificates.Unavailable e) {
            LOG.warnf("notify: %s", Untrusted.value(e.getMessage()));
            reply(rc, 503, new ErrorBody("certificate_unavailable", e.getMessage(), null, true));
        }
        return false;
    }

    private static void reply(RoutingContext rc, int status, Object body) {
        if (body instanceof ErrorBody error) {
            Refusals.answered(rc.request().method().name(), rc.request().path(), status, error.error());
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(body));
    }
}
