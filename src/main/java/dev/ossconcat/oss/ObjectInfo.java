package dev.ossconcat.oss;

import java.util.Map;
import java.util.Optional;

/**
 * What a HEAD (or GET) tells about an object.
 *
 * @param etag           without quotes
 * @param contentHeaders lower-case content header names (content-type, cache-control, ...) and values
 * @param userMetadata   lower-case names without the x-oss-meta- prefix
 */
public record ObjectInfo(
        String bucket,
        String key,
        String etag,
        long size,
        Map<String, String> contentHeaders,
        Map<String, String> userMetadata) {

    /**
     * The user metadata an uploader may set to say how long a clip is, in milliseconds ({@code x-oss-meta-duration-ms};
     * docs/api.md, {@code GET /clips}).
     */
    public static final String DURATION_METADATA = "duration-ms";

    /** The duration the uploader recorded, when there is one that reads as milliseconds. */
    public Optional<Long> durationMs() {
        String value = userMetadata.get(DURATION_METADATA);
        try {
            long ms = value == null ? -1 : Long.parseLong(value.strip());
            return ms >= 0 ? Optional.of(ms) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // metadata someone else wrote: not a duration, so unknown
        }
    }
}
