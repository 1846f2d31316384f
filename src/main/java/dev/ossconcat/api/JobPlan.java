package dev.ossconcat.api;

import dev.ossconcat.chunk.ChunkPlan;
import java.util.List;

/**
 * The {@code plan} of a {@code /validate} or {@code /concat} answer: how many {@code video/concat} tasks the job
 * takes, level by level (one task while a job has at most 11 clips).
 */
public record JobPlan(int tasks, List<Level> levels) {

    public record Level(int level, int tasks) {}

    static JobPlan of(ChunkPlan plan) {
        return new JobPlan(
                plan.tasks(),
                plan.levels().stream()
                        .map(l -> new Level(l.number(), l.parts().size()))
                        .toList());
    }
}
