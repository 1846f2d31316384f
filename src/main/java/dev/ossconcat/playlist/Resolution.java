package dev.ossconcat.playlist;

/**
 * OSS {@code s}: {@code WxH}, {@code Wx} or {@code xH}. In a playlist the two sides are the fields {@code width} and
 * {@code height}; either may be {@code null} (that side follows the other with the source's aspect ratio).
 */
public record Resolution(Long width, Long height) {

    /** The process-string form: {@code 1280x720}, {@code 1280x} or {@code x720}. */
    @Override
    public String toString() {
        return (width == null ? "" : width.toString()) + "x" + (height == null ? "" : height.toString());
    }
}
