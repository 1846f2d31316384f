package dev.ossconcat.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.playlist.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The playlist table of docs/playlist.md is the one generated from the parameter definitions and the rules. */
class ParameterTableTest {

    static final Path DOC = Path.of("docs/playlist.md");
    static final String BEGIN = "<!-- parameters:begin -->\n";
    static final String END = "<!-- parameters:end -->";

    @Test
    void theDocsTableIsTheGeneratedOne() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        assertTrue(from >= 0 && to > from, DOC + " has the markers " + BEGIN.strip() + " and " + END);
        String expected = ParameterTable.markdown();
        Path generated = Path.of("target/parameter-table.md");
        Files.writeString(generated, expected);
        assertEquals(
                expected,
                doc.substring(from + BEGIN.length(), to),
                "docs/playlist.md is out of date: paste " + generated + " between the markers");
    }

    @Test
    void everyParameterHasARowExceptTheSourceTrimWhichIsTheClipsOwn() {
        String table = ParameterTable.markdown();
        for (Param<?> p : Param.values()) {
            String field = "`" + p.playlistPath().replace("%d", "") + "`";
            assertTrue(table.contains("| " + field), p + " has the row " + field);
        }
        assertTrue(
                Param.SS.playlistPath().equals(Param.CLIP_SS.playlistPath())
                        && Param.T.playlistPath().equals(Param.CLIP_T.playlistPath()),
                "ss and t of video/concat are the source clip's start and duration");
    }

    @Test
    void rangesAndPairingsComeFromTheRules() {
        String table = ParameterTable.markdown();
        assertTrue(table.contains(
                "| `output.video.bitrate` | `vb` | integer, bit/s | [10000, 100000000]; not with `crf` |"));
        assertTrue(table.contains("| `output.audio.quality` | `aq` | integer | [0, 100]; not with `ab` |"));
        assertTrue(table.contains(
                "`mp4 mkv mov asf avi mxf ts flv`; `webm mp3 aac flac oga ac3 opus amr` with a warning"));
        assertTrue(table.contains(
                "| `clips[]` | source, `/pre`, `/sur` | array | 2–1000 clips in playback order; more than 11"));
    }
}
