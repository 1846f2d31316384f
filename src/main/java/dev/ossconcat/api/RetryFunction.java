package dev.ossconcat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.config.Prices;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.oss.OssGateway;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

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
        JobRoutes.serve(rc, json, config.defaultBucket(), q -> {
            JobPipeline.Retried r = pipeline.retry(
                    q.bucket(), q.jobId(), oss.forRequest(rc.request().headers()::get));
            if (r instanceof JobPipeline.Retried.Submitted s) {
                reply(rc, 200, ConcatResponse.of(s.result(), prices.table(), config.jobsPrefix()));
            } else if (r instanceof JobPipeline.Retried.NotRetryable n) {
                reply(
                        rc,
                        409,
                        new ErrorBody(
                                "not_retryable", n.why(), null, null, n.record().jobId()));
            } else {
                reply(
                        rc,
                        404,
                        new ErrorBody("unknown_job", "no job " + q.jobId() + " in bucket " + q.bucket(), null, null));
            }
        });
    }

    private void reply(RoutingContext rc, int status, Object body) {
        JobRoutes.reply(rc, json, status, body);
    }
}
