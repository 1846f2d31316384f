package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.AllowList;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.Problem;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.process.Paths;
import dev.ossconcat.rules.Plan;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /validate}: the dry run. Checks a playlist or a raw process string against every rule and shows
 * the process string that {@code /concat} would submit; nothing is read from or written to OSS.
 */
public class ValidateFunction {

    @Inject
    ConcatConfig config;

    @Inject
    AllowList allowList;

    @Funq("validate")
    public ValidateResponse validate(JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiException.badRequest(
                    "empty_body",
                    "the request body is empty; send a playlist or " + "{\"process\": \"video/concat,...\"}");
        }
        ValidateRequest request = ValidateRequest.of(body);
        if (request.findings().hasErrors()) {
            return ValidateResponse.invalid(Problem.of(request.findings().errors()));
        }
        if (request.isProcess()) {
            String bucket = request.sourceBucket() != null
                    ? request.sourceBucket()
                    : request.sourceKey() != null ? config.defaults().bucket() : null;
            return ValidateResponse.of(
                    allowed(Plan.ofProcess(request.process(), bucket, request.sourceKey()), Paths.PROCESS));
        }
        return ValidateResponse.of(allowed(Plan.of(PlaylistJson.read(body), config.defaults()), Paths.PLAYLIST));
    }

    /** The deployment's allow-lists, so that a dry run refuses what /concat would. */
    private Plan allowed(Plan plan, Paths paths) {
        return plan.playlist() == null ? plan : plan.refusing(allowList.check(plan.playlist(), paths));
    }
}
