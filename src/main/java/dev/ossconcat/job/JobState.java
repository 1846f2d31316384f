package dev.ossconcat.job;

import java.util.Locale;

/**
 * Where a job is. {@code CLAIMED} is the short moment between taking the job record and OSS's answer (or a crash
 * in that moment); the four states of the first version of the interface follow it.
 */
public enum JobState {
    /** The record exists, no task ID yet. Another delivery that finds it waits or answers as a duplicate. */
    CLAIMED,
    /** OSS accepted the task; the task ID is recorded. */
    SUBMITTED,
    SUCCEEDED,
    /** OSS could not take the task, or the task failed; may be submitted again. */
    FAILED,
    /** OSS refused the process string; may be submitted again (after fixing what OSS named). */
    REJECTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState ofWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Whether a new delivery of the same job should submit it again rather than answer as a duplicate. */
    public boolean resubmittable() {
        return this == FAILED || this == REJECTED;
    }
}
