package dev.ossconcat.chunk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * What one minute of output costs, per {@link Tier}, in one currency: data with its source and the date it was
 * read, never numbers in code, because prices change and differ by site (the China site bills in CNY, the
 * international site in USD). A deployment may replace the table; the estimate always names the table it used.
 *
 * @param currency ISO 4217 code
 * @param source   where the prices were read (a URL)
 * @param asOf     when they were read
 * @param perMinute price of one minute of output per tier; a tier missing here is priced as unknown
 */
public record PriceTable(String currency, String source, LocalDate asOf, Map<Tier, BigDecimal> perMinute) {

    public PriceTable {
        perMinute = Map.copyOf(perMinute);
    }

    /** The price of a minute in {@code tier}, or {@code null} when the table does not know it. */
    public BigDecimal price(Tier tier) {
        return perMinute.get(tier);
    }
}
