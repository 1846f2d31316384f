package dev.ossconcat.playlist;

import java.util.List;

/**
 * A concat job as the user describes it: clips in playback order, which of them the OSS request is posted on, the
 * output, and the notification topic. The same value is produced from JSON, from an FFmpeg concat script, from a
 * plain list, and from a {@code video/concat} process string, and it renders back to that string.
 *
 * @param version        playlist schema version; only 1 exists
 * @param bucket         bucket of every clip (OSS requires all clips in the bucket of the source object)
 * @param source         index of the clip that the request is posted on; clips before it become {@code /pre},
 *                       clips after it {@code /sur}
 * @param notifyTopic    SMQ topic for the completion message, or {@code null}
 * @param idempotencyKey when given, it alone identifies the job for deduplication
 * @param callback       where the job's end is posted, or {@code null}; not part of the process string nor of the
 *                       job's identity (docs/webhooks.md)
 */
public record Playlist(
        int version,
        String bucket,
        List<Clip> clips,
        int source,
        Output output,
        String notifyTopic,
        String idempotencyKey,
        Callback callback) {

    public static final int CURRENT_VERSION = 1;

    /** A playlist without a callback: every form but JSON has none, and neither has a process string. */
    public Playlist(
            int version,
            String bucket,
            List<Clip> clips,
            int source,
            Output output,
            String notifyTopic,
            String idempotencyKey) {
        this(version, bucket, clips, source, output, notifyTopic, idempotencyKey, null);
    }

    public Playlist {
        clips = clips == null ? List.of() : List.copyOf(clips);
        output = output == null ? Output.EMPTY : output;
    }

    /** The clip the request is posted on, or {@code null} when {@link #source} is outside the list. */
    public Clip sourceClip() {
        return source >= 0 && source < clips.size() ? clips.get(source) : null;
    }

    /** The output bucket that OSS will use: the explicit one, else the clip bucket. */
    public String targetBucket() {
        return output.bucket() != null ? output.bucket() : bucket;
    }

    public Playlist withOutput(Output newOutput) {
        return new Playlist(version, bucket, clips, source, newOutput, notifyTopic, idempotencyKey, callback);
    }

    public Playlist withBucket(String newBucket) {
        return new Playlist(version, newBucket, clips, source, output, notifyTopic, idempotencyKey, callback);
    }

    public Playlist withNotifyTopic(String topic) {
        return new Playlist(version, bucket, clips, source, output, topic, idempotencyKey, callback);
    }
}
