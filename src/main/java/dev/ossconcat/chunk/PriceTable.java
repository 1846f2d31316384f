package dev.ossconcat.chunk;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

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

    /**
     * Reads {@code {"currency": "CNY", "source": "https://…", "asOf": "2026-11-30", "perMinute": {"h264-hd": 0.05}}}.
     *
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    public static PriceTable fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a price table is a JSON object");
        }
        String currency = json.path("currency").asText("");
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as CNY or USD");
        }
        LocalDate asOf;
        try {
            asOf = LocalDate.parse(json.path("asOf").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("asOf must be the date the prices were read, as 2026-11-30");
        }
        String source = json.path("source").asText("");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must say where the prices come from");
        }
        Map<Tier, BigDecimal> prices = new EnumMap<>(Tier.class);
        JsonNode perMinute = json.path("perMinute");
        if (!perMinute.isObject()) {
            throw new IllegalArgumentException("perMinute must be an object of tier to price");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = perMinute.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Tier tier = Tier.byId(e.getKey());
            if (tier == null) {
                throw new IllegalArgumentException("perMinute." + e.getKey() + " is not a tier; tiers are "
                        + Arrays.stream(Tier.values()).map(Tier::id).collect(Collectors.joining(", ")));
            }
            if (!e.getValue().isNumber() || e.getValue().decimalValue().signum() < 0) {
                throw new IllegalArgumentException("perMinute." + e.getKey() + " must be a number of at least 0");
            }
            prices.put(tier, e.getValue().decimalValue());
        }
        return new PriceTable(currency, source, asOf, prices);
    }
}
