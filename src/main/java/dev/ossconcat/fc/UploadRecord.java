package dev.ossconcat.fc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.json.StrictObject;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.report.Findings;

/**
 * One record of an OSS trigger event, as far as the function reads it. OSS only sends records about buckets and
 * keys that exist, so a record whose bucket name or key breaks OSS's naming rules was not sent by OSS: it is refused
 * as a whole event (docs/events.md), before any OSS call.
 *
 * @param requestId OSS's request ID of the upload ({@code responseElements.requestId}), for the log; may be null
 */
public record UploadRecord(String eventName, String bucket, String key, String requestId) {

    /** The record at {@code path} ({@code events[0]}), or null with its problems added to {@code findings}. */
    public static UploadRecord read(JsonNode record, String path, Findings findings) {
        if (record == null || !record.isObject()) {
            findings.error(
                    path,
                    "wrong_type",
                    path + " must be an OSS event record (an object); got " + StrictObject.describe(record));
            return null;
        }
        int before = findings.errors().size();
        String eventName = text(record.path("eventName"), path + ".eventName", findings);
        String bucket = text(record.path("oss").path("bucket").path("name"), path + ".oss.bucket.name", findings);
        String key = text(record.path("oss").path("object").path("key"), path + ".oss.object.key", findings);
        if (bucket != null) {
            OssNames.checkBucket(findings, path + ".oss.bucket.name", bucket);
        }
        if (key != null) {
            OssNames.checkKey(findings, path + ".oss.object.key", key);
        }
        if (findings.errors().size() > before) {
            return null;
        }
        JsonNode requestId = record.path("responseElements").path("requestId");
        return new UploadRecord(
                eventName.replaceFirst("^oss:", ""), bucket, key, requestId.isTextual() ? requestId.textValue() : null);
    }

    /** For the log: what happened to which object, and OSS's request ID, all shown escaped. */
    public String identity() {
        return "OSS event " + Untrusted.value(eventName) + " on " + bucket + "/" + Untrusted.value(key)
                + (requestId == null ? "" : " (request " + Untrusted.value(requestId) + ")");
    }

    private static String text(JsonNode n, String path, Findings findings) {
        if (n.isTextual()) {
            return n.textValue();
        }
        findings.error(
                path,
                n.isMissingNode() || n.isNull() ? "required" : "wrong_type",
                path + " must be a string; got " + StrictObject.describe(n));
        return null;
    }
}
