package dev.ossconcat.playlist;

/**
 * Video transcoding settings of the output: the {@link Param.Group#VIDEO} parameters that are set. Every one is
 * optional here, because a playlist may leave them to a preset or to OSS defaults; the rules decide what is required.
 * {@code disabled} is OSS {@code vn_1}: the output has no video stream.
 * <p>
 * The named accessors are conveniences for code that reads a parameter by name; {@link #get} reads any.
 */
public record Video(boolean disabled, Settings settings) {

    public static final Video UNSET = new Video(false, Settings.EMPTY);
    public static final Video OFF = new Video(true, Settings.EMPTY);

    public Video {
        settings = settings == null ? Settings.EMPTY : settings;
    }

    public <T> T get(Param<T> p) {
        return settings.get(p);
    }

    /** This video with {@code p} set to {@code value} ({@code null} unsets it). */
    public <T> Video with(Param<T> p, T value) {
        return new Video(disabled, settings.with(p, value));
    }

    /** This video's explicit settings, with {@code base} (a preset) filling those left unset. */
    public Video over(Video base) {
        if (disabled || base == null) {
            return this;
        }
        return new Video(base.disabled, settings.over(base.settings));
    }

    /** True when any parameter is set (meaningless, and suspicious, when the stream is disabled). */
    public boolean hasSettings() {
        return !settings.isEmpty();
    }

    public String codec() {
        return get(Param.VCODEC);
    }

    public Double fps() {
        return get(Param.FPS);
    }

    public String pixelFormat() {
        return get(Param.PIXFMT);
    }

    public Long width() {
        Resolution s = get(Param.S);
        return s == null ? null : s.width();
    }

    public Long height() {
        Resolution s = get(Param.S);
        return s == null ? null : s.height();
    }

    public String scaleType() {
        return get(Param.SCALETYPE);
    }

    public Long gop() {
        return get(Param.G);
    }

    public Long bitrate() {
        return get(Param.VB);
    }

    public Double crf() {
        return get(Param.CRF);
    }

    public Long maxBitrate() {
        return get(Param.MAXRATE);
    }

    public Long bufferSize() {
        return get(Param.BUFSIZE);
    }

    static <T> T or(T explicit, T fallback) {
        return explicit != null ? explicit : fallback;
    }
}
