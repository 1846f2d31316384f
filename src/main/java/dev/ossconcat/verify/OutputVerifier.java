package dev.ossconcat.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Playlist;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a task succeeded: does the output match what the playlist implies? Its duration (the trimmed clips summed,
 * within 0.1 s), its video and audio streams, and, when the playlist sets them, resolution, frame rate, codecs,
 * sample rate and channels. The facts come from OSS {@code video/info} (IMM DetectMediaMeta) on the output and on each
 * distinct clip, so this works the same on Function Compute and locally, where the embedded server answers
 * {@code video/info} with FFmpeg. Nothing is downloaded.
 */
@Singleton
public class OutputVerifier {

    /**
     * AAC priming and container rounding make an output a few tens of ms longer than the sum; converting each clip's
     * frame rate cuts it to whole output frames, up to one frame more per clip (measured: 11 clips of 5 s at 25 fps
     * from 30 fps gave 55.158 s).
     */
    static final long TOLERANCE_MS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean enabled;

    public OutputVerifier(ConcatConfig config) {
        this.enabled = config.verify();
    }

    /**
     * What the output has compared with what the playlist implies; empty when verification is off.
     *
     * <p>{@code bucket} and {@code key} are the job's own output, as its record names it (the pipeline has resolved
     * a key with variables against the completion message, and only a message that matched the job gets here).
     * Nothing a message names is probed on its own say: a probe tells whether an object exists, and that must not be
     * something a forged message can ask about any object the function can read.
     *
     * @param key null when the job's output key has variables and no message said what they became
     * @param oss the calls of the completion message being handled
     */
    public Optional<Verification> verify(Playlist p, String bucket, String key, OssSession oss) {
        if (!enabled) {
            return Optional.empty();
        }
        if (p.output().segment() != null) {
            return Optional.of(Verification.notChecked("segmented outputs are not probed"));
        }
        if (key == null) {
            return Optional.of(Verification.notChecked(
                    "the output key has variables, and the completion message names no output that matches it"));
        }
        String targetUri = "oss://" + bucket + "/" + key;
        try {
            Optional<MediaInfo> actual = info(oss, bucket, key);
            if (actual.isEmpty()) {
                return Optional.of(Verification.mismatch("the output " + targetUri + " does not exist"));
            }
            Map<String, MediaInfo> clips = new HashMap<>();
            long expected = 0;
            for (Clip c : p.clips()) {
                if (!clips.containsKey(c.key())) {
                    Optional<MediaInfo> clip = info(oss, p.bucket(), c.key());
                    if (clip.isEmpty()) {
                        return Optional.of(
                                Verification.notChecked("the clip " + p.bucket() + "/" + c.key() + " is gone"));
                    }
                    clips.put(c.key(), clip.get());
                }
                expected += clips.get(c.key()).trimmedLength(c);
            }
            return Optional.of(compare(p.output(), expected, p.clips().size(), actual.get()));
        } catch (OssCallFailed e) {
            return Optional.of(Verification.notChecked(e.getMessage()));
        } catch (IOException e) {
            return Optional.of(Verification.notChecked("video/info was not JSON: " + e.getMessage()));
        }
    }

    private static Optional<MediaInfo> info(OssSession oss, String bucket, String key) throws IOException {
        Optional<byte[]> json = oss.videoInfo(bucket, key);
        return json.isEmpty() ? Optional.empty() : Optional.of(MediaInfo.fromMediaMeta(JSON.readTree(json.get())));
    }

    /** Pure: what is off between the output and what the playlist implies. */
    public static Verification compare(Output o, long expectedMs, int clips, MediaInfo actual) {
        List<String> off = new ArrayList<>();
        double fps = o.video().fps() != null
                ? o.video().fps()
                : actual.video() != null ? actual.video().fps() : 25;
        long tolerance = TOLERANCE_MS + Math.round(clips * 1000 / fps);
        if (Math.abs(actual.durationMs() - expectedMs) > tolerance) {
            off.add("duration " + actual.durationMs() + " ms, expected " + expectedMs + " ms (+-" + tolerance + ")");
        }
        if (o.video().disabled() != (actual.video() == null)) {
            off.add(actual.video() == null ? "no video stream" : "a video stream despite vn_1");
        }
        if (o.audio().disabled() != (actual.audio() == null)) {
            off.add(actual.audio() == null ? "no audio stream" : "an audio stream despite an_1");
        }
        if (actual.video() != null
                && o.video().width() != null
                && o.video().height() != null
                && (actual.video().width() != o.video().width()
                        || actual.video().height() != o.video().height())) {
            off.add("resolution " + actual.video().width() + "x"
                    + actual.video().height() + ", expected " + o.video().width() + "x"
                    + o.video().height());
        }
        if (actual.video() != null
                && o.video().fps() != null
                && Math.abs(actual.video().fps() - o.video().fps()) > 0.01) {
            off.add("frame rate " + actual.video().fps() + ", expected "
                    + o.video().fps());
        }
        if (actual.video() != null
                && o.video().codec() != null
                && !isCodec(actual.video().codec(), o.video().codec())) {
            off.add("video codec " + actual.video().codec() + ", expected "
                    + o.video().codec());
        }
        if (actual.audio() != null) {
            if (o.audio().codec() != null
                    && !isCodec(actual.audio().codec(), o.audio().codec())) {
                off.add("audio codec " + actual.audio().codec() + ", expected "
                        + o.audio().codec());
            }
            if (o.audio().sampleRate() != null
                    && actual.audio().sampleRate() != o.audio().sampleRate()) {
                off.add("sample rate " + actual.audio().sampleRate() + ", expected "
                        + o.audio().sampleRate());
            }
            if (o.audio().channels() != null
                    && actual.audio().channels() != o.audio().channels()) {
                off.add("channels " + actual.audio().channels() + ", expected "
                        + o.audio().channels());
            }
        }
        return off.isEmpty() ? Verification.verified() : Verification.mismatch(String.join("; ", off));
    }

    /**
     * Codec names as FFmpeg and IMM report them, where they differ from the OSS names; pcm is any {@code pcm_*}
     * sample format.
     */
    static final Map<String, String> PROBED_CODECS = Map.of("h265", "hevc", "amr", "amr_nb", "pcm", "pcm_");

    private static boolean isCodec(String probed, String ossCodec) {
        return probed.startsWith(PROBED_CODECS.getOrDefault(ossCodec, ossCodec));
    }
}
