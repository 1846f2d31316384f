package dev.ossconcat.api;

import dev.ossconcat.http.Problem;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobResult;
import java.util.List;

/** The answer of {@code POST /concat}, as docs/api.md lists it. */
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
        List<Problem> warnings) {

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
                Problem.of(r.warnings()));
    }
}
