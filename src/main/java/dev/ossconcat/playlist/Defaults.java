package dev.ossconcat.playlist;

import dev.ossconcat.report.Findings;
import dev.ossconcat.report.Violation;
import java.util.List;

/**
 * What a playlist falls back to when it leaves a field out: the deployment's default bucket and notify topic.
 *
 * @param bucket      clip bucket when the playlist (and the triggering event) name none; may be null
 * @param notifyTopic SMQ topic when the playlist has no {@code notify}; may be null
 */
public record Defaults(String bucket, String notifyTopic) {

    public static final Defaults NONE = new Defaults(null, null);

    /** The result of {@link #resolve}: the playlist with every default and preset applied. */
    public record Resolved(Playlist playlist, List<Violation> findings) {}

    /**
     * Applies the preset (explicit fields win), the default bucket and topic, and makes the output bucket explicit
     * (OSS would default it to the clip bucket anyway; writing it out makes the job record unambiguous).
     */
    public Resolved resolve(Playlist playlist) {
        Findings findings = new Findings();
        Output output = playlist.output();
        if (output.preset() != null) {
            Preset preset = Preset.named(output.preset());
            if (preset == null) {
                findings.error(
                        "output.preset",
                        "unknown_preset",
                        "preset '" + output.preset() + "' does not exist; built-in presets: " + Preset.names());
                output = output.withoutPreset();
            } else {
                output = preset.under(output);
            }
        }
        String clipBucket = playlist.bucket() != null ? playlist.bucket() : bucket;
        if (output.bucket() == null) {
            output = output.withBucket(clipBucket);
        }
        String topic = playlist.notifyTopic() != null ? playlist.notifyTopic() : notifyTopic;
        Playlist resolved = new Playlist(
                playlist.version(),
                clipBucket,
                playlist.clips(),
                playlist.source(),
                output,
                topic,
                playlist.idempotencyKey(),
                playlist.callback());
        return new Resolved(resolved, findings.all());
    }
}
