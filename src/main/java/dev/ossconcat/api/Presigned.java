package dev.ossconcat.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How long the presigned URLs of {@code GET /clips} and {@code GET /status} stay valid (docs/api.md). */
final class Presigned {

    /**
     * Long enough to preview clips while composing, or to watch the output; short enough that a URL copied out of a
     * page is soon worthless. A page asks again for fresh ones when it needs them.
     */
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private Presigned() {}

    /** When URLs signed now expire, to the second (what a V4 signature counts in). */
    static Instant expiry(Clock clock) {
        return clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
    }
}
