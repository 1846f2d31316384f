package dev.ossconcat.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The body of a callback: one end of a job (docs/webhooks.md). Made from the job record alone, so a replay sends
 * the same body, {@code id} included, and a receiver that has seen that {@code id} can ignore it: delivery is at
 * least once.
 *
 * @param type         what happened: the job {@code succeeded}, {@code failed}, was {@code rejected}, or its output
 *                     was {@code verified}
 * @param attempt      the job's attempt this end belongs to; a retried job ends once per attempt
 * @param taskId       OSS's task, or null when none ran (a rejection, a submission OSS did not take)
 * @param error        why it failed or was rejected; null otherwise
 * @param failure      {@code transient} or {@code permanent} when failed or rejected; null otherwise
 * @param verification the output check ({@code true}, {@code false: ...}, {@code not checked: ...}) for
 *                     {@code verified}; null otherwise
 * @param at           when the job's record took this state
 */
public record JobEvent(
        Type type,
        String jobId,
        String state,
        int attempt,
        String taskId,
        String targetBucket,
        String targetKey,
        String error,
        String failure,
        String verification,
        Instant at) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Type {
        SUCCEEDED,
        FAILED,
        REJECTED,
        VERIFIED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type ofWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** Unique per job, end and attempt: the same for every delivery of this event, a replay included. */
    public String id() {
        return jobId + "-" + attempt + "-" + type.wire();
    }

    public ObjectNode toTree() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id());
        n.put("event", type.wire());
        n.put("jobId", jobId);
        n.put("state", state);
        n.put("attempt", attempt);
        n.put("taskId", taskId);
        n.putObject("target").put("bucket", targetBucket).put("key", targetKey);
        n.put("error", error);
        n.put("failure", failure);
        n.put("verified", verification);
        n.put("at", at == null ? null : at.toString());
        return n;
    }

    /** The exact bytes that are signed and sent. */
    public byte[] body() {
        try {
            return JSON.writeValueAsBytes(toTree());
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers is always JSON", e);
        }
    }

    /** Reads what {@link #toTree()} wrote (a pending delivery's event). */
    public static JobEvent fromTree(JsonNode n) {
        JsonNode target = n.path("target");
        String at = text(n, "at");
        return new JobEvent(
                Type.ofWire(n.path("event").asText()),
                text(n, "jobId"),
                text(n, "state"),
                n.path("attempt").asInt(),
                text(n, "taskId"),
                text(target, "bucket"),
                text(target, "key"),
                text(n, "error"),
                text(n, "failure"),
                text(n, "verified"),
                at == null ? null : Instant.parse(at));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
