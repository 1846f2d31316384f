package dev.ossconcat.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where a chunked job stands: one {@link PartState} per task of its {@link ChunkPlan}, level by level. It is a
 * value: every event (a submission, a completion message) makes a new one, which the job record stores.
 *
 * <p>Completion messages arrive at least once, late, out of order and concurrently, and anyone can post to the
 * notification endpoint when signatures are off. So a completion only counts when it names the task ID recorded for
 * that part, and a part that has succeeded never changes again: a duplicate or a stale failure cannot undo it, and
 * nothing that succeeded is ever submitted again. Which part becomes ready is decided here; that it is submitted
 * exactly once is the job layer's claim, as for single-task jobs.
 */
public record Progress(List<PartState> parts) {

    public Progress {
        parts = List.copyOf(parts);
    }

    /** The life of one part. */
    public enum State {
        /** Not submitted: its inputs are not all there yet, or nobody has claimed it. */
        PENDING,
        /** Submitted; its task ID is recorded. */
        SUBMITTED,
        SUCCEEDED,
        FAILED
    }

    /**
     * One task's state.
     *
     * @param attempts how often it was submitted
     * @param error    IMM's code and message of the last failure, or {@code null}
     */
    public record PartState(int level, int index, State state, String taskId, int attempts, String error) {

        PartState with(State newState, String newTaskId, int newAttempts, String newError) {
            return new PartState(level, index, newState, newTaskId, newAttempts, newError);
        }
    }

    /** Every part pending. */
    public static Progress start(ChunkPlan plan) {
        List<PartState> parts = new ArrayList<>(plan.tasks());
        for (ChunkPlan.Level level : plan.levels()) {
            for (ChunkPlan.Part part : level.parts()) {
                parts.add(new PartState(part.level(), part.index(), State.PENDING, null, 0, null));
            }
        }
        return new Progress(parts);
    }

    /** The state of part {@code (level, index)}, or {@code null}. */
    public PartState part(int level, int index) {
        for (PartState p : parts) {
            if (p.level() == level && p.index() == index) {
                return p;
            }
        }
        return null;
    }

    /**
     * The parts that can be submitted now: pending, on the first level, or with every input part succeeded. A
     * failed part is not ready again by itself: resubmitting it is the failure policy's decision ({@link #retry}).
     */
    public List<ChunkPlan.Part> ready(ChunkPlan plan) {
        List<ChunkPlan.Part> ready = new ArrayList<>();
        for (ChunkPlan.Level level : plan.levels()) {
            for (ChunkPlan.Part part : level.parts()) {
                PartState state = part(part.level(), part.index());
                if (state != null && state.state() == State.PENDING && inputsDone(plan, part)) {
                    ready.add(part);
                }
            }
        }
        return ready;
    }

    /** Part {@code p} submitted as task {@code taskId}; a part that succeeded stays as it is. */
    public Progress submitted(ChunkPlan.Part p, String taskId) {
        return replace(
                p,
                s -> s.state() == State.SUCCEEDED ? s : s.with(State.SUBMITTED, taskId, s.attempts() + 1, s.error()));
    }

    /**
     * A completion message for {@code taskId} on part {@code p}. It counts only when that is the part's recorded
     * task and the part is still in flight; otherwise this progress is returned unchanged, which the caller can
     * recognise with {@code ==} (a duplicate, late or forged message).
     */
    public Progress completed(ChunkPlan.Part p, String taskId, boolean succeeded, String error) {
        PartState s = part(p.level(), p.index());
        if (s == null || s.state() != State.SUBMITTED || taskId == null || !taskId.equals(s.taskId())) {
            return this;
        }
        return replace(
                p,
                x -> succeeded
                        ? x.with(State.SUCCEEDED, x.taskId(), x.attempts(), null)
                        : x.with(State.FAILED, x.taskId(), x.attempts(), error));
    }

    /** A failed part made pending again, for the failure policy to resubmit; any other part is left as it is. */
    public Progress retry(ChunkPlan.Part p) {
        return replace(
                p, s -> s.state() == State.FAILED ? s.with(State.PENDING, s.taskId(), s.attempts(), s.error()) : s);
    }

    /** Parts succeeded over parts in the plan: the job's {@code progress}. */
    public double fraction() {
        long done = parts.stream().filter(p -> p.state() == State.SUCCEEDED).count();
        return parts.isEmpty() ? 0 : (double) done / parts.size();
    }

    /** Whether the last task, the one writing the output, succeeded. */
    public boolean finished() {
        return !parts.isEmpty() && parts.get(parts.size() - 1).state() == State.SUCCEEDED;
    }

    /** The first failed part, or {@code null}. */
    public PartState failure() {
        return parts.stream().filter(p -> p.state() == State.FAILED).findFirst().orElse(null);
    }

    private boolean inputsDone(ChunkPlan plan, ChunkPlan.Part part) {
        if (part.level() == 1) {
            return true;
        }
        for (ChunkPlan.Part input : plan.levels().get(part.level() - 2).parts()) {
            boolean feeds = input.firstClip() >= part.firstClip() && input.lastClip() <= part.lastClip();
            if (feeds && part(input.level(), input.index()).state() != State.SUCCEEDED) {
                return false;
            }
        }
        return true;
    }

    private Progress replace(ChunkPlan.Part p, UnaryOperator<PartState> change) {
        List<PartState> next = new ArrayList<>(parts);
        for (int i = 0; i < next.size(); i++) {
            PartState s = next.get(i);
            if (s.level() == p.level() && s.index() == p.index()) {
                PartState changed = change.apply(s);
                if (changed.equals(s)) {
                    return this;
                }
                next.set(i, changed);
                return new Progress(next);
            }
        }
        return this;
    }
}
