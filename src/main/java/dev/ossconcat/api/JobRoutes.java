package dev.ossconcat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobException;
import dev.ossconcat.job.JobIds;
import dev.ossconcat.log.Refusals;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.rules.Rules;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What the routes about one job ({@code /retry}, {@code /replay}) share: the job's query and the answer. */
final class JobRoutes {

    private static final Logger LOG = Logger.getLogger(JobRoutes.class);

    private JobRoutes() {}

    /** {@code ?jobId=...&bucket=...}, the bucket defaulting to the configured one. */
    record JobQuery(String jobId, String bucket) {}

    /** The query, or empty when it was refused (the 400 answer is sent). */
    static Optional<JobQuery> query(RoutingContext rc, ObjectMapper json, Optional<String> defaultBucket) {
        String jobId = rc.queryParams().get("jobId");
        if (jobId == null || !JobIds.FORMAT.matcher(jobId).matches()) {
            reply(
                    rc,
                    json,
                    400,
                    new ErrorBody(
                            "invalid_job_id",
                            "jobId must be the 32 hex digits /concat answered; got "
                                    + (jobId == null ? "nothing" : "'" + Untrusted.value(jobId) + "'"),
                            null,
                            null));
            return Optional.empty();
        }
        String bucket = rc.queryParams().get("bucket");
        if (bucket == null) {
            bucket = defaultBucket.orElse(null);
        }
        if (bucket == null) {
            reply(
                    rc,
                    json,
                    400,
                    new ErrorBody(
                            "bucket_required",
                            "give bucket= (the clip bucket of the job): no default bucket is configured",
                            null,
                            null));
            return Optional.empty();
        }
        if (!Rules.BUCKET_NAME.matcher(bucket).matches()) {
            reply(
                    rc,
                    json,
                    400,
                    new ErrorBody(
                            "invalid_bucket",
                            "bucket '" + Untrusted.value(bucket) + "' is not a valid OSS bucket name (3..63 lowercase "
                                    + "letters, digits and hyphens, starting and ending with a letter or digit)",
                            null,
                            null));
            return Optional.empty();
        }
        return Optional.of(new JobQuery(jobId, bucket));
    }

    /** What a route does with a valid query; it answers through {@link #reply}. */
    @FunctionalInterface
    interface Handler {
        void handle(JobQuery query);
    }

    /**
     * Reads the query and hands it to {@code handler}; answers a refused query with 400, and the job's and OSS's
     * failures as {@code /concat} does (docs/api.md).
     */
    static void serve(RoutingContext rc, ObjectMapper json, Optional<String> defaultBucket, Handler handler) {
        Optional<JobQuery> query = query(rc, json, defaultBucket);
        if (query.isEmpty()) {
            return;
        }
        String call = rc.request().method().name() + " " + rc.request().path();
        try {
            handler.handle(query.get());
        } catch (JobException e) {
            reply(rc, json, status(e), body(call, e));
        } catch (OssCallFailed e) {
            LOG.warnf("%s: %s", call, Untrusted.value(e.getMessage()));
            reply(
                    rc,
                    json,
                    e.retryable() ? 503 : 502,
                    new ErrorBody(
                            e.retryable() ? "oss_unavailable" : "oss_refused",
                            e.getMessage(),
                            null,
                            e.retryable(),
                            query.get().jobId()));
        }
    }

    /** As {@code /concat} answers the same kinds (docs/api.md). */
    private static int status(JobException e) {
        return switch (e.kind()) {
            case INVALID -> 400;
            case NOT_ALLOWED -> 403;
            case CLIPS_MISSING -> 422;
            case OSS_UNAVAILABLE -> 503;
            default -> 502;
        };
    }

    private static ErrorBody body(String call, JobException e) {
        String jobId = e.record() == null ? null : e.record().jobId();
        List<Problem> violations = e.violations().isEmpty() ? null : Problem.of(e.violations());
        if (e.kind() != JobException.Kind.CLIPS_MISSING && e.kind() != JobException.Kind.NOT_ALLOWED) {
            LOG.warnf("%s: %s: %s", call, e.kind(), Untrusted.value(e.getMessage()));
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

    /** With the application's mapper, so that the answer has the shape of {@code /concat}'s (no null fields). */
    static void reply(RoutingContext rc, ObjectMapper json, int status, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer of plain records is always JSON", e);
        }
        if (body instanceof ErrorBody error) {
            Refusals.answered(rc.request().method().name(), rc.request().path(), status, error.error());
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(text);
    }
}
