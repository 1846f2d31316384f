package dev.ossconcat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.ChunkPlanTest;
import dev.ossconcat.chunk.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The decisions of a chunked job's deliveries, without OSS: the parts' state from the keys a listing returns, and
 * what a completion leads to. The property plays many deliveries against a set of keys that behaves as OSS's
 * forbid-overwrite does, interleaving their steps at random.
 */
class ChunkRunTest {

    static final String PREFIX = "concat-jobs/parts/j/";

    static ChunkPlan plan(int clips) {
        return ChunkPlan.of(ChunkPlanTest.playlist(clips, 0), PREFIX);
    }

    static String key(int level, int index, int attempt, String kind) {
        return PREFIX + ChunkRun.name(level, index) + ".a" + attempt + "." + kind;
    }

    @Test
    void aListingShowsEachPartAsItsLatestAttemptStandsAndASuccessIsFinal() {
        ChunkPlan plan = plan(30);
        Progress p = ChunkRun.progress(
                plan,
                PREFIX,
                List.of(
                        key(1, 0, 1, "json"),
                        key(1, 0, 1, "done"),
                        PREFIX + "L1-P001.mp4", // the part's media is no state
                        key(1, 1, 1, "json"),
                        key(1, 1, 1, "failed"),
                        key(1, 1, 2, "json"),
                        key(1, 2, 1, "json"),
                        key(1, 2, 1, "failed"),
                        "concat-jobs/parts/other/L2-P001.a1.done"));
        assertEquals(Progress.State.SUCCEEDED, p.part(1, 0).state());
        assertEquals(Progress.State.SUBMITTED, p.part(1, 1).state(), "its second attempt runs");
        assertEquals(2, p.part(1, 1).attempts());
        assertEquals(Progress.State.FAILED, p.part(1, 2).state());
        assertEquals(Progress.State.PENDING, p.part(2, 0).state(), "another job's keys do not count");
        assertTrue(ChunkRun.stateObject(PREFIX, key(1, 0, 1, "done")));
        assertTrue(!ChunkRun.stateObject(PREFIX, PREFIX + "L1-P001.mp4"));

        // a late failure of an attempt after a success of an earlier one does not undo it
        Progress late = ChunkRun.progress(
                plan, PREFIX, List.of(key(1, 0, 1, "json"), key(1, 0, 1, "done"), key(1, 0, 2, "failed")));
        assertEquals(Progress.State.SUCCEEDED, late.part(1, 0).state());
    }

    @Test
    void aSuccessSubmitsTheNextLevelOnlyWhenEveryInputSucceeded() {
        ChunkPlan plan = plan(30); // 10 + 10 + 10, then the final task
        List<String> keys = new ArrayList<>(
                List.of(key(1, 0, 1, "json"), key(1, 1, 1, "json"), key(1, 2, 1, "json"), key(1, 0, 1, "done")));
        assertEquals(
                List.of(),
                ChunkRun.afterSuccess(plan, ChunkRun.progress(plan, PREFIX, keys))
                        .attempts());
        keys.add(key(1, 2, 1, "done"));
        keys.add(key(1, 1, 1, "done"));
        assertEquals(
                List.of(new ChunkRun.Attempt(2, 0, 1)),
                ChunkRun.afterSuccess(plan, ChunkRun.progress(plan, PREFIX, keys))
                        .attempts());
        // once its attempt object exists, a duplicate or late success submits nothing
        keys.add(key(2, 0, 1, "json"));
        assertEquals(
                List.of(),
                ChunkRun.afterSuccess(plan, ChunkRun.progress(plan, PREFIX, keys))
                        .attempts());
    }

    @Test
    void aTransientFailureIsSubmittedAgainWhileAttemptsAreLeftThenTheJobFailsNamingTheClips() {
        ChunkPlan plan = plan(30);
        ChunkPlan.Part second = plan.part(1, 1);
        List<String> keys = new ArrayList<>(List.of(key(1, 1, 1, "json"), key(1, 1, 1, "failed")));
        ChunkRun.Next next = ChunkRun.afterFailure(
                second, ChunkRun.progress(plan, PREFIX, keys), "InternalError: busy", FailureKind.TRANSIENT, 2);
        assertEquals(new ChunkRun.Next.Submit(List.of(new ChunkRun.Attempt(1, 1, 2))), next);

        keys.addAll(List.of(key(1, 1, 2, "json"), key(1, 1, 2, "failed")));
        next = ChunkRun.afterFailure(
                second, ChunkRun.progress(plan, PREFIX, keys), "InternalError: busy", FailureKind.TRANSIENT, 2);
        ChunkRun.Next.Fail fail = assertInstanceOf(ChunkRun.Next.Fail.class, next);
        assertEquals(
                "part L1-P002 (clips 10-19) failed after 2 attempt(s): InternalError: busy", fail.error(), "bounded");
        assertEquals(FailureKind.TRANSIENT, fail.kind());
    }

    @Test
    void aPermanentFailureFailsTheJobAtOnceWithImmsMessage() {
        ChunkPlan plan = plan(30);
        ChunkRun.Next next = ChunkRun.afterFailure(
                plan.part(1, 2),
                ChunkRun.progress(plan, PREFIX, List.of(key(1, 2, 1, "json"), key(1, 2, 1, "failed"))),
                "InvalidArgument: the clip has no video stream",
                FailureKind.PERMANENT,
                3);
        assertEquals(
                new ChunkRun.Next.Fail(
                        "part L1-P003 (clips 20-29) failed after 1 attempt(s): InvalidArgument: the clip has no video"
                                + " stream",
                        FailureKind.PERMANENT),
                next);
    }

    @Test
    void aJobsNextAttemptResubmitsOnlyWhatFailedAndNeverWhatSucceeded() {
        ChunkPlan plan = plan(30);
        List<String> keys = List.of(
                key(1, 0, 1, "json"),
                key(1, 0, 1, "done"),
                key(1, 1, 1, "json"),
                key(1, 1, 1, "failed"),
                key(1, 1, 2, "json"),
                key(1, 1, 2, "failed"),
                key(1, 2, 1, "json")); // still in flight: left to its completion
        assertEquals(
                List.of(new ChunkRun.Attempt(1, 1, 3)),
                ChunkRun.restart(plan, ChunkRun.progress(plan, PREFIX, keys)).attempts());
        // a late failure of an attempt that succeeded is nothing to resubmit
        assertEquals(
                new ChunkRun.Next.Submit(List.of()),
                ChunkRun.afterFailure(
                        plan.part(1, 0), ChunkRun.progress(plan, PREFIX, keys), "X: late", FailureKind.TRANSIENT, 3));
    }

    @Test
    void anAttemptIsWrittenAndReadAsTheTaskIndexNamesIt() {
        ChunkRun.Attempt a = new ChunkRun.Attempt(2, 11, 3);
        assertEquals("L2-P012.a3", a.wire());
        assertEquals(a, ChunkRun.Attempt.ofWire(a.wire()));
        assertEquals(null, ChunkRun.Attempt.ofWire("L2-P012"));
        assertEquals(null, ChunkRun.Attempt.ofWire("../x"));
    }

    /**
     * Every part's completion delivered 1-3 times, the deliveries' steps (mark, list and decide, claim each attempt)
     * interleaved at random, as concurrent function instances would run them: every part of every level is claimed
     * exactly once, and the job always reaches its final task.
     */
    @Property(tries = 60)
    void duplicateReorderedAndConcurrentCompletionsSubmitEveryPartExactlyOnce(
            @ForAll @IntRange(min = 12, max = 260) int clips, @ForAll long seed) {
        ChunkPlan plan = plan(clips);
        Random random = new Random(seed);
        Set<String> store = ConcurrentHashMap.newKeySet();
        Map<String, Integer> claimed = new HashMap<>();
        List<Delivery> pending = new ArrayList<>();
        // the job's first delivery claims the first level
        for (ChunkRun.Attempt a :
                ChunkRun.restart(plan, ChunkRun.progress(plan, PREFIX, store)).attempts()) {
            claim(store, claimed, a, pending, random);
        }
        while (!pending.isEmpty()) {
            Delivery d = pending.get(random.nextInt(pending.size()));
            if (d.step(plan, store)) {
                pending.remove(d);
                for (ChunkRun.Attempt a : d.decided) {
                    claim(store, claimed, a, pending, random);
                }
            }
        }
        assertEquals(plan.tasks(), claimed.size(), "every part was submitted: " + claimed);
        claimed.forEach((part, times) -> assertEquals(1, times, part + " was submitted " + times + " times"));
        assertTrue(ChunkRun.progress(plan, PREFIX, store).finished(), "the final task succeeded");
    }

    /** The claim of an attempt object; its winner submits, and the task's completion is then delivered 1-3 times. */
    private static void claim(
            Set<String> store, Map<String, Integer> claimed, ChunkRun.Attempt a, List<Delivery> pending, Random r) {
        if (store.add(ChunkRun.attemptKey(PREFIX, a))) {
            claimed.merge(a.wire(), 1, Integer::sum);
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                pending.add(new Delivery(a));
            }
        }
    }

    /** One delivery of a success, in steps that other deliveries may interleave with. */
    static final class Delivery {
        final ChunkRun.Attempt attempt;
        int step;
        List<ChunkRun.Attempt> decided = List.of();

        Delivery(ChunkRun.Attempt attempt) {
            this.attempt = attempt;
        }

        /** Runs one step; true when the delivery has decided (its claims follow). */
        boolean step(ChunkPlan plan, Set<String> store) {
            if (step++ == 0) {
                store.add(ChunkRun.markerKey(PREFIX, attempt, true));
                return false;
            }
            decided = ChunkRun.afterSuccess(plan, ChunkRun.progress(plan, PREFIX, Set.copyOf(store)))
                    .attempts();
            return true;
        }
    }
}
