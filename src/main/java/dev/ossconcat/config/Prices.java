package dev.ossconcat.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.chunk.PriceTable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The price table estimates use: the file {@code CONCAT_PRICES} names, else the bundled {@code prices.json}, which
 * has no prices (the estimate then gives durations and billed minutes, and says that prices are missing). Prices are
 * data, not code: they change, and they depend on the account's site and currency. A table that cannot be read
 * stops the start-up with the reason, rather than estimating with nothing.
 */
@Singleton
public class Prices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PriceTable table;

    public Prices(ConcatConfig config) {
        this.table = config.prices().filter(f -> !f.isBlank()).map(Prices::read).orElseGet(Prices::bundled);
    }

    public PriceTable table() {
        return table;
    }

    private static PriceTable read(String file) {
        try {
            return PriceTable.fromJson(JSON.readTree(Files.readAllBytes(Path.of(file))));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "CONCAT_PRICES=" + file + " is not a readable price table: " + e.getMessage());
        }
    }

    private static PriceTable bundled() {
        try (InputStream in = Prices.class.getResourceAsStream("/prices.json")) {
            return PriceTable.fromJson(JSON.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("the bundled prices.json is not readable", e);
        }
    }
}
