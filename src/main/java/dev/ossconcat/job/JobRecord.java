package dev.ossconcat.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job record: an object under the jobs prefix named by the job ID (contract §3). Immutable; every change is a
 * new value written over the old one by the holder of the current attempt.
 *
 * @param attempt     1 for the first submission; each takeover or resubmission claims the next number
 * @param claimToken  unique per claim: lets a claimer recognise its own claim when OSS's answer to it was lost
 * @param claimedAt   when the current attempt was claimed (ISO-8601 UTC), for the takeover window
 * @param error       ASCII, at most 512 characters: why the job is rejected or failed
 * @param origin      the uploaded playlist object that started the job, or null
 * @param playlist    the normalized playlist (presets and defaults applied)
 * @param verified    after success: {@code true}, or {@code false: <reason>} when the output does not match the
 *                    playlist, or why it was not checked
 */
public record JobRecord(
        String jobId,
        JobState state,
        int attempt,
        String claimToken,
        String process,
        Ref source,
        Ref target,
        String taskId,
        String eventId,
        String requestId,
        String claimedAt,
        String submittedAt,
        String updatedAt,
        String finishedAt,
        String error,
        Ref origin,
        JsonNode playlist,
        String verified) {

    /** An object by bucket and key. */
    public record Ref(String bucket, String key) {

        String encoded() {
            return URLEncoder.encode(bucket + "/" + key, StandardCharsets.UTF_8)
                    .replace("+", "%20")
                    .replace("%2F", "/");
        }
    }

    public static final int ERROR_MAX = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    public JobRecord with(JobState newState, String newError, Instant now) {
        return new JobRecord(
                jobId,
                newState,
                attempt,
                claimToken,
                process,
                source,
                target,
                taskId,
                eventId,
                requestId,
                claimedAt,
                submittedAt,
                now.toString(),
                finishedAt,
                ascii(newError),
                origin,
                playlist,
                verified);
    }

    /** The task's end as IMM reported it: succeeded, or failed with IMM's code and message. */
    public JobRecord finished(boolean succeeded, String newError, String endTime, Instant now) {
        return new JobRecord(
                jobId,
                succeeded ? JobState.SUCCEEDED : JobState.FAILED,
                attempt,
                claimToken,
                process,
                source,
                target,
                taskId,
                eventId,
                requestId,
                claimedAt,
                submittedAt,
                now.toString(),
                endTime == null || endTime.isEmpty() ? now.toString() : endTime,
                succeeded ? null : ascii(newError),
                origin,
                playlist,
                null);
    }

    public JobRecord verified(String result, Instant now) {
        return new JobRecord(
                jobId,
                state,
                attempt,
                claimToken,
                process,
                source,
                target,
                taskId,
                eventId,
                requestId,
                claimedAt,
                submittedAt,
                now.toString(),
                finishedAt,
                error,
                origin,
                playlist,
                ascii(result));
    }

    public JobRecord submitted(String newTaskId, String newEventId, String newRequestId, Instant now) {
        return new JobRecord(
                jobId,
                JobState.SUBMITTED,
                attempt,
                claimToken,
                process,
                source,
                target,
                newTaskId,
                newEventId,
                newRequestId,
                claimedAt,
                now.toString(),
                now.toString(),
                null,
                null,
                origin,
                playlist,
                null);
    }

    public JobRecord nextAttempt(int newAttempt, String newClaimToken, Instant now) {
        return new JobRecord(
                jobId,
                JobState.CLAIMED,
                newAttempt,
                newClaimToken,
                process,
                source,
                target,
                null,
                null,
                null,
                now.toString(),
                null,
                now.toString(),
                null,
                null,
                origin,
                playlist,
                null);
    }

    /** Whether this record is the claim made with {@code token}. */
    public boolean claimedWith(String token) {
        return state == JobState.CLAIMED && token.equals(claimToken);
    }

    /** The {@code x-oss-meta-} entries of contract §3 (names without the prefix). */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("concat-job-id", jobId);
        m.put("concat-state", state.wire());
        m.put("concat-target", target.encoded());
        putIf(m, "concat-task-id", taskId);
        putIf(m, "concat-event-id", eventId);
        putIf(m, "concat-request-id", requestId);
        putIf(m, "concat-submitted-at", submittedAt);
        putIf(m, "concat-finished-at", finishedAt);
        putIf(m, "concat-error", error);
        putIf(m, "concat-verified", verified);
        return m;
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode toTree() {
        ObjectNode n = JSON.valueToTree(this);
        n.put("state", state.wire());
        return n;
    }

    public static JobRecord fromJson(byte[] bytes) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(bytes);
        n.put("state", JobState.ofWire(n.get("state").asText()).name());
        return JSON.treeToValue(n, JobRecord.class);
    }

    /** {@code s} as a {@code concat-error} value: visible ASCII, at most {@value #ERROR_MAX} characters. */
    public static String errorValue(String s) {
        return ascii(s);
    }

    /** Metadata values must be visible ASCII (and short): anything else becomes '?'. */
    static String ascii(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), ERROR_MAX));
        for (int i = 0; i < s.length() && sb.length() < ERROR_MAX; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
