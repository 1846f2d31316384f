package dev.ossconcat.playlist;

/**
 * Audio transcoding settings of the output: the {@link Param.Group#AUDIO} parameters that are set. {@code disabled}
 * is OSS {@code an_1}. The named accessors are conveniences; {@link #get} reads any parameter.
 */
public record Audio(boolean disabled, Settings settings) {

    public static final Audio UNSET = new Audio(false, Settings.EMPTY);
    public static final Audio OFF = new Audio(true, Settings.EMPTY);

    public Audio {
        settings = settings == null ? Settings.EMPTY : settings;
    }

    public <T> T get(Param<T> p) {
        return settings.get(p);
    }

    /** This audio with {@code p} set to {@code value} ({@code null} unsets it). */
    public <T> Audio with(Param<T> p, T value) {
        return new Audio(disabled, settings.with(p, value));
    }

    /** This audio's explicit settings, with {@code base} (a preset) filling those left unset. */
    public Audio over(Audio base) {
        if (disabled || base == null) {
            return this;
        }
        return new Audio(base.disabled, settings.over(base.settings));
    }

    public boolean hasSettings() {
        return !settings.isEmpty();
    }

    public String codec() {
        return get(Param.ACODEC);
    }

    public Long sampleRate() {
        return get(Param.AR);
    }

    public Long channels() {
        return get(Param.AC);
    }

    public Long quality() {
        return get(Param.AQ);
    }

    public Long bitrate() {
        return get(Param.AB);
    }

    public Long bitDepth() {
        return get(Param.ADEPTH);
    }
}
