package dev.ossconcat.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.Progress;
import dev.ossconcat.job.ChunkRun;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobState;
import dev.ossconcat.job.ProgressView;
import java.util.Locale;

/**
 * What {@code GET /status} adds to the job record: {@code plan}, the tree of tasks with each part's clips, task ID
 * and state (docs/api.md), and the counts {@code progress} is made of ({@link ProgressView}). A one-task job is a tree
 * of one part, its own task.
 */
final class StatusView {

    private StatusView() {}

    /**
     * @param progress a chunked job's parts as listed on OSS, or null for a one-task job (its part is the record)
     * @return how far the job has come, counted over the plan's parts
     */
    static ProgressView addPlan(ObjectNode answer, JobRecord r, ChunkPlan tree, Progress progress) {
        int total = tree.tasks();
        int done = 0;
        Integer firstOpen = null;
        ObjectNode plan = answer.putObject("plan");
        plan.put("tasks", total);
        ArrayNode levels = plan.putArray("levels");
        int number = 0;
        for (ChunkPlan.Level level : tree.levels()) {
            ObjectNode l = levels.addObject();
            l.put("level", level.number());
            ArrayNode parts = l.putArray("parts");
            for (ChunkPlan.Part p : level.parts()) {
                number++;
                Progress.PartState s = progress == null ? null : progress.part(p.level(), p.index());
                boolean last = p == tree.last();
                String state;
                String taskId;
                if (progress == null || (last && r.state() != JobState.SUBMITTED)) {
                    // the job's own task: the record knows it best
                    state = r.state() == JobState.CLAIMED
                            ? "pending"
                            : r.state().wire();
                    taskId = r.taskId();
                } else {
                    state = s.state().name().toLowerCase(Locale.ROOT);
                    taskId = s.taskId();
                }
                ObjectNode part = parts.addObject();
                part.put("part", ChunkRun.name(p));
                part.putArray("clips").add(p.firstClip()).add(p.lastClip());
                part.put("state", state);
                part.put("taskId", taskId);
                part.put("attempts", s == null ? r.attempt() : s.attempts());
                if ("succeeded".equals(state)) {
                    done++;
                } else if (firstOpen == null) {
                    firstOpen = number;
                }
            }
        }
        return ProgressView.of(r, done, total, firstOpen == null ? total : firstOpen);
    }
}
