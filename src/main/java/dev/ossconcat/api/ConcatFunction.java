package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.config.Prices;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobException;
import dev.ossconcat.job.JobIds;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.ProgressView;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.report.Findings;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** {@code POST /concat} submits a playlist; {@code GET /status?jobId=...} reads a job record. */
public class ConcatFunction {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ConcatFunction.class);

    @Inject
    JobPipeline pipeline;

    @Inject
    ConcatConfig config;

    @Inject
    OssGateway oss;

    @Inject
    CurrentVertxRequest request;

    @Inject
    Prices prices;

    @Inject
    Clock clock;

    @Funq("concat")
    public ConcatResponse concat(JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiException.badRequest("empty_body", "the request body is empty; send a playlist");
        }
        try {
            return ConcatResponse.of(
                    pipeline.submit(PlaylistJson.read(body), config.defaults(), session(), null),
                    prices.table(),
                    config.jobsPrefix());
        } catch (JobException e) {
            throw answer(e);
        } catch (OssCallFailed e) {
            throw unavailable(e);
        }
    }

    @Funq("status")
    public ObjectNode status(Map<String, String> query) {
        String jobId = query == null ? null : query.get("jobId");
        if (jobId == null || !JobIds.FORMAT.matcher(jobId).matches()) {
            throw ApiException.badRequest(
                    "invalid_job_id",
                    "jobId must be the 32 hex digits /concat answered; got "
                            + (jobId == null ? "nothing" : Untrusted.quoted(jobId)));
        }
        String bucket = query.getOrDefault("bucket", config.defaultBucket().orElse(null));
        if (bucket == null) {
            throw ApiException.badRequest(
                    "bucket_required",
                    "give bucket= (the clip bucket of the job): no default " + "bucket is configured");
        }
        Findings findings = new Findings();
        OssNames.checkBucket(findings, "bucket", bucket);
        if (findings.hasErrors()) {
            throw new ApiException(
                    400,
                    "invalid_bucket",
                    query.containsKey("bucket")
                            ? findings.errors().get(0).message()
                            : "no bucket= was given and CONCAT_DEFAULT_BUCKET is not a valid bucket name: "
                                    + OssNames.bucketProblem(bucket),
                    Problem.of(findings.errors()),
                    null);
        }
        try {
            OssSession session = session();
            JobRecord job = pipeline.status(bucket, jobId, session)
                    .orElseThrow(() -> new ApiException(
                            404, "unknown_job", "no job " + jobId + " in bucket " + bucket, null, null));
            return withProgress(job, bucket, session);
        } catch (OssCallFailed e) {
            throw unavailable(e);
        }
    }

    /**
     * The record as it is stored, then what a frontend needs beside it: {@code plan} ({@link StatusView}),
     * {@code progress} ({@link ProgressView}) and,
     * once the job succeeded, {@code links} to its output ({@link OutputLinks}).
     */
    private ObjectNode withProgress(JobRecord job, String bucket, OssSession session) {
        ObjectNode tree = job.toTree();
        ChunkPlan plan = pipeline.chunkPlan(job);
        ProgressView p = plan == null
                ? ProgressView.of(job)
                : StatusView.addPlan(
                        tree, job, plan, plan.chunked() ? pipeline.chunkProgress(bucket, job, plan, session) : null);
        ObjectNode progress = tree.putObject("progress");
        progress.put("phase", p.phase().wire());
        progress.put("fraction", p.fraction());
        progress.put("partsDone", p.partsDone());
        progress.put("partsTotal", p.partsTotal());
        if (p.part() != null) {
            progress.put("part", p.part());
        }
        OutputLinks.of(job, session, Presigned.expiry(clock)).ifPresent(links -> {
            ObjectNode l = tree.putObject("links");
            l.put("output", links.output());
            if (links.playlist() != null) {
                l.put("playlist", links.playlist());
            }
            l.put("expiresAt", links.expiresAt());
        });
        return tree;
    }

    /** On Function Compute the request's own STS credentials, as docs/configuration.md says. */
    private OssSession session() {
        return oss.forRequest(request.getCurrent().request().headers()::get);
    }

    static ApiException answer(JobException e) {
        if (e.kind() == JobException.Kind.OSS_REJECTED
                || e.kind() == JobException.Kind.OSS_REFUSED
                || e.kind() == JobException.Kind.OSS_UNAVAILABLE) {
            LOG.warnf("POST /concat: %s: %s", e.kind(), Untrusted.value(e.getMessage()));
        }
        List<Problem> violations = Problem.of(e.violations());
        return switch (e.kind()) {
            case INVALID -> new ApiException(400, "invalid_playlist", e.getMessage(), violations, null);
            case NOT_ALLOWED -> new ApiException(403, "not_allowed", e.getMessage(), violations, null);
            case CLIPS_MISSING -> new ApiException(422, "clips_missing", e.getMessage(), violations, null);
            case OSS_REJECTED -> new ApiException(502, "oss_rejected", e.getMessage(), null, false, jobId(e));
            case OSS_REFUSED -> new ApiException(502, "oss_refused", e.getMessage(), null, false, jobId(e));
            case OSS_UNAVAILABLE -> new ApiException(503, "oss_unavailable", e.getMessage(), null, true, jobId(e));
        };
    }

    static ApiException unavailable(OssCallFailed e) {
        LOG.warnf("OSS call failed: %s", Untrusted.value(e.getMessage()));
        return e.retryable()
                ? new ApiException(503, "oss_unavailable", e.getMessage(), null, true)
                : new ApiException(502, "oss_refused", e.getMessage(), null, false);
    }

    private static String jobId(JobException e) {
        return e.record() == null ? null : e.record().jobId();
    }
}
