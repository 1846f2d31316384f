package dev.ossconcat.render;

/**
 * What ffprobe says about one clip.
 *
 * @param durationMs container duration
 * @param video      null when the clip has no video stream
 * @param audio      null when the clip has no audio stream
 */
public record MediaInfo(long durationMs, Video video, Audio audio) {

    public record Video(int width, int height, double fps) {
    }

    public record Audio(int sampleRate, int channels) {
    }
}
