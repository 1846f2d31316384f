package dev.ossconcat.oss;

/** What became of one {@code x-oss-async-process} call. */
public sealed interface Submission {

    /** OSS accepted the task. {@code requestId} is IMM's, from the JSON body. */
    record Accepted(String taskId, String eventId, String requestId) implements Submission {}

    /** OSS answered that the process string (or the request) is wrong; trying again will not help. */
    record Rejected(String code, String message) implements Submission {}

    /**
     * OSS refused the caller, not the process string: credentials, permission ({@code oss:PostProcessTask}), the
     * bucket. No task was created; the same call with the same credentials will be refused again, while the same
     * job may succeed once the deployment is fixed.
     */
    record Refused(String code, String message) implements Submission {}

    /** OSS answered with an error or could not be reached, and no task was created; trying again may help. */
    record Failed(String message) implements Submission {}

    /**
     * The request may have reached OSS, but no answer came back (timeout, connection lost after sending): a task
     * may or may not exist. Submitting again could create a second one.
     */
    record Unknown(String message) implements Submission {}
}
