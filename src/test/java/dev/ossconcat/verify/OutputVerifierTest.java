package dev.ossconcat.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.playlist.Audio;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Resolution;
import dev.ossconcat.playlist.Video;
import org.junit.jupiter.api.Test;

class OutputVerifierTest {

    static final Video HD25 =
            Video.UNSET.with(Param.VCODEC, "h264").with(Param.FPS, 25.0).with(Param.S, new Resolution(1280L, 720L));
    static final Output OUT = new Output("o.mp4", null, null, "mp4", HD25, Audio.UNSET, 0, null);
    static final MediaInfo GOOD =
            new MediaInfo(5026, new MediaInfo.Video("h264", 1280, 720, 25), new MediaInfo.Audio("aac", 48_000, 2));

    @Test
    void aMatchingOutputIsTrueWithinTheTolerance() {
        assertEquals(Verification.verified(), OutputVerifier.compare(OUT, 5000, 1, GOOD));
        MediaInfo elevenRounded = new MediaInfo(
                55_158, new MediaInfo.Video("h264", 1280, 720, 25), new MediaInfo.Audio("aac", 48_000, 2));
        assertEquals(
                Verification.verified(), OutputVerifier.compare(OUT, 55_000, 11, elevenRounded), "one frame per clip");
        assertEquals(
                Verification.mismatch("duration 55158 ms, expected 55000 ms (+-140)"),
                OutputVerifier.compare(OUT, 55_000, 1, elevenRounded));
    }

    @Test
    void everyDifferenceIsNamed() {
        MediaInfo off = new MediaInfo(4200, new MediaInfo.Video("h264", 640, 360, 30), null);
        assertEquals(
                Verification.mismatch(
                        "duration 4200 ms, expected 5000 ms (+-140); no audio stream; resolution 640x360, "
                                + "expected 1280x720; frame rate 30.0, expected 25.0"),
                OutputVerifier.compare(OUT, 5000, 1, off));
    }

    @Test
    void codecsSampleRateAndChannelsAreCheckedWhenSet() {
        Audio opus =
                Audio.UNSET.with(Param.ACODEC, "opus").with(Param.AR, 48_000L).with(Param.AC, 2L);
        Output mkv = new Output("o.mkv", null, null, "mkv", Video.UNSET.with(Param.VCODEC, "h265"), opus, 0, null);
        MediaInfo right =
                new MediaInfo(5000, new MediaInfo.Video("hevc", 640, 360, 25), new MediaInfo.Audio("opus", 48_000, 2));
        assertEquals(
                Verification.verified(), OutputVerifier.compare(mkv, 5000, 1, right), "h265 is what FFmpeg calls hevc");
        MediaInfo wrong = new MediaInfo(
                5000, new MediaInfo.Video("h264", 640, 360, 25), new MediaInfo.Audio("vorbis", 44_100, 1));
        assertEquals(
                Verification.mismatch(
                        "video codec h264, expected h265; audio codec vorbis, expected opus; sample rate 44100, "
                                + "expected 48000; channels 1, expected 2"),
                OutputVerifier.compare(mkv, 5000, 1, wrong));

        Output pcm = new Output("o.mov", null, null, "mov", Video.OFF, Audio.UNSET.with(Param.ACODEC, "pcm"), 0, null);
        assertEquals(
                Verification.verified(),
                OutputVerifier.compare(
                        pcm, 5000, 1, new MediaInfo(5000, null, new MediaInfo.Audio("pcm_s24le", 48_000, 2))),
                "pcm is any sample format");
    }

    @Test
    void disabledStreamsMustBeAbsent() {
        Output noVideo = new Output("o.mp4", null, null, "mp4", Video.OFF, Audio.UNSET, 0, null);
        assertEquals(
                Verification.mismatch("a video stream despite vn_1"), OutputVerifier.compare(noVideo, 5000, 1, GOOD));
    }

    @Test
    void theWireFormIsTheStringUsersSeeAndReadsBack() {
        assertEquals("true", Verification.verified().wire());
        assertEquals(
                "false: no audio stream",
                Verification.mismatch("no audio stream").wire());
        assertEquals(
                "skipped: segmented outputs are not probed",
                Verification.notChecked("segmented outputs are not probed").wire());
        for (Verification v : java.util.List.of(
                Verification.verified(),
                Verification.mismatch("duration 4200 ms, expected 5000 ms (+-140); no audio stream"),
                Verification.notChecked("video/info of b/o.mp4 failed: AccessDenied: no"))) {
            assertEquals(v, Verification.ofWire(v.wire()));
        }
        assertEquals(
                Verification.notChecked("maybe"),
                Verification.ofWire("maybe"),
                "a value no version wrote reads as not checked, keeping the text");
    }
}
