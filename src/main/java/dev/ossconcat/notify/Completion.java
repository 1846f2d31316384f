package dev.ossconcat.notify;

import java.util.List;

/**
 * What an IMM task message says about one task. Its shape is checked ({@link NotificationParser}); whether it
 * describes a job of this function, and which, is for the job pipeline to decide against the job record.
 *
 * @param status  IMM's {@code Status}: Running, Succeeded or Failed
 * @param code    IMM's error code, empty unless failed
 * @param sources every {@code Sources[].URI}, at least one: the clips of the task, the job record in their bucket
 * @param target  the output named by {@code Targets}, with variables expanded; null when the message names none
 */
public record Completion(
        String taskId,
        String status,
        String code,
        String message,
        String endTime,
        List<OssUri> sources,
        OssUri target) {

    public Completion {
        sources = List.copyOf(sources);
    }

    /** The bucket of the first source, where the job record and the task index are. */
    public String sourceBucket() {
        return sources.get(0).bucket();
    }

    public boolean finished() {
        return "Succeeded".equalsIgnoreCase(status) || "Failed".equalsIgnoreCase(status);
    }

    public boolean succeeded() {
        return "Succeeded".equalsIgnoreCase(status);
    }
}
