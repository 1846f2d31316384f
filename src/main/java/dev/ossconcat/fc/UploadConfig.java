package dev.ossconcat.fc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Which uploads start jobs, and the output of playlists that carry none (ffconcat scripts, plain lists). */
@ConfigMapping(prefix = "concat.upload")
public interface UploadConfig {

    /** Only keys under this prefix start jobs; the OSS trigger's prefix filter must match it. */
    @WithDefault("playlists/")
    String prefix();

    /** Only keys ending in one of these start jobs; the OSS trigger's suffix filter must be one of them. */
    @WithDefault(".json,.ffconcat,.txt")
    List<String> suffixes();

    /** Playlists larger than this are rejected without being parsed. */
    @WithDefault("65536")
    int maxPlaylistBytes();

    /** Output preset for ffconcat scripts and plain lists. */
    @WithDefault("mp4-h264-720p")
    String outputPreset();

    /**
     * Output key for ffconcat scripts and plain lists; {@code {name}} is the playlist key below the prefix without
     * its suffix. Other {@code {...}} are OSS variables.
     */
    @WithDefault("outputs/{name}.{autoext}")
    String outputKey();
}
