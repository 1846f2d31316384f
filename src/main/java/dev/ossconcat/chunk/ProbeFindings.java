package dev.ossconcat.chunk;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a probe of the clips tells before anything is paid for: trims that start after a clip ends (an error: OSS
 * would fail the task, or join nothing), and what the task will quietly reconcile (frame sizes, frame rates and
 * sample rates that differ, clips without audio in an output with audio) or that may surprise (an empty clip, a trim
 * longer than what is left of its clip). These are not OSS rules: they are read from the clips themselves, so they
 * exist only when the caller asked for a probe.
 */
public final class ProbeFindings {

    private ProbeFindings() {}

    /** Findings for {@code playlist} given {@code facts}, one per clip in order (unknown clips are skipped). */
    public static List<Violation> check(Playlist playlist, List<ClipFacts> facts) {
        List<Violation> found = new ArrayList<>();
        boolean outputHasAudio = !playlist.output().audio().disabled();
        for (int i = 0; i < playlist.clips().size() && i < facts.size(); i++) {
            Clip c = playlist.clips().get(i);
            ClipFacts f = facts.get(i);
            String at = "clips[" + i + "]";
            Long length = f.durationMs();
            if (length != null && length == 0) {
                found.add(Violation.warning(
                        at + ".key", "clip_empty", "clip " + i + " '" + c.key() + "' has no content (0 ms)"));
            } else if (length != null && c.start() > 0 && c.start() >= length) {
                found.add(Violation.error(
                        at + ".start",
                        "trim_beyond_end",
                        "clip " + i + " starts at " + c.start() + " ms but is only " + length + " ms long"));
            } else if (length != null && c.duration() > 0 && c.start() + c.duration() > length) {
                found.add(Violation.warning(
                        at + ".duration",
                        "trim_past_end",
                        "clip " + i + " asks for " + c.duration() + " ms from " + c.start() + " ms but is only "
                                + length + " ms long: it plays " + (length - c.start()) + " ms"));
            }
            if (outputHasAudio && f.probed() && f.audioCodec() == null && f.videoCodec() != null) {
                found.add(Violation.warning(
                        at + ".key",
                        "clip_without_audio",
                        "clip " + i + " '" + c.key() + "' has no audio; the output has audio, so OSS fills silence "
                                + "or fails the task (set output.audio to off to join pictures only)"));
            }
        }
        mixed(
                found,
                facts,
                f -> f.width() == null || f.height() == null ? null : f.width() + "x" + f.height(),
                "mixed_resolutions",
                "frame sizes",
                "scaled to the output's size (or the align clip's)");
        mixed(
                found,
                facts,
                f -> f.fps() == null ? null : trim(f.fps()) + " fps",
                "mixed_frame_rates",
                "frame rates",
                "converted to the output's rate (or the align clip's)");
        mixed(
                found,
                facts,
                f -> f.sampleRate() == null ? null : f.sampleRate() + " Hz",
                "mixed_sample_rates",
                "sample rates",
                "resampled to the output's rate (or the align clip's)");
        return found;
    }

    private static void mixed(
            List<Violation> found,
            List<ClipFacts> facts,
            Function<ClipFacts, String> property,
            String code,
            String what,
            String outcome) {
        Set<String> values = new LinkedHashSet<>();
        for (ClipFacts f : facts) {
            String v = property.apply(f);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.size() > 1) {
            found.add(Violation.warning(
                    "clips",
                    code,
                    "the clips have " + values.size() + " " + what + " (" + String.join(", ", values) + "): they are "
                            + outcome));
        }
    }

    private static String trim(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(java.util.Locale.ROOT, "%.3f", fps);
    }
}
