package dev.ossconcat.config;

import dev.ossconcat.playlist.Defaults;
import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Settings of the function; each is also an environment variable (docs/configuration.md lists them). */
@ConfigMapping(prefix = "concat")
public interface ConcatConfig {

    /** Clip bucket for playlists that name none (env CONCAT_DEFAULT_BUCKET). */
    Optional<String> defaultBucket();

    /** SMQ topic for completion messages when a playlist has no notify (env CONCAT_NOTIFY_TOPIC). */
    Optional<String> notifyTopic();

    /** The region when running on Function Compute (FC sets FC_REGION); empty locally. */
    Optional<String> fcRegion();

    /**
     * Where outputs go. Events for keys under these prefixes never start jobs (no loop on our own outputs), and with
     * {@code concat.allow.output-prefixes} unset they are also the only prefixes outputs may be written to
     * (guard.AllowList).
     */
    @io.smallrye.config.WithDefault("outputs/,highlights/")
    java.util.List<String> outputPrefixes();

    /** Object key prefix of the job records (docs/idempotency.md). */
    @io.smallrye.config.WithDefault("concat-jobs/")
    String jobsPrefix();

    /**
     * Verify each succeeded output through OSS video/info (CONCAT_VERIFY). On Alibaba Cloud every check is IMM
     * DetectMediaMeta calls, on the output and on each distinct clip, billed as such.
     */
    @io.smallrye.config.WithDefault("true")
    boolean verify();

    /** A JSON file with the price table of estimates (CONCAT_PRICES); the bundled table has no prices. */
    Optional<String> prices();

    default Defaults defaults() {
        return new Defaults(defaultBucket().orElse(null), notifyTopic().orElse(null));
    }
}
