package dev.ossconcat.chunk;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.playlist.Resolution;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job will produce and cost, before anyone pays: the output's duration, the minutes each level of the
 * {@link ChunkPlan} encodes, and their price.
 *
 * <p>Every level encodes the whole content once more (parts are joined by re-encoding, as {@code video/concat}
 * always does), so a two-level job bills twice the output's duration: the price of joining more than 11 clips.
 *
 * <p>Estimates say how sure they are. {@code exact} means every clip's duration and every level's tier and price
 * were known; {@code partial} lists what was not, and its totals count only what was known (a lower bound). A trim
 * with a duration counts as known without a probe: the clip is then assumed to be at least that long.
 *
 * @param exactness    {@code exact} or {@code partial}
 * @param unknownClips indexes of the clips whose duration is unknown
 * @param outputMillis duration of the output, counting the clips whose duration is known
 * @param levels       one entry per level of the plan
 * @param pricesFrom   the price table's source
 * @param pricesAsOf   the date the table's prices were read (ISO-8601)
 * @param price        the total over the levels that have a price, in {@code currency}; {@code null} when none has
 * @param notes        why the estimate is partial, one sentence each
 */
public record Estimate(
        String exactness,
        List<String> notes,
        List<Integer> unknownClips,
        long outputMillis,
        List<LevelCost> levels,
        BigDecimal price,
        String currency,
        String pricesFrom,
        String pricesAsOf) {

    public static final String EXACT = "exact";
    public static final String PARTIAL = "partial";

    public Estimate {
        notes = List.copyOf(notes);
        unknownClips = List.copyOf(unknownClips);
        levels = List.copyOf(levels);
    }

    /**
     * One level's share.
     *
     * @param tier          the {@link Tier#id()} its output is billed in, or {@code null} when its resolution or
     *                      codec is unknown
     * @param billedMinutes output minutes this level encodes
     * @param price         their price, or {@code null} when the tier or its price is unknown
     */
    public record LevelCost(int level, int tasks, String tier, BigDecimal billedMinutes, BigDecimal price) {}

    /**
     * The estimate for {@code plan}, with {@code facts} per clip of {@code playlist} (a shorter list means the
     * rest are unknown).
     */
    public static Estimate of(Playlist playlist, ChunkPlan plan, List<ClipFacts> facts, PriceTable prices) {
        List<Integer> unknown = new ArrayList<>();
        long millis = 0;
        for (int i = 0; i < playlist.clips().size(); i++) {
            Long d = duration(playlist.clips().get(i), i < facts.size() ? facts.get(i) : ClipFacts.UNKNOWN);
            if (d == null) {
                unknown.add(i);
            } else {
                millis += d;
            }
        }
        ClipFacts alignClip = facts.size() > playlist.output().align()
                ? facts.get((int) playlist.output().align())
                : ClipFacts.UNKNOWN;
        BigDecimal minutes = BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(60_000), 3, RoundingMode.UP);
        List<LevelCost> levels = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!unknown.isEmpty()) {
            notes.add(unknown.size() + " clip(s) of unknown duration (no trim duration, not probed): " + unknown);
        }
        BigDecimal total = null;
        for (ChunkPlan.Level level : plan.levels()) {
            Tier tier = tier(level.parts().get(0).task().output(), alignClip);
            BigDecimal perMinute = tier == null ? null : prices.price(tier);
            BigDecimal price = perMinute == null ? null : scaled(perMinute.multiply(minutes));
            if (tier == null) {
                notes.add(
                        "level " + level.number() + ": the output's codec or frame size is unknown (probe the clips)");
            } else if (perMinute == null) {
                notes.add("level " + level.number() + ": no price for " + tier.id() + " in the price table");
            }
            if (price != null) {
                total = total == null ? price : total.add(price);
            }
            levels.add(new LevelCost(
                    level.number(), level.parts().size(), tier == null ? null : tier.id(), minutes, price));
        }
        return new Estimate(
                notes.isEmpty() ? EXACT : PARTIAL,
                notes,
                unknown,
                millis,
                levels,
                total == null ? null : scaled(total),
                prices.currency(),
                prices.source(),
                prices.asOf().toString());
    }

    /** How long clip {@code c} plays in the output, or {@code null}. */
    static Long duration(Clip c, ClipFacts facts) {
        Long length = facts.durationMs();
        if (length != null) {
            long rest = Math.max(0, length - c.start());
            return c.duration() > 0 ? Math.min(c.duration(), rest) : rest;
        }
        return c.duration() > 0 ? c.duration() : null;
    }

    /**
     * The tier {@code output} is billed in: its codec and frame size; a side it leaves unset follows the align
     * clip, as OSS does.
     */
    static Tier tier(Output output, ClipFacts alignClip) {
        if (output.video().disabled()) {
            return Tier.AUDIO;
        }
        String codec = output.video().codec();
        Resolution s = output.video().get(Param.S);
        Long width = s == null ? null : s.width();
        Long height = s == null ? null : s.height();
        if (alignClip.width() != null && alignClip.height() != null && alignClip.height() > 0) {
            double aspect = (double) alignClip.width() / alignClip.height();
            if (width == null && height == null) {
                width = alignClip.width();
                height = alignClip.height();
            } else if (width == null) {
                width = Math.round(height * aspect);
            } else if (height == null) {
                height = Math.round(width / aspect);
            }
        }
        if (codec == null || width == null || height == null) {
            return null;
        }
        return Tier.of(codec, width, height);
    }

    /** Four decimals at most, and never in exponent form (JSON writes {@code 1E+1} otherwise). */
    private static BigDecimal scaled(BigDecimal amount) {
        BigDecimal s = amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
