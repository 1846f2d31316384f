package dev.ossconcat.job;

import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.Progress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chunked job's state on OSS, and what a completion makes of it. Pure: the pipeline lists and writes, this decides.
 *
 * <p>The job record is written only by whoever holds the job's claim, so concurrent completions of different parts
 * must not write it. Each attempt of each part has objects of its own under the job's parts prefix:
 * <ul>
 * <li>{@code L1-P003.a1.json}: created with {@code x-oss-forbid-overwrite}, it is the claim of attempt 1 of part
 *     L1-P003 (exactly one delivery submits it); its claimer then writes the task ID into it;</li>
 * <li>{@code L1-P003.a1.done} or {@code .failed}: written by a delivery of that task's completion message, after
 *     it checked the task ID against the attempt object. Repeating a message writes the same marker again.</li>
 * </ul>
 * So one LIST shows every part's state ({@link #progress}); no write can undo another, and a part's next attempt,
 * like the next level's parts, is submitted by whichever delivery creates its attempt object first.
 */
public final class ChunkRun {

    private static final Pattern OBJECT = Pattern.compile("L(\\d{1,2})-P(\\d{3,4})\\.a(\\d{1,4})\\.(json|done|failed)");

    /** Which attempt of which part a task is, as the task index records it. */
    public record Attempt(int level, int index, int attempt) {

        /** {@code L1-P003.a1}: the part's name and the attempt. */
        public String wire() {
            return name(level, index) + ".a" + attempt;
        }

        static Attempt ofWire(String s) {
            Matcher m = Pattern.compile("L(\\d{1,2})-P(\\d{3,4})\\.a(\\d{1,4})").matcher(s == null ? "" : s);
            return m.matches()
                    ? new Attempt(
                            Integer.parseInt(m.group(1)),
                            Integer.parseInt(m.group(2)) - 1,
                            Integer.parseInt(m.group(3)))
                    : null;
        }
    }

    private ChunkRun() {}

    /**
     * Where a job's parts and their state objects live: {@code <jobs prefix>parts/<jobId>/}. Every job's parts share
     * one prefix apart from the job records, so that one lifecycle rule on it expires abandoned intermediates
     * without touching a record (docs/chunked.md).
     */
    public static String partsPrefix(String jobsPrefix, String jobId) {
        return jobsPrefix + "parts/" + jobId + "/";
    }

    /** {@code L1-P003} for part index 2 of level 1, as the parts' media keys name them too. */
    public static String name(int level, int index) {
        return "L" + level + "-P" + String.format("%03d", index + 1);
    }

    public static String name(ChunkPlan.Part p) {
        return name(p.level(), p.index());
    }

    static String attemptKey(String prefix, Attempt a) {
        return prefix + a.wire() + ".json";
    }

    static String markerKey(String prefix, Attempt a, boolean succeeded) {
        return prefix + a.wire() + (succeeded ? ".done" : ".failed");
    }

    /** Whether a key under the parts prefix is a state object rather than a part's media. */
    static boolean stateObject(String prefix, String key) {
        return key.startsWith(prefix)
                && OBJECT.matcher(key.substring(prefix.length())).matches();
    }

    /**
     * Every part's state from the keys under the parts prefix: succeeded when an attempt has its {@code .done};
     * else as its latest attempt stands: failed with {@code .failed}, submitted with only its {@code .json}; pending
     * without any attempt. Task IDs are not in the keys: they are null here.
     */
    public static Progress progress(ChunkPlan plan, String prefix, Collection<String> keys) {
        Map<String, int[]> latest = new HashMap<>(); // part name -> {attempt, 0 submitted | 1 done | 2 failed}
        Map<String, Boolean> succeeded = new HashMap<>();
        for (String key : keys) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            Matcher m = OBJECT.matcher(key.substring(prefix.length()));
            if (!m.matches()) {
                continue;
            }
            String part = "L" + Integer.parseInt(m.group(1)) + "-P" + m.group(2);
            int attempt = Integer.parseInt(m.group(3));
            String kind = m.group(4);
            if (kind.equals("done")) {
                succeeded.put(part, true);
            }
            int[] l = latest.computeIfAbsent(part, k -> new int[] {0, 0});
            if (attempt > l[0]) {
                l[0] = attempt;
                l[1] = 0;
            }
            if (attempt == l[0] && !kind.equals("json")) {
                l[1] = kind.equals("done") ? 1 : 2;
            }
        }
        List<Progress.PartState> parts = new ArrayList<>(plan.tasks());
        for (ChunkPlan.Level level : plan.levels()) {
            for (ChunkPlan.Part p : level.parts()) {
                int[] l = latest.get(name(p));
                Progress.State state;
                if (succeeded.containsKey(name(p))) {
                    state = Progress.State.SUCCEEDED;
                } else if (l == null) {
                    state = Progress.State.PENDING;
                } else {
                    state = l[1] == 2 ? Progress.State.FAILED : Progress.State.SUBMITTED;
                }
                parts.add(new Progress.PartState(p.level(), p.index(), state, null, l == null ? 0 : l[0], null));
            }
        }
        return new Progress(parts);
    }

    /** What a delivery does next. */
    public sealed interface Next {

        /** Submit these attempts (each claimed first: a delivery that loses a claim skips that one). */
        record Submit(List<Attempt> attempts) implements Next {}

        /** The job fails: {@code error} names the part, its clips and IMM's message. */
        record Fail(String error, FailureKind kind) implements Next {}
    }

    /**
     * After a part succeeded: every part that is pending with all its inputs done. A duplicate or late success
     * finds them submitted already (their attempt objects exist) and submits nothing; of concurrent deliveries that
     * both see a level complete, the claims decide.
     */
    public static Next.Submit afterSuccess(ChunkPlan plan, Progress progress) {
        List<Attempt> next = new ArrayList<>();
        for (ChunkPlan.Part p : progress.ready(plan)) {
            next.add(new Attempt(
                    p.level(), p.index(), progress.part(p.level(), p.index()).attempts() + 1));
        }
        return new Next.Submit(next);
    }

    /**
     * After part {@code p} failed with {@code error} ({@code kind} by the failure policy): a transient failure is
     * submitted again as the next attempt while the part has made fewer than {@code maxAttempts}; otherwise the job
     * fails, naming the part's clip range. A part that has succeeded meanwhile (a late failure of an earlier
     * attempt) is never submitted again.
     */
    public static Next afterFailure(
            ChunkPlan.Part p, Progress progress, String error, FailureKind kind, int maxAttempts) {
        Progress.PartState s = progress.part(p.level(), p.index());
        if (s.state() == Progress.State.SUCCEEDED) {
            return new Next.Submit(List.of());
        }
        if (kind == FailureKind.TRANSIENT && s.attempts() < maxAttempts) {
            return new Next.Submit(List.of(new Attempt(p.level(), p.index(), s.attempts() + 1)));
        }
        return new Next.Fail(describe(p) + " failed after " + s.attempts() + " attempt(s): " + error, kind);
    }

    /**
     * At a job's (next) attempt: its failed parts again, as their next attempts, and whatever is ready. Parts that
     * succeeded stay as they are; parts still in flight are left to their completion messages.
     */
    public static Next.Submit restart(ChunkPlan plan, Progress progress) {
        List<Attempt> next = new ArrayList<>();
        for (Progress.PartState s : progress.parts()) {
            if (s.state() == Progress.State.FAILED) {
                next.add(new Attempt(s.level(), s.index(), s.attempts() + 1));
            }
        }
        next.addAll(afterSuccess(plan, progress).attempts());
        return new Next.Submit(next);
    }

    /** {@code part L1-P003 (clips 12-17)}, with the clips numbered from 0 as in the playlist. */
    public static String describe(ChunkPlan.Part p) {
        return "part " + name(p) + " (clips " + p.firstClip() + "-" + p.lastClip() + ")";
    }
}
