package dev.ossconcat.api;

import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.Estimate;
import dev.ossconcat.chunk.PriceTable;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.ChunkRun;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobResult;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import java.util.List;

/**
 * The answer of {@code POST /concat} and {@code POST /retry}, as docs/api.md lists it. {@code error} and
 * {@code failure} are there when the job failed or was rejected: a delivery that finds a job failed for good answers
 * with it as a duplicate, and says why.
 *
 * @param warningsTotal how many warnings there were, when {@code warnings} shows only the first
 *     {@link Problem#MAX_LISTED}
 * @param plan          how many tasks the job takes
 * @param estimate      its output duration, billed minutes and price, from what the playlist says (the trims);
 *                      {@code /validate?probe=true} estimates from the clips themselves
 */
public record ConcatResponse(
        String jobId,
        String state,
        String taskId,
        String eventId,
        String requestId,
        String process,
        JobRecord.Ref source,
        JobRecord.Ref target,
        boolean duplicate,
        String error,
        String failure,
        List<Problem> warnings,
        Integer warningsTotal,
        JobPlan plan,
        Estimate estimate) {

    public ConcatResponse {
        warningsTotal = Problem.total(warnings, warningsTotal);
        warnings = Problem.cut(warnings);
    }

    static ConcatResponse of(JobResult r, PriceTable prices, String jobsPrefix) {
        JobRecord j = r.record();
        JobRecord.Task task = j.task();
        Playlist p =
                j.playlist() == null ? null : PlaylistJson.read(j.playlist()).playlist();
        ChunkPlan tree = p == null ? null : ChunkPlan.of(p, ChunkRun.partsPrefix(jobsPrefix, j.jobId()));
        return new ConcatResponse(
                j.jobId(),
                j.state().wire(),
                j.taskId(),
                task == null ? null : task.eventId(),
                task == null ? null : task.requestId(),
                j.process(),
                j.source(),
                j.target(),
                r.duplicate(),
                j.error(),
                j.failure() == null ? null : j.failure().wire(),
                Problem.of(r.warnings()),
                null,
                tree == null ? null : JobPlan.of(tree),
                tree == null ? null : Estimate.of(p, tree, List.of(), prices));
    }
}
