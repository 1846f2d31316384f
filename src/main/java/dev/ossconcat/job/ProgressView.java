package dev.ossconcat.job;

import java.util.Locale;

/**
 * How far a job has come, as {@code GET /status} shows it in {@code progress} (docs/api.md): a phase a person can
 * read, a fraction for a progress bar, and the parts of a chunked job. Pure: it follows from the job record's state,
 * its verification and the parts done, so that a frontend never has to reconstruct it from the record's fields.
 *
 * @param fraction   0.0 to 1.0; it never goes back while a job moves on, and only {@code succeeded} and
 *                   {@code verified} reach 1.0
 * @param partsDone  parts of the job whose tasks succeeded; a one-task job has one part, its task
 * @param partsTotal the plan's tasks (the parts of every level and the last task), at least 1
 * @param part       while a chunked job renders: the 1-based number of the first part not yet done; else null
 */
public record ProgressView(Phase phase, double fraction, int partsDone, int partsTotal, Integer part) {

    /** The phases in the order a job goes through them; {@code failed} and {@code rejected} end it early. */
    public enum Phase {
        /** Claimed: the playlist was checked and the task is being submitted. */
        VALIDATING,
        /** OSS accepted the one task (or the first of a chunked job) and has not reported it done. */
        SUBMITTED,
        /** A chunked job's parts are being joined; {@code part} says which. */
        RENDERING,
        /** Every part is done; the last task joins them. */
        FINISHING,
        /** The output exists; the verification, if any, is not recorded yet. */
        SUCCEEDED,
        /** The verification is recorded ({@code verified} in the record says what it found). */
        VERIFIED,
        FAILED,
        REJECTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a submitted job shows before any part is done: it is under way, but nothing has been measured. */
    static final double STARTED = 0.05;

    public ProgressView {
        if (partsTotal < 1 || partsDone < 0 || partsDone > partsTotal) {
            throw new IllegalArgumentException("parts done " + partsDone + " of " + partsTotal);
        }
    }

    /** A one-task job: its one part is done once it succeeded. */
    public static ProgressView of(JobRecord record) {
        int done = record.state() == JobState.SUCCEEDED ? 1 : 0;
        return of(record, done, 1);
    }

    /**
     * @param partsDone  parts whose tasks succeeded, the job's last task among them
     * @param partsTotal the plan's tasks: 1 for a one-task job, the parts of every level and the last task for a
     *                   chunked one
     */
    public static ProgressView of(JobRecord record, int partsDone, int partsTotal) {
        return of(record, partsDone, partsTotal, partsDone + 1);
    }

    /**
     * @param firstOpen the 1-based number of the first part not done, in plan order; parts run in parallel, so it
     *                  can be lower than {@code partsDone + 1}
     */
    public static ProgressView of(JobRecord record, int partsDone, int partsTotal, int firstOpen) {
        return switch (record.state()) {
            case CLAIMED -> new ProgressView(Phase.VALIDATING, 0.0, partsDone, partsTotal, null);
            case SUBMITTED -> submitted(partsDone, partsTotal, firstOpen);
            case SUCCEEDED ->
                new ProgressView(
                        record.verification() == null ? Phase.SUCCEEDED : Phase.VERIFIED,
                        1.0,
                        partsTotal,
                        partsTotal,
                        null);
            case FAILED -> new ProgressView(Phase.FAILED, reached(partsDone, partsTotal), partsDone, partsTotal, null);
            case REJECTED ->
                new ProgressView(Phase.REJECTED, reached(partsDone, partsTotal), partsDone, partsTotal, null);
        };
    }

    private static ProgressView submitted(int done, int total, int firstOpen) {
        if (total == 1) {
            // OSS says nothing about a task between acceptance and its completion message
            return new ProgressView(Phase.SUBMITTED, STARTED, done, total, null);
        }
        if (done >= total - 1) {
            // every part but the last task is done: the last task joins them
            return new ProgressView(Phase.FINISHING, reached(done, total), done, total, null);
        }
        return new ProgressView(Phase.RENDERING, reached(done, total), done, total, firstOpen);
    }

    /** Parts done over parts in all, but never below {@link #STARTED} once the job is under way. */
    private static double reached(int done, int total) {
        return Math.max(STARTED, (double) done / total);
    }
}
