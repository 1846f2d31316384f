package dev.ossconcat.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.json.StrictObject;
import dev.ossconcat.report.Findings;
import java.util.Set;

/**
 * The two bodies {@code POST /validate} takes: a playlist, or {@code {"process": "...", "source": {"bucket",
 * "key"}}} where {@code source} (optional) names the object the string would be posted on.
 */
record ValidateRequest(JsonNode playlist, String process, String sourceBucket, String sourceKey, Findings findings) {

    private static final Set<String> PROCESS_FIELDS = Set.of("process", "source");
    private static final Set<String> SOURCE_FIELDS = Set.of("bucket", "key");

    static ValidateRequest of(JsonNode body) {
        Findings findings = new Findings();
        if (body == null || !body.isObject() || !body.has("process")) {
            return new ValidateRequest(body, null, null, null, findings);
        }
        StrictObject request = new StrictObject(body, "", PROCESS_FIELDS, findings);
        String process = request.text("process");
        StrictObject source = request.object("source", SOURCE_FIELDS);
        return new ValidateRequest(
                null,
                process == null ? "" : process,
                source == null ? null : source.text("bucket"),
                source == null ? null : source.text("key"),
                findings);
    }

    boolean isProcess() {
        return playlist == null;
    }
}
