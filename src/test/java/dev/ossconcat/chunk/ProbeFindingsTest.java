package dev.ossconcat.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Video;
import dev.ossconcat.report.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeFindingsTest {

    static ClipFacts hd(long length) {
        return new ClipFacts(length, 1920L, 1080L, 25.0, "h264", "aac", 48_000L, 2L);
    }

    static Playlist playlist(Output output, Clip... clips) {
        return new Playlist(1, "b", List.of(clips), 0, output, null, null);
    }

    static final Output WITH_AUDIO = new Output("o.mp4", null, null, "mp4", Video.UNSET, Audio.UNSET, 0, null);

    @Test
    void matchingClipsGiveNoFindings() {
        Playlist p = playlist(WITH_AUDIO, Clip.whole("a"), new Clip("b", 1000, 2000));
        assertEquals(List.of(), ProbeFindings.check(p, List.of(hd(5000), hd(5000))));
    }

    @Test
    void aTrimStartingAfterTheEndIsAnErrorAndOneRunningPastItAWarning() {
        Playlist p = playlist(WITH_AUDIO, new Clip("a", 6000, 0), new Clip("b", 4000, 3000), Clip.whole("c"));
        List<Violation> found = ProbeFindings.check(p, List.of(hd(5000), hd(5000), hd(0)));
        assertEquals(
                List.of(
                        "clips[0].start trim_beyond_end error",
                        "clips[1].duration trim_past_end warning",
                        "clips[2].key clip_empty warning"),
                summary(found));
        assertEquals(
                "clip 1 asks for 3000 ms from 4000 ms but is only 5000 ms long: it plays 1000 ms",
                found.get(1).message());
    }

    @Test
    void differencesTheTaskReconcilesAreWarnedOnceEach() {
        Playlist p = playlist(WITH_AUDIO, Clip.whole("a"), Clip.whole("b"), Clip.whole("c"));
        ClipFacts small = new ClipFacts(5000L, 1280L, 720L, 29.97, "h264", "aac", 44_100L, 2L);
        ClipFacts silent = new ClipFacts(5000L, 1920L, 1080L, 25.0, "h264", null, null, null);
        List<Violation> found = ProbeFindings.check(p, List.of(hd(5000), small, silent));
        assertEquals(
                List.of(
                        "clips[2].key clip_without_audio warning",
                        "clips mixed_resolutions warning",
                        "clips mixed_frame_rates warning",
                        "clips mixed_sample_rates warning"),
                summary(found));
        assertEquals(
                "the clips have 2 frame rates (25 fps, 29.970 fps): they are converted to the output's rate "
                        + "(or the align clip's)",
                found.get(2).message());
    }

    @Test
    void unknownClipsAndSilentOutputsAreNotJudged() {
        Output silentOutput = new Output("o.mp4", null, null, "mp4", Video.UNSET, Audio.OFF, 0, null);
        ClipFacts noAudio = new ClipFacts(5000L, 1920L, 1080L, 25.0, "h264", null, null, null);
        Playlist p = playlist(silentOutput, new Clip("a", 9000, 0), Clip.whole("b"));
        assertEquals(List.of(), ProbeFindings.check(p, List.of(ClipFacts.UNKNOWN, noAudio)));
    }

    private static List<String> summary(List<Violation> found) {
        return found.stream()
                .map(v -> v.path() + " " + v.code() + " " + (v.isError() ? "error" : "warning"))
                .toList();
    }
}
