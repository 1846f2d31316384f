package dev.ossconcat.playlist;

/**
 * Video transcoding settings of the output. Every field is optional here ({@code null} = not set), because a
 * playlist may leave them to a preset or to OSS defaults; the rules decide what is required.
 * {@code disabled} is OSS {@code vn_1}: the output has no video stream.
 */
public record Video(
        boolean disabled,
        String codec, // vcodec
        Double fps, // fps
        Long fpsOption, // fpsopt
        String pixelFormat, // pixfmt
        Long width, // s: WxH, Wx or xH
        Long height,
        Long resolutionOption, // sopt
        String scaleType, // scaletype
        Long adaptiveOrientation, // arotate
        Long gop, // g
        Long bitrate, // vb
        Long bitrateOption, // vbopt
        Double crf, // crf
        Long maxBitrate, // maxrate
        Long bufferSize) { // bufsize

    public static final Video UNSET =
            new Video(false, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    public static final Video OFF =
            new Video(true, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** This video's explicit fields, with {@code base} (a preset) filling those left unset. */
    public Video over(Video base) {
        if (disabled || base == null) {
            return this;
        }
        return new Video(
                base.disabled,
                or(codec, base.codec),
                or(fps, base.fps),
                or(fpsOption, base.fpsOption),
                or(pixelFormat, base.pixelFormat),
                or(width, base.width),
                or(height, base.height),
                or(resolutionOption, base.resolutionOption),
                or(scaleType, base.scaleType),
                or(adaptiveOrientation, base.adaptiveOrientation),
                or(gop, base.gop),
                or(bitrate, base.bitrate),
                or(bitrateOption, base.bitrateOption),
                or(crf, base.crf),
                or(maxBitrate, base.maxBitrate),
                or(bufferSize, base.bufferSize));
    }

    /** True when any encoding parameter is set (meaningless, and suspicious, when the stream is disabled). */
    public boolean hasSettings() {
        return !this.equals(disabled ? OFF : UNSET);
    }

    static <T> T or(T explicit, T fallback) {
        return explicit != null ? explicit : fallback;
    }
}
