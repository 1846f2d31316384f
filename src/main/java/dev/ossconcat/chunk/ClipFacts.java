package dev.ossconcat.chunk;

/**
 * What is known of one clip before anything is submitted, from its {@code duration-ms} metadata or a
 * {@code video/info} probe. Every field may be {@code null}: unknown.
 *
 * @param lengthMillis the whole clip's duration
 * @param width        frame width in pixels (after rotation)
 * @param height       frame height in pixels (after rotation)
 */
public record ClipFacts(Long lengthMillis, Long width, Long height) {

    public static final ClipFacts UNKNOWN = new ClipFacts(null, null, null);
}
