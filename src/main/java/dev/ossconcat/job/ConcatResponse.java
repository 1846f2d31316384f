package dev.ossconcat.job;

import dev.ossconcat.http.Problem;
import java.util.List;

/** The answer of {@code POST /concat} (contract §2). */
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
        return new ConcatResponse(
                j.jobId(),
                j.state().wire(),
                j.taskId(),
                j.eventId(),
                j.requestId(),
                j.process(),
                j.source(),
                j.target(),
                r.duplicate(),
                Problem.of(r.warnings()));
    }
}
