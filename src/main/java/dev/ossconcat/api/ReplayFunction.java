package dev.ossconcat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.webhook.Deliveries;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * {@code POST /replay?jobId=...&bucket=...}: sends a job's latest end to its callback again, now (docs/webhooks.md):
 * after a receiver was down longer than the retries last, or lost what it received. The same event as the first time,
 * its {@code id} included. A POST route guarded like {@code /retry} (bearer token, allow-lists): it makes the
 * function call out, which no crawler's GET may cause.
 */
@Singleton
public class ReplayFunction {

    private final JobPipeline pipeline;
    private final ConcatConfig config;
    private final OssGateway oss;
    private final ObjectMapper json;

    public ReplayFunction(JobPipeline pipeline, ConcatConfig config, OssGateway oss, ObjectMapper json) {
        this.pipeline = pipeline;
        this.config = config;
        this.oss = oss;
        this.json = json;
    }

    /**
     * The answer: the event sent, and how the receiver took it.
     *
     * @param status  the receiver's HTTP status; null when there was no answer or the URL was refused
     * @param result  the status or why there was none, as the log says it
     * @param pending whether the event is kept for a later attempt
     */
    public record Answer(
            String jobId,
            String event,
            String eventId,
            boolean delivered,
            Integer status,
            String result,
            boolean pending) {

        static Answer of(Deliveries.Outcome o) {
            Integer status =
                    o.sent() == null || o.sent().status() == 0 ? null : o.sent().status();
            String result = o.sent() != null ? o.sent().describe() : o.refused().message();
            return new Answer(
                    o.event().jobId(),
                    o.event().type().wire(),
                    o.event().id(),
                    o.delivered(),
                    status,
                    result,
                    o.pending());
        }
    }

    void register(@Observes Router router) {
        router.post("/replay").blockingHandler(this::handle, false);
    }

    void handle(RoutingContext rc) {
        JobRoutes.serve(rc, json, config.defaultBucket(), q -> {
            JobPipeline.Replayed r = pipeline.replay(
                    q.bucket(), q.jobId(), oss.forRequest(rc.request().headers()::get));
            if (r instanceof JobPipeline.Replayed.Sent s) {
                JobRoutes.reply(rc, json, 200, Answer.of(s.outcome()));
            } else if (r instanceof JobPipeline.Replayed.NothingToSend n) {
                JobRoutes.reply(rc, json, 409, new ErrorBody("nothing_to_send", n.why(), null, null, q.jobId()));
            } else {
                JobRoutes.reply(
                        rc,
                        json,
                        404,
                        new ErrorBody("unknown_job", "no job " + q.jobId() + " in bucket " + q.bucket(), null, null));
            }
        });
    }
}
