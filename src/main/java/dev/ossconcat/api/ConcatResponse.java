package dev.ossconcat.api;

import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobResult;
import java.util.List;

/**
 * The answer of {@code POST /concat}, as docs/api.md lists it.
 *
 * @param warningsTotal how many warnings there were, when {@code warnings} shows only the first
 *     {@link Problem#MAX_LISTED}
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
        List<Problem> warnings,
        Integer warningsTotal) {

    public ConcatResponse {
        warningsTotal = Problem.total(warnings, warningsTotal);
        warnings = Problem.cut(warnings);
    }

    static ConcatResponse of(JobResult r) {
        JobRecord j = r.record();
        JobRecord.Task task = j.task();
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
                Problem.of(r.warnings()),
                null);
    }
}
