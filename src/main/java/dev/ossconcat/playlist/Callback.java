package dev.ossconcat.playlist;

/**
 * Where the function posts the job's end (docs/webhooks.md). It belongs to the job, not to OSS: it is no parameter
 * of the process string, and the job ID does not depend on it.
 *
 * @param url the receiver, https (http only locally); checked at the edge, where DNS can be asked
 */
public record Callback(String url) {}
