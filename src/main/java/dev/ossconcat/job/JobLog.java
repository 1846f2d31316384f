package dev.ossconcat.job;

import dev.ossconcat.log.Untrusted;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One log line per change of a job's state, so that a job's story reads from the log alone: its ID, its state, the
 * task, the attempt and, on failure, the reason. Expected failures (a clip FFmpeg cannot read, a permission OSS
 * refuses) are lines, not stack traces. The job's fields also go to the MDC for the line, so that the JSON log on
 * Function Compute carries them as {@code jobId}, {@code taskId}, {@code bucket} and {@code event} fields the log
 * service can index (docs/deploy.md).
 */
public final class JobLog {

    private static final Logger LOG = Logger.getLogger(JobLog.class);

    private JobLog() {}

    /**
     * @param bucket the bucket of the job record
     * @param note   what else to say (why it changed, how it was reported), or null
     */
    static void changed(String bucket, JobRecord r, String note) {
        StringBuilder line = new StringBuilder("job ")
                .append(r.jobId())
                .append(' ')
                .append(r.state().wire());
        line.append(" (attempt ").append(r.attempt());
        if (r.taskId() != null) {
            line.append(", task ").append(Untrusted.value(r.taskId()));
        }
        if (r.failure() != null) {
            line.append(", ").append(r.failure().wire());
        }
        if (r.verification() != null) {
            line.append(", verified ").append(r.verification().wire());
        }
        line.append(')');
        if (r.error() != null && r.state() != JobState.SUCCEEDED) {
            line.append(": ").append(Untrusted.value(r.error()));
        }
        if (note != null) {
            line.append("; ").append(Untrusted.value(note));
        }
        MDC.put("jobId", r.jobId());
        MDC.put("bucket", bucket);
        MDC.put("event", "job_" + r.state().wire());
        if (r.taskId() != null) {
            MDC.put("taskId", r.taskId());
        }
        try {
            LOG.info(line);
        } finally {
            MDC.remove("jobId");
            MDC.remove("bucket");
            MDC.remove("event");
            MDC.remove("taskId");
        }
    }
}
