package dev.ossconcat.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode playlist) {

    public ValidateResponse {
        warningsTotal = Problem.total(warnings, warningsTotal);
        warnings = Problem.cut(warnings);
        violationsTotal = Problem.total(violations, violationsTotal);
        violations = Problem.cut(violations);
    }

    public record ObjectRef(String bucket, String key) {}

    /** One clip of the concat list: its role in the process string and its trim. */
    public record ClipRef(int index, String role, String key, long start, long duration) {}

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
                    p == null ? null : PlaylistJson.write(p));
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
                PlaylistJson.write(p));
    }

    static ValidateResponse invalid(List<Problem> violations) {
        return new ValidateResponse(false, null, null, null, null, List.of(), null, violations, null, null);
    }
}
