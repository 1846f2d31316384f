package dev.ossconcat.job;

import java.util.Locale;

/**
 * Where a job is. {@code CLAIMED} is the short moment between taking the job record and OSS's answer (or a crash
 * in that moment); the four states of the first version of the interface follow it. Whether a failed job is
 * submitted again is not the state's alone: see {@link JobRecord#onRedelivery} and {@link FailureKind}.
 */
public enum JobState {
    /** The record exists, no task ID yet. Another delivery that finds it waits or answers as a duplicate. */
    CLAIMED,
    /** OSS accepted the task; the task ID is recorded. */
    SUBMITTED,
    SUCCEEDED,
    /**
     * OSS could not take the task, or the task failed. A transient failure is submitted again by the next delivery
     * while attempts are left; a permanent one only by an explicit retry.
     */
    FAILED,
    /** OSS refused the process string. Permanent: only an explicit retry submits the same string again. */
    REJECTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState ofWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
