package dev.ossconcat.chunk;

import java.util.Locale;

/**
 * How IMM prices a minute of transcoded output: by codec and by resolution class, the class taken from the shorter
 * side of the output frame (SD up to 480 pixels, HD 720, FHD 1080, 2K 1440, 4K 2160), or audio only.
 */
public enum Tier {
    H264_SD("h264", 480),
    H264_HD("h264", 720),
    H264_FHD("h264", 1080),
    H264_2K("h264", 1440),
    H264_4K("h264", 2160),
    H265_SD("h265", 480),
    H265_HD("h265", 720),
    H265_FHD("h265", 1080),
    H265_2K("h265", 1440),
    H265_4K("h265", 2160),
    AUDIO(null, 0);

    private final String codec;
    private final long maxShortSide;

    Tier(String codec, long maxShortSide) {
        this.codec = codec;
        this.maxShortSide = maxShortSide;
    }

    /** The name used in answers and price tables: {@code h264-fhd}, {@code audio}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The tier of output frames {@code width x height} in {@code codec}, or {@code null} when none fits. */
    public static Tier of(String codec, long width, long height) {
        long shortSide = Math.min(width, height);
        for (Tier t : values()) {
            if (t.codec != null && t.codec.equals(codec) && shortSide <= t.maxShortSide) {
                return t;
            }
        }
        return null;
    }

    /** The tier called {@code id} ({@link #id()}), or {@code null}. */
    public static Tier byId(String id) {
        for (Tier t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
