package dev.ossconcat.chunk;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Settings;
import dev.ossconcat.playlist.Video;

/**
 * The intermediate format of a chunked job's parts. Every part is encoded once more by the level above it, so a part
 * must (a) lose as little as possible and (b) look like every other part, or the next level has to reconcile
 * resolutions and sample rates again. Hence: what the output fixes (resolution and how to fit it, frame rate, pixel
 * format, sample rate, channels) is copied, so every part is already in the output's shape; the codec is chosen for
 * quality instead of the user's bitrate: H.264 at CRF 18 (visually lossless for most material, and decoded
 * everywhere) with AAC at 256 kb/s, or FLAC (lossless) when the output is audio only.
 *
 * <p>What the output leaves to its align clip stays unset here too, so each part takes it from its own first clip
 * and the final task reconciles the parts as it would have reconciled the clips.
 */
public final class Mezzanine {

    /** x264's "visually lossless" point: the second encode then costs little quality. */
    static final double VIDEO_CRF = 18;

    static final long AUDIO_BITRATE = 256_000;

    private Mezzanine() {}

    /** The parts' output for a job whose final output is {@code output}; its key is set per part. */
    public static Output of(Output output) {
        if (output.video().disabled()) {
            return new Output(null, null, null, "flac", Video.OFF, lossless(output.audio()), 0, null);
        }
        Video video = new Video(
                        false, only(output.video().settings(), Param.S, Param.SCALETYPE, Param.FPS, Param.PIXFMT))
                .with(Param.VCODEC, "h264")
                .with(Param.CRF, VIDEO_CRF);
        Audio audio = output.audio().disabled()
                ? Audio.OFF
                : new Audio(false, only(output.audio().settings(), Param.AR, Param.AC))
                        .with(Param.ACODEC, "aac")
                        .with(Param.AB, AUDIO_BITRATE);
        return new Output(null, null, null, "mp4", video, audio, 0, null);
    }

    private static Audio lossless(Audio audio) {
        return new Audio(false, only(audio.settings(), Param.AR, Param.AC)).with(Param.ACODEC, "flac");
    }

    /** Only {@code params} of {@code from}, the ones it sets. */
    private static Settings only(Settings from, Param<?>... params) {
        Settings kept = Settings.EMPTY;
        for (Param<?> p : params) {
            Object value = from.get(p);
            if (value != null) {
                kept = kept.withValue(p, value);
            }
        }
        return kept;
    }
}
