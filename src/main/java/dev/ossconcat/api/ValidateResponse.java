package dev.ossconcat.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.chunk.ChunkPlan;
import dev.ossconcat.chunk.ClipFacts;
import dev.ossconcat.chunk.Estimate;
import dev.ossconcat.chunk.PriceTable;
import dev.ossconcat.http.Problem;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.rules.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code POST /validate} (docs/api.md). Unset fields are left out of the JSON.
 *
 * @param process  the canonical process string, when valid
 * @param source   the object the request would be posted on
 * @param target   where the output would be saved
 * @param clips    the concat order as OSS sees it
 * @param playlist the playlist with presets and defaults applied (for a process string: what the string means)
 * @param warningsTotal, violationsTotal how many there were, when the list shows only the first
 *     {@link Problem#MAX_LISTED}
 * @param plan     how many tasks the job takes, when valid
 * @param estimate the output's duration, the minutes billed and their price, when valid
 * @param probe    what {@code video/info} said of each clip, when the caller asked for a probe
 */
public record ValidateResponse(
        boolean valid,
        String process,
        ObjectRef source,
        ObjectRef target,
        List<ClipRef> clips,
        List<Problem> warnings,
        Integer warningsTotal,
        List<Problem> violations,
        Integer violationsTotal,
        ObjectNode playlist,
        JobPlan plan,
        Estimate estimate,
        List<ProbedClip> probe) {

    public ValidateResponse {
        warningsTotal = Problem.total(warnings, warningsTotal);
        warnings = Problem.cut(warnings);
        violationsTotal = Problem.total(violations, violationsTotal);
        violations = Problem.cut(violations);
    }

    public record ObjectRef(String bucket, String key) {}

    /** One clip of the concat list: its role in the process string and its trim. */
    public record ClipRef(int index, String role, String key, long start, long duration) {}

    /** One clip as {@code video/info} described it; fields it did not give are left out. */
    public record ProbedClip(
            int index, String key, @JsonUnwrapped ClipFacts facts) {

        static List<ProbedClip> of(Playlist p, List<ClipFacts> facts) {
            List<ProbedClip> clips = new ArrayList<>();
            for (int i = 0; i < p.clips().size() && i < facts.size(); i++) {
                clips.add(new ProbedClip(i, p.clips().get(i).key(), facts.get(i)));
            }
            return clips;
        }
    }

    /**
     * This answer with the job's plan and estimate (when valid) and the probe's findings (when there was one).
     *
     * @param facts what is known of each clip: the probe's facts, or nothing
     */
    ValidateResponse priced(Playlist p, List<ClipFacts> facts, boolean probed, PriceTable prices, String partsPrefix) {
        JobPlan jobPlan = null;
        Estimate estimate = null;
        if (valid && p != null) {
            ChunkPlan tree = ChunkPlan.of(p, partsPrefix);
            jobPlan = JobPlan.of(tree);
            estimate = Estimate.of(p, tree, facts, prices);
        }
        return new ValidateResponse(
                valid,
                process,
                source,
                target,
                clips,
                warnings,
                warningsTotal,
                violations,
                violationsTotal,
                playlist,
                jobPlan,
                estimate,
                probed && p != null ? ProbedClip.of(p, facts) : null);
    }

    static ValidateResponse of(Plan plan) {
        Playlist p = plan.playlist();
        if (!plan.valid()) {
            return new ValidateResponse(
                    false,
                    null,
                    null,
                    null,
                    null,
                    Problem.of(plan.warnings()),
                    null,
                    Problem.of(plan.errors()),
                    null,
                    p == null ? null : PlaylistJson.write(p),
                    null,
                    null,
                    null);
        }
        List<ClipRef> clips = new ArrayList<>();
        for (int i = 0; i < p.clips().size(); i++) {
            Clip c = p.clips().get(i);
            String role = i < p.source() ? "pre" : i == p.source() ? "source" : "sur";
            clips.add(new ClipRef(i, role, c.key(), c.start(), c.duration()));
        }
        return new ValidateResponse(
                true,
                plan.process(),
                new ObjectRef(p.bucket(), p.sourceClip().key()),
                new ObjectRef(p.targetBucket(), p.output().key()),
                clips,
                Problem.of(plan.warnings()),
                null,
                null,
                null,
                PlaylistJson.write(p),
                null,
                null,
                null);
    }

    static ValidateResponse invalid(List<Problem> violations) {
        return new ValidateResponse(
                false, null, null, null, null, List.of(), null, violations, null, null, null, null, null);
    }
}
