package dev.ossconcat.playlist;

/**
 * One clip of the playlist, in playback order.
 *
 * @param key      object key in the playlist bucket; {@code null} only when a process string was parsed without
 *                 being told which object it is posted on (the string never names its own source object)
 * @param start    OSS {@code ss}: milliseconds into the clip where it starts; 0 = from the beginning
 * @param duration OSS {@code t}: milliseconds taken from {@code start}; 0 = to the end
 */
public record Clip(String key, long start, long duration) {

    public static Clip whole(String key) {
        return new Clip(key, 0, 0);
    }
}
