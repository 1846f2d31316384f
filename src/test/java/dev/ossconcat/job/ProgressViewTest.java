package dev.ossconcat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.job.ProgressView.Phase;
import dev.ossconcat.verify.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static JobRecord claimed() {
        return JobRecord.firstClaim(
                "0123456789abcdef0123456789abcdef",
                "video/concat,f_mp4",
                new JobRecord.Ref("media", "a.mp4"),
                new JobRecord.Ref("media", "outputs/x.mp4"),
                null,
                null,
                "token",
                T0);
    }

    static JobRecord submitted() {
        return claimed().submitted(new JobRecord.Task("task", "event", "request", T0.plusSeconds(1)));
    }

    @Test
    void aOneTaskJobGoesThroughItsPhasesForward() {
        JobRecord succeeded = submitted().succeeded(T0.plusSeconds(9), T0.plusSeconds(10));
        List<ProgressView> seen = List.of(
                ProgressView.of(claimed()),
                ProgressView.of(submitted()),
                ProgressView.of(succeeded),
                ProgressView.of(succeeded.verified(Verification.verified(), T0.plusSeconds(11))));
        assertEquals(
                List.of(Phase.VALIDATING, Phase.SUBMITTED, Phase.SUCCEEDED, Phase.VERIFIED),
                seen.stream().map(ProgressView::phase).toList());
        assertEquals(
                List.of(0, 0, 1, 1), seen.stream().map(ProgressView::partsDone).toList());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).fraction() >= seen.get(i - 1).fraction(), "never backwards: " + seen);
        }
        assertEquals(0.0, seen.get(0).fraction());
        assertEquals(1.0, seen.get(3).fraction());
        seen.forEach(p -> assertNull(p.part(), "a one-task job has no part number"));
        seen.forEach(p -> assertEquals(1, p.partsTotal()));
    }

    @Test
    void aChunkedJobNamesThePartItRendersThenFinishes() {
        List<ProgressView> seen = new ArrayList<>();
        // three parts and the last task that joins them
        for (int done = 0; done <= 3; done++) {
            seen.add(ProgressView.of(submitted(), done, 4));
        }
        assertEquals(
                List.of(Phase.RENDERING, Phase.RENDERING, Phase.RENDERING, Phase.FINISHING),
                seen.stream().map(ProgressView::phase).toList());
        assertEquals(
                List.of(1, 2, 3),
                seen.subList(0, 3).stream().map(ProgressView::part).toList());
        assertNull(seen.get(3).part());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).fraction() > seen.get(i - 1).fraction(), "moves on: " + seen);
        }
        assertTrue(seen.get(3).fraction() < 1.0, "the last task is still running");
    }

    @Test
    void aVerificationThatFoundAMismatchIsStillTheVerifiedPhase() {
        JobRecord j = submitted()
                .succeeded(T0.plusSeconds(9), T0.plusSeconds(10))
                .verified(Verification.mismatch("duration 3000 ms, expected 7000 ms"), T0.plusSeconds(11));
        assertEquals(Phase.VERIFIED, ProgressView.of(j).phase());
    }

    @Test
    void failureKeepsHowFarTheJobCame() {
        JobRecord failed = submitted().taskFailed(T0.plusSeconds(5), "boom", FailureKind.PERMANENT, T0.plusSeconds(6));
        ProgressView p = ProgressView.of(failed, 2, 4);
        assertEquals(Phase.FAILED, p.phase());
        assertEquals(2, p.partsDone());
        assertTrue(p.fraction() > ProgressView.of(failed, 1, 4).fraction());
        assertEquals(
                Phase.REJECTED,
                ProgressView.of(claimed().rejected("InvalidArgument", T0.plusSeconds(2)))
                        .phase());
        assertEquals("rejected", Phase.REJECTED.wire());
    }

    @Test
    void impossiblePartCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProgressView.of(submitted(), 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ProgressView.of(submitted(), 0, 0));
    }
}
