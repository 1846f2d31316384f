package dev.ossconcat.job;

import java.util.Locale;

/**
 * Whether a failed attempt may be submitted again without anyone asking (docs/idempotency.md, "Failed jobs"). A
 * task costs money each time it runs, so only a failure that a second run can plausibly fix is transient.
 */
public enum FailureKind {
    /**
     * OSS or IMM could not do it now: OSS unavailable, a lost answer, an IMM server error. The next delivery of the
     * same job submits it again, as long as the job has automatic attempts left ({@code concat.jobs.max-attempts}).
     */
    TRANSIENT,
    /**
     * It would fail the same way again: a broken clip, a process string OSS or IMM refuses, an IMM error code not
     * known to be transient. Later deliveries answer with the failure; only an explicit retry submits again.
     */
    PERMANENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureKind ofWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
