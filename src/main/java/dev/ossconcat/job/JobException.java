package dev.ossconcat.job;

import dev.ossconcat.report.Violation;
import java.util.List;

/** Why a job could not be submitted; the HTTP and event entries map {@link Kind} to their own answers. */
public class JobException extends RuntimeException {

    public enum Kind {
        /** The playlist breaks a rule; nothing was read or written. */
        INVALID,
        /** The deployment's allow-lists refuse the bucket or output prefix; nothing was read or written. */
        NOT_ALLOWED,
        /** Clips do not exist; nothing was written. */
        CLIPS_MISSING,
        /** OSS refused the process string; the job is recorded as rejected. */
        OSS_REJECTED,
        /**
         * OSS refused the submission for a reason other than the process string: credentials, permission
         * ({@code oss:PostProcessTask}), the bucket. The job is recorded as failed, so that a delivery after the
         * deployment is fixed submits it; trying again as things are will not help. (Other calls OSS refuses surface
         * as a non-retryable {@link dev.ossconcat.oss.OssCallFailed}, answered the same way.)
         */
        OSS_REFUSED,
        /** OSS was unavailable or its answer was lost; trying again may help and will not duplicate the job. */
        OSS_UNAVAILABLE
    }

    private final Kind kind;
    private final List<Violation> violations;
    private final JobRecord record;

    public JobException(Kind kind, String message, List<Violation> violations, JobRecord record) {
        super(message, null, false, false);
        this.kind = kind;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
        this.record = record;
    }

    public Kind kind() {
        return kind;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The job record as written, when the job got that far. */
    public JobRecord record() {
        return record;
    }

    public boolean retryable() {
        return kind == Kind.OSS_UNAVAILABLE;
    }
}
