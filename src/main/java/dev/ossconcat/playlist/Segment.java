package dev.ossconcat.playlist;

/**
 * OSS {@code /segment}: split the output into HLS or DASH segments.
 *
 * @param format   {@code f}, e.g. {@code hls}
 * @param duration {@code t}, segment length in milliseconds
 */
public record Segment(String format, Long duration) {

    public Segment over(Segment base) {
        if (base == null) {
            return this;
        }
        return new Segment(Video.or(format, base.format), Video.or(duration, base.duration));
    }
}
