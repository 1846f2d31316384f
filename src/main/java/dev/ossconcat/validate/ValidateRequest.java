package dev.ossconcat.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.report.Findings;
import java.util.Iterator;
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
        unknownFields(body, "", PROCESS_FIELDS, findings);
        JsonNode process = body.get("process");
        if (!process.isTextual()) {
            findings.error("process", "wrong_type", "process must be a string such as \"video/concat,...\"");
        }
        String bucket = null;
        String key = null;
        JsonNode source = body.get("source");
        if (source != null && !source.isNull()) {
            if (!source.isObject()) {
                findings.error("source", "wrong_type", "source must be an object {\"bucket\", \"key\"}");
            } else {
                unknownFields(source, "source.", SOURCE_FIELDS, findings);
                bucket = text(source, "bucket", findings);
                key = text(source, "key", findings);
            }
        }
        return new ValidateRequest(null, process.isTextual() ? process.textValue() : null, bucket, key, findings);
    }

    boolean isProcess() {
        return playlist == null;
    }

    private static String text(JsonNode obj, String name, Findings findings) {
        JsonNode n = obj.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            findings.error("source." + name, "wrong_type", "source." + name + " must be a string");
            return null;
        }
        return n.textValue();
    }

    private static void unknownFields(JsonNode obj, String prefix, Set<String> allowed, Findings findings) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                findings.error(prefix + name, "unknown_field", "unknown field '" + prefix + name + "'; a process "
                        + "request has " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
