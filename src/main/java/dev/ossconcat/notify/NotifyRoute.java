package dev.ossconcat.notify;

import dev.ossconcat.ConcatConfig;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.job.JobState;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.render.OutputVerifier;
import dev.ossconcat.oss.OssCallFailed;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code POST /notify}: completion messages of IMM tasks, directly or pushed by an SMQ subscription. A plain route
 * rather than a Funqy function, because SMQ may push XML, which Funqy would refuse before we see it. Unknown tasks
 * are acknowledged (200) and logged, so SMQ does not retry them forever; only OSS being unavailable asks for a
 * retry (503).
 */
@Singleton
public class NotifyRoute {

    private static final Logger LOG = Logger.getLogger(NotifyRoute.class);

    private final JobPipeline pipeline;
    private final OutputVerifier verifier;
    private final ConcatConfig config;

    public NotifyRoute(JobPipeline pipeline, OutputVerifier verifier, ConcatConfig config) {
        this.pipeline = pipeline;
        this.verifier = verifier;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.post("/notify").handler(BodyHandler.create().setBodyLimit(1 << 20)).blockingHandler(this::handle,
                false);
    }

    void handle(RoutingContext rc) {
        Completion c;
        try {
            c = NotificationParser.parse(rc.body().asString());
        } catch (NotificationParser.Unreadable e) {
            reply(rc, 400, new ErrorBody("unparseable", "not a completion message: " + e.getMessage(), null, null));
            return;
        }
        String bucket = c.sourceBucket() != null ? c.sourceBucket() : config.defaultBucket().orElse(null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("taskId", c.taskId());
        answer.put("status", c.status());
        if (bucket == null) {
            LOG.warnf("notify: task %s names no bucket and none is configured; acknowledged", c.taskId());
            answer.put("result", "unknown");
            reply(rc, 200, answer);
            return;
        }
        try {
            JobPipeline.Completed done = pipeline.complete(bucket, c);
            answer.put("result", done.result());
            if (done.record() != null) {
                answer.put("jobId", done.record().jobId());
                answer.put("state", done.record().state().wire());
            }
            if (done.result().equals("updated") && done.record().state() == JobState.SUCCEEDED) {
                verifier.verify(PlaylistJson.read(done.record().playlist()).playlist(), c.targetUri())
                        .ifPresent(v -> answer.put("verified", pipeline.recordVerification(bucket, done.record(), v)
                                .verified()));
            }
            if (done.result().equals("unknown")) {
                LOG.warnf("notify: task %s is not a job of this function in %s; acknowledged", c.taskId(), bucket);
            }
            reply(rc, 200, answer);
        } catch (OssCallFailed e) {
            LOG.warnf("notify: task %s: %s", c.taskId(), e.getMessage());
            reply(rc, e.retryable() ? 503 : 502, new ErrorBody(e.retryable() ? "oss_unavailable" : "oss_refused",
                    e.getMessage(), null, e.retryable()));
        }
    }

    private static void reply(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }
}
