package dev.ossconcat.playlist;

import static dev.ossconcat.playlist.Video.or;

/**
 * Audio transcoding settings of the output; {@code null} = not set. {@code disabled} is OSS {@code an_1}.
 */
public record Audio(
        boolean disabled,
        String codec, // acodec
        Long sampleRate, // ar
        Long channels, // ac
        Long quality, // aq
        Long bitrate, // ab
        Long bitrateOption, // abopt
        Long bitDepth) { // adepth

    public static final Audio UNSET = new Audio(false, null, null, null, null, null, null, null);
    public static final Audio OFF = new Audio(true, null, null, null, null, null, null, null);

    /** This audio's explicit fields, with {@code base} (a preset) filling those left unset. */
    public Audio over(Audio base) {
        if (disabled || base == null) {
            return this;
        }
        return new Audio(
                base.disabled,
                or(codec, base.codec),
                or(sampleRate, base.sampleRate),
                or(channels, base.channels),
                or(quality, base.quality),
                or(bitrate, base.bitrate),
                or(bitrateOption, base.bitrateOption),
                or(bitDepth, base.bitDepth));
    }

    public boolean hasSettings() {
        return !this.equals(disabled ? OFF : UNSET);
    }
}
