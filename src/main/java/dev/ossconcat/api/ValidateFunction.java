package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.chunk.ClipFacts;
import dev.ossconcat.chunk.ProbeFindings;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.config.Prices;
import dev.ossconcat.guard.AllowList;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.Problem;
import dev.ossconcat.job.ChunkRun;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.process.Paths;
import dev.ossconcat.rules.Plan;
import dev.ossconcat.verify.ClipProbe;
import dev.ossconcat.webhook.Callbacks;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code POST /validate}: the dry run. Checks a playlist or a raw process string against every rule and shows
 * the process string that {@code /concat} would submit, the job's plan and its estimate; nothing is read from or
 * written to OSS. With {@code ?probe=true} it also asks OSS {@code video/info} about every clip (billed IMM calls),
 * checks the trims against the clips' real durations and estimates from what the clips are.
 */
public class ValidateFunction {

    @Inject
    ConcatConfig config;

    @Inject
    AllowList allowList;

    @Inject
    Prices prices;

    @Inject
    ClipProbe clipProbe;

    @Inject
    OssGateway oss;

    @Inject
    CurrentVertxRequest request;

    @Inject
    Callbacks callbacks;

    @Funq("validate")
    public ValidateResponse validate(JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiException.badRequest(
                    "empty_body",
                    "the request body is empty; send a playlist or " + "{\"process\": \"video/concat,...\"}");
        }
        String probe = probeRequested();
        ValidateRequest validate = ValidateRequest.of(body);
        if (validate.findings().hasErrors()) {
            return ValidateResponse.invalid(Problem.of(validate.findings().errors()));
        }
        Plan plan;
        if (validate.isProcess()) {
            String bucket = validate.sourceBucket() != null
                    ? validate.sourceBucket()
                    : validate.sourceKey() != null ? config.defaults().bucket() : null;
            plan = allowed(Plan.ofProcess(validate.process(), bucket, validate.sourceKey()), Paths.PROCESS);
        } else {
            plan = allowed(Plan.of(PlaylistJson.read(body), config.defaults()), Paths.PLAYLIST);
        }
        Playlist p = plan.playlist();
        List<ClipFacts> facts = List.of();
        // only a playlist that could be submitted is worth paying to probe, and only one whose clips are all named
        boolean probed = probe != null && plan.valid() && p.clips().stream().allMatch(c -> c.key() != null);
        if (probed) {
            OssSession session = oss.forRequest(request.getCurrent().request().headers()::get);
            ClipProbe.Probed found =
                    probe.equals("metadata") ? clipProbe.metadata(session, p) : clipProbe.probe(session, p);
            facts = found.facts();
            plan = plan.with(found.warnings()).with(ProbeFindings.check(p, facts));
        }
        return ValidateResponse.of(plan)
                .priced(p, facts, probed, prices.table(), ChunkRun.partsPrefix(config.jobsPrefix(), "<job>"));
    }

    /**
     * {@code ?probe=true} ({@code video/info}), {@code metadata} (a HEAD per clip, for {@code duration-ms}) or
     * {@code false} (null); anything else is refused rather than read as one of them.
     */
    private String probeRequested() {
        String probe = request.getCurrent().request().getParam("probe");
        if (probe == null || probe.equals("false")) {
            return null;
        }
        if (probe.equals("true") || probe.equals("metadata")) {
            return probe;
        }
        throw new ApiException(
                400,
                "invalid_query",
                "probe must be true, metadata or false; got " + Untrusted.quoted(probe),
                List.of(new Problem("probe", "invalid_value", "probe must be true, metadata or false", null)),
                null);
    }

    /** The deployment's allow-lists and callback policy, so that a dry run refuses what /concat would. */
    private Plan allowed(Plan plan, Paths paths) {
        return plan.playlist() == null
                ? plan
                : plan.refusing(allowList.check(plan.playlist(), paths)).refusing(callbacks.check(plan.playlist()));
    }
}
