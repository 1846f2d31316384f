package dev.ossconcat.playlist;

/**
 * What the joined video becomes and where it is saved.
 *
 * @param key     {@code sys/saveas,o}: target object key; OSS variables such as {@code {autoext}} allowed
 * @param bucket  {@code sys/saveas,b}: target bucket; {@code null} = the clip bucket
 * @param preset  name of a built-in preset whose fields fill the ones left unset; {@code null} after resolution
 *                or when parsed from a process string
 * @param format  {@code f}: the container
 * @param align   {@code align}: index into the clip list of the clip whose properties fill unset parameters
 * @param segment {@code /segment}, or {@code null}
 */
public record Output(
        String key,
        String bucket,
        String preset,
        String format,
        Video video,
        Audio audio,
        long align,
        Segment segment) {

    public static final Output EMPTY = new Output(null, null, null, null, Video.UNSET, Audio.UNSET, 0, null);

    public Output {
        video = video == null ? Video.UNSET : video;
        audio = audio == null ? Audio.UNSET : audio;
    }

    public Output withoutPreset() {
        return new Output(key, bucket, null, format, video, audio, align, segment);
    }

    public Output withBucket(String newBucket) {
        return new Output(key, newBucket, preset, format, video, audio, align, segment);
    }
}
