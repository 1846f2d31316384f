package dev.ossconcat.notify;

/**
 * What an IMM task message says about one task.
 *
 * @param status       IMM's {@code Status}: Running, Succeeded or Failed
 * @param code         IMM's error code, empty unless failed
 * @param sourceBucket the bucket of {@code Sources[0].URI} ({@code oss://bucket/key}), where the job record is
 * @param targetUri    the output's {@code oss://bucket/key} from {@code Targets}, with variables expanded; may be empty
 */
public record Completion(
        String taskId,
        String status,
        String code,
        String message,
        String endTime,
        String sourceBucket,
        String targetUri) {

    public boolean finished() {
        return "Succeeded".equalsIgnoreCase(status) || "Failed".equalsIgnoreCase(status);
    }

    public boolean succeeded() {
        return "Succeeded".equalsIgnoreCase(status);
    }
}
