package dev.ossconcat.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theFirstLevelIsReadyAtOnceAndTheNextWhenItsInputsSucceeded() {
        ChunkPlan plan = ChunkPlan.of(ChunkPlanTest.playlist(30, 0), "p/");
        Progress progress = Progress.start(plan);
        assertEquals(List.of(plan.part(1, 0), plan.part(1, 1), plan.part(1, 2)), progress.ready(plan));
        for (int i = 0; i < 3; i++) {
            progress = progress.submitted(plan.part(1, i), "task-" + i);
        }
        assertEquals(List.of(), progress.ready(plan), "submitted parts are not ready again");
        progress = progress.completed(plan.part(1, 0), "task-0", true, null);
        progress = progress.completed(plan.part(1, 2), "task-2", true, null);
        assertEquals(List.of(), progress.ready(plan), "part 2 of level 1 is still rendering");
        assertEquals(2.0 / 4, progress.fraction());
        progress = progress.completed(plan.part(1, 1), "task-1", true, null);
        assertEquals(List.of(plan.last()), progress.ready(plan));
        progress = progress.submitted(plan.last(), "task-last");
        assertFalse(progress.finished());
        progress = progress.completed(plan.last(), "task-last", true, null);
        assertTrue(progress.finished());
        assertEquals(1.0, progress.fraction());
    }

    @Test
    void onThreeLevelsAPartWaitsOnlyForItsOwnInputs() {
        ChunkPlan plan = ChunkPlan.of(ChunkPlanTest.playlist(122, 0), "p/");
        Progress progress = Progress.start(plan);
        ChunkPlan.Part firstOfLevel2 = plan.part(2, 0);
        // level 2 part 0 joins level 1 parts 0..5 (12 parts split 6 + 6)
        for (int i = 0; i < 6; i++) {
            progress = progress.submitted(plan.part(1, i), "t" + i).completed(plan.part(1, i), "t" + i, true, null);
        }
        assertEquals(
                List.of(firstOfLevel2),
                progress.ready(plan).stream().filter(p -> p.level() == 2).toList());
    }

    @Test
    void aCompletionCountsOnlyForTheRecordedTaskAndASuccessIsFinal() {
        ChunkPlan plan = ChunkPlan.of(ChunkPlanTest.playlist(12, 0), "p/");
        ChunkPlan.Part part = plan.part(1, 0);
        Progress submitted = Progress.start(plan).submitted(part, "real");
        assertSame(submitted, submitted.completed(part, "forged", false, "Forged"), "another task's message");
        assertSame(submitted, submitted.completed(part, null, true, null));
        Progress done = submitted.completed(part, "real", true, null);
        assertSame(done, done.completed(part, "real", true, null), "a duplicate");
        assertSame(done, done.completed(part, "real", false, "late"), "a stale failure");
        assertEquals(
                Progress.State.SUCCEEDED,
                done.submitted(part, "again").part(1, 0).state());
        assertSame(done, done.retry(part), "only a failed part can be retried");
    }

    @Test
    void aFailedPartWaitsForThePolicyAndCountsItsAttempts() {
        ChunkPlan plan = ChunkPlan.of(ChunkPlanTest.playlist(12, 0), "p/");
        ChunkPlan.Part part = plan.part(1, 1);
        Progress failed = Progress.start(plan).submitted(part, "a").completed(part, "a", false, "InternalError: x");
        assertEquals("InternalError: x", failed.failure().error());
        assertFalse(failed.ready(plan).contains(part));
        Progress again = failed.retry(part);
        assertTrue(again.ready(plan).contains(part));
        Progress.PartState resubmitted = again.submitted(part, "b").part(1, 1);
        assertEquals(2, resubmitted.attempts());
        assertEquals("b", resubmitted.taskId());
        assertNull(Progress.start(plan).failure());
    }

    /**
     * A job driven by messages that arrive duplicated, reordered and mixed with forged ones: every part is submitted
     * exactly once, and the job finishes.
     */
    @Property(tries = 50)
    void duplicatedReorderedAndForgedMessagesNeitherResubmitNorStall(
            @ForAll @IntRange(min = 12, max = 400) int clips, @ForAll long seed) {
        Random random = new Random(seed);
        ChunkPlan plan = ChunkPlan.of(ChunkPlanTest.playlist(clips, 0), "p/");
        Progress progress = Progress.start(plan);
        Map<String, Integer> submissions = new HashMap<>();
        List<String[]> inbox = new ArrayList<>(); // {level, index, taskId}
        int steps = 0;
        while (!progress.finished()) {
            assertTrue(++steps < 100_000, "the job stalls");
            for (ChunkPlan.Part p : progress.ready(plan)) {
                String id = "L" + p.level() + "P" + p.index();
                submissions.merge(id, 1, Integer::sum);
                progress = progress.submitted(p, id);
                inbox.add(new String[] {"" + p.level(), "" + p.index(), id});
                if (random.nextInt(4) == 0) {
                    inbox.add(new String[] {"" + p.level(), "" + p.index(), id}); // at least once: a duplicate
                }
                if (random.nextInt(6) == 0) {
                    inbox.add(new String[] {"" + p.level(), "" + p.index(), "forged"});
                }
            }
            String[] m = inbox.remove(random.nextInt(inbox.size()));
            ChunkPlan.Part p = plan.part(Integer.parseInt(m[0]), Integer.parseInt(m[1]));
            progress = progress.completed(p, m[2], !m[2].equals("forged") || random.nextBoolean(), "forged");
        }
        assertEquals(plan.tasks(), submissions.size());
        assertTrue(submissions.values().stream().allMatch(n -> n == 1), "no part submitted twice");
    }
}
