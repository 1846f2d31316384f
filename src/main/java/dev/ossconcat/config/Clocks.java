package dev.ossconcat.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one source of "now" for everything that reads time: the takeover window, record times, the SMQ replay window,
 * the embedded server's IMM. Injected rather than read from {@code Instant.now()}, so that a test can move time
 * past a window instead of waiting for it; any other {@link Clock} bean (a test's) replaces this default.
 */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
