package dev.ossconcat.chunk;

import java.util.Locale;

/**
 * How a minute of transcoded output is priced: by codec and by resolution class, or audio only. A frame is in the
 * smallest class whose long side and short side both fit (1280x720 is SD; 1280x800 is HD because its short side
 * is over 720). This is the rule Alibaba Cloud's transcoding products (MPS, VOD) publish, with their names for the
 * classes; IMM's own price page does not state its rule in a form we could read, so the tier is an inference and
 * the estimate says which tier it used.
 */
public enum Tier {
    H264_LD("h264", 640, 480),
    H264_SD("h264", 1280, 720),
    H264_HD("h264", 1920, 1080),
    H264_2K("h264", 2560, 1440),
    H264_4K("h264", 3840, 2160),
    H265_LD("h265", 640, 480),
    H265_SD("h265", 1280, 720),
    H265_HD("h265", 1920, 1080),
    H265_2K("h265", 2560, 1440),
    H265_4K("h265", 3840, 2160),
    AUDIO(null, 0, 0);

    private final String codec;
    private final long maxLongSide;
    private final long maxShortSide;

    Tier(String codec, long maxLongSide, long maxShortSide) {
        this.codec = codec;
        this.maxLongSide = maxLongSide;
        this.maxShortSide = maxShortSide;
    }

    /** The name used in answers and price tables: {@code h264-hd}, {@code audio}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The tier of output frames {@code width x height} in {@code codec}, or {@code null} when none fits. */
    public static Tier of(String codec, long width, long height) {
        long longSide = Math.max(width, height);
        long shortSide = Math.min(width, height);
        for (Tier t : values()) {
            if (t.codec != null && t.codec.equals(codec) && longSide <= t.maxLongSide && shortSide <= t.maxShortSide) {
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
