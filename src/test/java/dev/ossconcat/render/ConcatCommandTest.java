package dev.ossconcat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.rules.Plan;
import dev.ossconcat.verify.MediaInfo;
import dev.ossconcat.verify.OutputVerifier;
import dev.ossconcat.verify.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parameter mapping of docs/local.md, row by row, with real FFmpeg (the bundled build, or PATH's): each output is a valid
 * playlist, rendered from two mismatched clips (one without audio), probed, and must be what the playlist implies.
 */
class ConcatCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Ffmpeg ffmpeg;
    static List<Path> clips;
    static List<MediaInfo> infos;

    @BeforeAll
    static void clips() throws Exception {
        ffmpeg = Ffmpeg.find().orElseThrow(() -> new AssertionError("ffmpeg on PATH or from the pom's jave-nativebin"));
        Path a = FfmpegTest.make(
                ffmpeg,
                tmp.resolve("a.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x240:rate=25:duration=1",
                "-f",
                "lavfi",
                "-i",
                "sine=sample_rate=44100:duration=1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-shortest");
        Path b = FfmpegTest.make(
                ffmpeg,
                tmp.resolve("b.mp4"),
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=176x144:rate=30:duration=1",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        clips = List.of(a, b);
        infos = List.of(ffmpeg.probe(a), ffmpeg.probe(b));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'format':'mp4','video':{'codec':'h264','fps':25},'audio':{'codec':'aac','sampleRate':48000,'channels':2}}",
                "{'format':'mp4','video':{'codec':'h265','width':320,'height':240},'audio':{'codec':'ac3','channels':6}}",
                "{'format':'mkv','video':{'codec':'vp9','crf':40},'audio':{'codec':'opus','sampleRate':48000}}",
                "{'format':'webm','video':{'codec':'vp9','bitrate':200000},'audio':{'codec':'vorbis','sampleRate':44100}}",
                "{'format':'ts','video':{'codec':'h264','gop':25},'audio':{'codec':'mp3','sampleRate':44100,'bitrate':96000}}",
                "{'format':'flv','video':{'codec':'h264','crf':28,'maxBitrate':500000,'bufferSize':1000000},'audio':{'codec':'aac'}}",
                "{'format':'mkv','video':{'codec':'h264','pixelFormat':'yuv444p'},'audio':{'codec':'flac','bitDepth':24}}",
                "{'format':'mov','video':{'codec':'h264','width':640,'scaleType':'crop'},'audio':{'codec':'pcm'}}",
                "{'format':'mov','video':{'codec':'h264','height':180,'scaleType':'stretch'},'audio':{'codec':'amr','sampleRate':8000,'channels':1}}",
                "{'format':'avi','video':{'codec':'h264'},'audio':{'codec':'mp3','quality':4}}",
                "{'format':'asf','video':{'codec':'h264'},'audio':{'codec':'aac','channels':1}}",
                "{'format':'mxf','video':{'codec':'h264','fps':25},'audio':{'codec':'pcm','sampleRate':48000}}",
                "{'format':'mp4','video':false,'audio':{'codec':'aac'}}",
                "{'format':'mp4','video':{'codec':'h264'},'audio':false}",
            })
    void everyMappedParameterGivesTheOutputItsPlaylistImplies(String output) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(("{'bucket':'media','clips':[{'key':'a.mp4'},"
                        + "{'key':'b.mp4','start':200}],'output':" + output + "}")
                .replace('\'', '"'));
        ((ObjectNode) node.path("output")).put("key", "out.{autoext}");
        Plan plan = Plan.of(PlaylistJson.read(node), Defaults.NONE);
        assertTrue(plan.valid(), "a valid playlist: " + plan.errors());

        Path dir = Files.createTempDirectory(tmp, "out");
        ConcatCommand.Command cmd = ConcatCommand.build(plan.playlist(), clips, infos, dir, "out");
        Ffmpeg.Result r = ffmpeg.ffmpeg(cmd.args(), 120);
        String lacking = lackingEncoder(cmd.args());
        if (lacking != null) {
            // docs/local.md: "encoders that the FFmpeg build lacks … fail with FFmpeg's message" (Debian's has no AMR)
            assertTrue(r.exit() != 0 && r.tail().contains(lacking), r.tail());
            return;
        }
        assertEquals(0, r.exit(), String.join(" ", cmd.args()) + "\n" + r.tail());

        MediaInfo out = ffmpeg.probe(cmd.output());
        long expected = infos.get(0).trimmedLength(plan.playlist().clips().get(0))
                + infos.get(1).trimmedLength(plan.playlist().clips().get(1));
        assertEquals(
                Verification.verified(),
                OutputVerifier.compare(plan.playlist().output(), expected, 2, out),
                out.toString());
        if (out.video() != null) {
            assertEquals(cmd.width(), out.video().width(), "align clip's size where unset");
            assertEquals(cmd.height(), out.video().height());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hls", "dash"})
    void segmentedOutputsHaveTheirManifestAndSegments(String format) throws Exception {
        var node = JSON.readTree(("{'bucket':'media','clips':[{'key':'a.mp4'},{'key':'b.mp4'}],"
                        + "'output':{'key':'s.{autoext}','format':'ts','video':{'codec':'h264'},'audio':{'codec':'aac'},"
                        + "'segment':{'format':'" + format + "','duration':1000}}}")
                .replace('\'', '"'));
        Plan plan = Plan.of(PlaylistJson.read(node), Defaults.NONE);
        assertTrue(plan.valid(), "a valid playlist: " + plan.errors());
        Path dir = Files.createTempDirectory(tmp, format);
        ConcatCommand.Command cmd = ConcatCommand.build(plan.playlist(), clips, infos, dir, "s");
        Ffmpeg.Result r = ffmpeg.ffmpeg(cmd.args(), 120);
        assertEquals(0, r.exit(), r.tail());
        assertEquals(format.equals("hls") ? "m3u8" : "mpd", cmd.extension());
        String manifest = Files.readString(cmd.output());
        List<String> names;
        try (var files = Files.list(dir)) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals(cmd.output().getFileName().toString()))
                    .sorted()
                    .toList();
        }
        assertTrue(names.size() >= 2, "segments: " + names);
        // HLS lists each segment; DASH names them by templates (init-stream$RepresentationID$.m4s, …)
        List<Pattern> templates = new ArrayList<>();
        Matcher t = Pattern.compile("(?:initialization|media)=\"([^\"]+)\"").matcher(manifest);
        while (t.find()) {
            templates.add(Pattern.compile(Pattern.quote(t.group(1)).replaceAll("\\$[^$]*\\$", "\\\\E.+\\\\Q")));
        }
        for (String n : names) {
            assertTrue(
                    manifest.contains(n)
                            || templates.stream().anyMatch(p -> p.matcher(n).matches()),
                    n + " is not in " + manifest);
        }
        // an HLS segment (MPEG-TS) or a DASH initialization segment can be read on its own
        String readable = names.stream()
                .filter(n -> n.endsWith(".ts") || n.startsWith("init-"))
                .findFirst()
                .orElseThrow();
        MediaInfo first = ffmpeg.probe(dir.resolve(readable));
        assertTrue(first.video() != null, "a segment holds the video: " + readable);
    }

    /** The first {@code -c:v}/{@code -c:a} encoder of {@code args} that this FFmpeg does not have, or null. */
    private static String lackingEncoder(List<String> args) throws Exception {
        String encoders =
                ffmpeg.ffmpeg(List.of("-hide_banner", "-encoders"), 30).output();
        for (int i = 0; i + 1 < args.size(); i++) {
            if ((args.get(i).equals("-c:v") || args.get(i).equals("-c:a"))
                    && !Pattern.compile(" " + Pattern.quote(args.get(i + 1)) + " ")
                            .matcher(encoders)
                            .find()) {
                return args.get(i + 1);
            }
        }
        return null;
    }
}
