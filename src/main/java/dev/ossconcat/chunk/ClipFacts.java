package dev.ossconcat.chunk;

/**
 * What is known of one clip before anything is submitted, from a {@code video/info} probe. Every field may be
 * {@code null}: unknown.
 *
 * @param durationMs the whole clip's duration
 * @param width        frame width in pixels, {@code null} also when the clip has no video
 * @param height       frame height in pixels
 * @param fps          nominal frame rate
 * @param videoCodec   the decoder's name ({@code h264}, {@code hevc}, …), {@code null} without video
 * @param audioCodec   the decoder's name ({@code aac}, …), {@code null} without audio
 * @param sampleRate   audio sample rate in Hz
 * @param channels     audio channels
 */
public record ClipFacts(
        Long durationMs,
        Long width,
        Long height,
        Double fps,
        String videoCodec,
        String audioCodec,
        Long sampleRate,
        Long channels) {

    public static final ClipFacts UNKNOWN = new ClipFacts(null, null, null, null, null, null, null, null);

    /** Facts of which only the duration and frame size are known. */
    public static ClipFacts sized(Long durationMs, Long width, Long height) {
        return new ClipFacts(durationMs, width, height, null, null, null, null, null);
    }

    /** Whether a probe saw this clip (an unknown clip has no facts at all). */
    public boolean probed() {
        return !equals(UNKNOWN);
    }
}
