package dev.ossconcat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.job.JobIds;
import dev.ossconcat.log.Refusals;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.rules.Rules;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** What the routes about one job ({@code /retry}, {@code /replay}) share: the job's query and the answer. */
final class JobRoutes {

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
