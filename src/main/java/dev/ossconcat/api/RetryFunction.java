package dev.ossconcat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.config.Prices;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobException;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssGateway;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code POST /retry?jobId=...&bucket=...}: submits a job again because someone asks, whatever made it fail and
 * however many attempts it made (docs/idempotency.md, "Failed jobs"). Deliveries never resubmit a permanent failure or
 * a rejection, since the same task would fail again at the same price; this is the way to do it on purpose, after
 * fixing what was wrong (a clip, a permission, IMM's project), or to go past {@code concat.jobs.max-attempts}.
 *
 * <p>A route, not a Funqy function: Funqy serves every function on GET too, and a GET that submits a billed task is
 * one a crawler or a prefetching browser could make. It is guarded by the bearer token like {@code /concat}
 * (guard.BearerToken), and answers like {@code /concat}; other methods get 405 from {@link RequestGate}.
 */
@Singleton
public class RetryFunction {

    private static final Logger LOG = Logger.getLogger(RetryFunction.class);

    private final JobPipeline pipeline;
    private final ConcatConfig config;
    private final OssGateway oss;
    private final ObjectMapper json;
    private final Prices prices;

    public RetryFunction(JobPipeline pipeline, ConcatConfig config, OssGateway oss, ObjectMapper json, Prices prices) {
        this.pipeline = pipeline;
        this.config = config;
        this.oss = oss;
        this.json = json;
        this.prices = prices;
    }

    void register(@Observes Router router) {
        router.post("/retry").blockingHandler(this::handle, false);
    }

    void handle(RoutingContext rc) {
        Optional<JobRoutes.JobQuery> query = JobRoutes.query(rc, json, config.defaultBucket());
        if (query.isEmpty()) {
            return;
        }
        String jobId = query.get().jobId();
        String bucket = query.get().bucket();
        try {
            JobPipeline.Retried r =
                    pipeline.retry(bucket, jobId, oss.forRequest(rc.request().headers()::get));
            if (r instanceof JobPipeline.Retried.Submitted s) {
                reply(rc, 200, ConcatResponse.of(s.result(), prices.table(), config.jobsPrefix()));
            } else if (r instanceof JobPipeline.Retried.NotRetryable n) {
                reply(
                        rc,
                        409,
                        new ErrorBody(
                                "not_retryable", n.why(), null, null, n.record().jobId()));
            } else {
                reply(rc, 404, new ErrorBody("unknown_job", "no job " + jobId + " in bucket " + bucket, null, null));
            }
        } catch (JobException e) {
            reply(rc, status(e), body(e));
        } catch (OssCallFailed e) {
            LOG.warnf("POST /retry: %s", Untrusted.value(e.getMessage()));
            reply(
                    rc,
                    e.retryable() ? 503 : 502,
                    new ErrorBody(
                            e.retryable() ? "oss_unavailable" : "oss_refused",
                            e.getMessage(),
                            null,
                            e.retryable(),
                            jobId));
        }
    }

    /** As {@code /concat} answers the same kinds (docs/api.md). */
    static int status(JobException e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case NOT_ALLOWED -> 403;
            case CLIPS_MISSING -> 422;
            case OSS_UNAVAILABLE -> 503;
            default -> 502;
        };
    }

    static ErrorBody body(JobException e) {
        String jobId = e.record() == null ? null : e.record().jobId();
        List<Problem> violations = e.violations().isEmpty() ? null : Problem.of(e.violations());
        if (e.kind() != JobException.Kind.CLIPS_MISSING && e.kind() != JobException.Kind.NOT_ALLOWED) {
            LOG.warnf("POST /retry: %s: %s", e.kind(), Untrusted.value(e.getMessage()));
        }
        return switch (e.kind()) {
            case INVALID -> new ErrorBody("invalid_playlist", e.getMessage(), violations, null, jobId);
            case NOT_ALLOWED -> new ErrorBody("not_allowed", e.getMessage(), violations, null, jobId);
            case CLIPS_MISSING -> new ErrorBody("clips_missing", e.getMessage(), violations, null, jobId);
            case OSS_REJECTED -> new ErrorBody("oss_rejected", e.getMessage(), null, false, jobId);
            case OSS_REFUSED -> new ErrorBody("oss_refused", e.getMessage(), null, false, jobId);
            case OSS_UNAVAILABLE -> new ErrorBody("oss_unavailable", e.getMessage(), null, true, jobId);
        };
    }

    private void reply(RoutingContext rc, int status, Object body) {
        JobRoutes.reply(rc, json, status, body);
    }
}
