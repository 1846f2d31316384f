package dev.ossconcat.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Callbacks (docs/webhooks.md); each setting is also an environment variable (docs/configuration.md). */
@ConfigMapping(prefix = "concat.callback")
public interface CallbackConfig {

    /**
     * The HMAC-SHA256 key events are signed with (CONCAT_CALLBACK_SECRET). Unset, playlists with a callback are
     * refused: an unsigned event could not be told from a forged one.
     */
    Optional<String> secret();

    /** When set, the only hosts callbacks may go to; a leading dot allows subdomains (CONCAT_CALLBACK_HOSTS). */
    Optional<List<String>> hosts();

    /** Connect and read timeout of each attempt: it runs inside the request that ended the job. */
    @WithDefault("PT5S")
    Duration timeout();

    /** Attempts of one event in all, the first included; then it is dropped (POST /replay sends it again). */
    @WithDefault("8")
    int maxAttempts();

    /** The pause after the first failed attempt, doubled after each further one. */
    @WithDefault("PT30S")
    Duration firstRetry();

    /** The longest pause between attempts. */
    @WithDefault("PT1H")
    Duration maxRetry();

    /** Pending deliveries attempted per invocation that resumes them (a timer tick, a completion, a local round). */
    @WithDefault("10")
    int resumeBatch();

    /** How often the local scheduler resumes pending deliveries (not on Function Compute); PT0S turns it off. */
    @WithDefault("PT15S")
    Duration localResumeEvery();
}
