package dev.ossconcat;

import dev.ossconcat.playlist.Defaults;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Settings of the function; each is also an environment variable (README lists them). */
@ConfigMapping(prefix = "concat")
public interface ConcatConfig {

    /** Clip bucket for playlists that name none (env CONCAT_DEFAULT_BUCKET). */
    Optional<String> defaultBucket();

    /** SMQ topic for completion messages when a playlist has no notify (env CONCAT_NOTIFY_TOPIC). */
    Optional<String> notifyTopic();

    default Defaults defaults() {
        return new Defaults(defaultBucket().orElse(null), notifyTopic().orElse(null));
    }
}
