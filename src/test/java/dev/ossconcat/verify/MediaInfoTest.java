package dev.ossconcat.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading {@code ffmpeg -i}: inputs are what FFmpeg 4.4 (the bundled build) and 5.1 (Debian 12) print. */
class MediaInfoTest {

    static final String MP4_FFMPEG_44 = """
            Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
              Metadata:
                major_brand     : isom
                encoder         : Lavf58.76.100
              Duration: 00:00:02.00, start: 0.000000, bitrate: 424 kb/s
              Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, 1280x720 [SAR 1:1 DAR 16:9], 341 kb/s, 29.97 fps, 29.97 tbr, 30k tbn, 59.94 tbc (default)
                Metadata:
                  handler_name    : VideoHandler
              Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 70 kb/s (default)
            At least one output file must be specified
            """;

    static final String MP4_FFMPEG_51 = """
            Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
              Duration: 00:01:02.35, start: 0.000000, bitrate: 424 kb/s
              Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 640x360 [SAR 1:1 DAR 16:9], 341 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
              Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, 5.1(side), fltp, 70 kb/s (default)
            At least one output file must be specified
            """;

    @Test
    void readsDurationSizeRateAndAudioOfBothVersions() {
        MediaInfo a = MediaInfo.parse(MP4_FFMPEG_44).orElseThrow();
        assertEquals(2000, a.durationMs());
        assertEquals(new MediaInfo.Video("h264", 1280, 720, 30000.0 / 1001), a.video(), "29.97 is NTSC 30000/1001");
        assertEquals(new MediaInfo.Audio("aac", 48_000, 1), a.audio());

        MediaInfo b = MediaInfo.parse(MP4_FFMPEG_51).orElseThrow();
        assertEquals(62_350, b.durationMs());
        assertEquals(new MediaInfo.Video("h264", 640, 360, 25), b.video(), "the codec tag 0x31637661 is not a size");
        assertEquals(new MediaInfo.Audio("aac", 44_100, 6), b.audio());
    }

    @Test
    void coverArtIsNotVideoAndAStreamCanBeMissing() {
        MediaInfo m = MediaInfo.parse("""
                Input #0, mp3, from 'cover.mp3':
                  Duration: 00:00:02.06, start: 0.050111, bitrate: 41 kb/s
                  Stream #0:0: Audio: mp3, 22050 Hz, mono, fltp, 32 kb/s
                  Stream #0:1: Video: mjpeg (Baseline), yuvj444p(pc, bt470bg/unknown/unknown), 64x64 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
                """).orElseThrow();
        assertEquals(2060, m.durationMs());
        assertNull(m.video());
        assertEquals(new MediaInfo.Audio("mp3", 22_050, 1), m.audio());

        MediaInfo silent = MediaInfo.parse("""
                Input #0, matroska,webm, from 'x.mkv':
                  Duration: N/A, start: 0.000000, bitrate: N/A
                  Stream #0:0: Video: vp9 (Profile 1), gbrp(pc, gbr/unknown/unknown, progressive), 320x240, SAR 1:1 DAR 4:3, 23.98 fps, 23.98 tbr, 1k tbn (default)
                """).orElseThrow();
        assertEquals(0, silent.durationMs(), "N/A");
        assertEquals("vp9", silent.video().codec());
        assertEquals(320, silent.video().width());
        assertEquals(24000.0 / 1001, silent.video().fps(), 1e-9);
        assertNull(silent.audio());
    }

    /** The response sample of IMM DetectMediaMeta, which OSS video/info returns. */
    @Test
    void readsVideoInfoInDetectMediaMetasShape() throws Exception {
        MediaInfo m = MediaInfo.fromMediaMeta(new ObjectMapper().readTree("""
                {"ProduceTime": "2022-04-24T02:39:57Z",
                 "VideoStreams": [{"CodecTag": "0x31637661", "FrameRate": "60/1", "FrameCount": 220,
                   "Duration": 3.665678, "CodecName": "h264", "AverageFrameRate": "19800000/329911",
                   "Height": 1080, "PixelFormat": "yuv420p", "Width": 1920, "TimeBase": "1/90000"}],
                 "AudioStreams": [{"CodecName": "aac", "SampleRate": 44100, "Channels": 2,
                   "ChannelLayout": "stereo", "Duration": 3.667}],
                 "RequestId": "09A12708-A41D-0356-AB0E-0F2BCE*****", "Size": 10432415, "VideoWidth": 1920,
                 "VideoHeight": 1080, "Duration": 3.667, "FormatName": "mov,mp4,m4a,3gp,3g2,mj2"}"""));
        assertEquals(
                new MediaInfo(3667, new MediaInfo.Video("h264", 1920, 1080, 60), new MediaInfo.Audio("aac", 44_100, 2)),
                m,
                "FrameRate, not the drifting AverageFrameRate");

        MediaInfo older = MediaInfo.fromMediaMeta(new ObjectMapper().readTree("""
                {"Duration": "2.5", "VideoStreams": [{"Width": "640", "Height": "360", "FrameRate": "0/0",
                 "AverageFrameRate": "25/1", "CodecName": "hevc"}], "AudioStreams": []}"""));
        assertEquals(
                new MediaInfo(2500, new MediaInfo.Video("hevc", 640, 360, 25), null),
                older,
                "numbers as strings; no FrameRate falls back to AverageFrameRate");
    }

    @ParameterizedTest
    @CsvSource({
        "25, 25/1",
        "30000, 30/1",
        "29.97002997, 30000/1001",
        "23.976023976, 24000/1001",
        "12.5, 25/2",
        "59.94005994, 60000/1001"
    })
    void videoInfoRoundTripsWhatTheEmbeddedServerWrites(double fps, String fraction) {
        if (fps == 30000) {
            fps = 30;
        }
        MediaInfo m = new MediaInfo(
                4_321, new MediaInfo.Video("h264", 1280, 720, fps), new MediaInfo.Audio("opus", 48_000, 6));
        var meta = m.toMediaMeta(1234);
        assertEquals(
                fraction, meta.path("VideoStreams").path(0).path("FrameRate").asText());
        MediaInfo back = MediaInfo.fromMediaMeta(meta);
        assertEquals(m.durationMs(), back.durationMs());
        assertEquals(m.audio(), back.audio());
        assertEquals(m.video().width(), back.video().width());
        assertEquals(fps, back.video().fps(), 1e-6);
        assertNull(MediaInfo.fromMediaMeta(new MediaInfo(1000, null, null).toMediaMeta(1))
                .video());
    }

    @Test
    void nothingWhenFfmpegCouldNotOpenTheFile() {
        assertTrue(MediaInfo.parse("""
                [mov,mp4,m4a,3gp,3g2,mj2 @ 0x6e89c40] moov atom not found
                bad.mp4: Invalid data found when processing input
                """).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "mono,1",
        "stereo,2",
        "downmix,2",
        "2.1,3",
        "quad,4",
        "5.1,6",
        "5.1(side),6",
        "7.0(front),7",
        "7.1,8",
        "hexagonal,6",
        "octagonal,8",
        "22.2,24",
        "3 channels,3",
        "12 channels,12"
    })
    void channelCountOfEveryLayoutName(String layout, int channels) {
        assertEquals(channels, MediaInfo.channels(layout));
        MediaInfo m = MediaInfo.parse("Input #0, wav, from 'x.wav':\n  Stream #0:0: Audio: pcm_s16le, 44100 Hz, "
                        + layout + ", s16, 1411 kb/s\n")
                .orElseThrow();
        assertNotNull(m.audio());
        assertEquals(channels, m.audio().channels(), "in a stream line");
    }

    @ParameterizedTest
    @CsvSource({
        "'25 fps, 25 tbr', 25",
        "'23.98 fps, 23.98 tbr', 23.976023976",
        "'59.94 fps', 59.940059940",
        "'12.5 fps', 12.5",
        "'1k fps', 1000",
        "'50 tbr, 1k tbn', 50",
        "'90k tbn', 25"
    })
    void frameRateFromFpsThenTbrThenDefault(String printed, double fps) {
        assertEquals(fps, MediaInfo.frameRate("h264, yuv420p, 640x360, " + printed), 1e-6);
    }
}
