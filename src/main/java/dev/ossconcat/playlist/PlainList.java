package dev.ossconcat.playlist;

import java.util.ArrayList;
import java.util.List;

/**
 * The simplest playlist: one object key per line, whole clips in that order. Blank lines and lines starting with
 * {@code #} are skipped; surrounding whitespace and Windows line ends are removed. The output settings come from
 * {@code output}.
 */
public final class PlainList {

    private PlainList() {}

    public static Decoded read(String text, String bucket, Output output) {
        List<Clip> clips = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String key = line.strip();
            if (!key.isEmpty() && !key.startsWith("#")) {
                clips.add(Clip.whole(key));
            }
        }
        return new Decoded(new Playlist(Playlist.CURRENT_VERSION, bucket, clips, 0, output, null, null), List.of());
    }
}
