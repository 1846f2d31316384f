package dev.ossconcat;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in every Quarkus test, in place of the system clock: real time unless a test moves it.
 * A test can move time past a window ({@link #advance}) instead of waiting for it, or stop it ({@link #freeze}) to
 * put a record exactly at a boundary. Tests that move it call {@link #reset()} afterwards, since all test classes
 * share the application.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Instant frozen;
    private volatile Duration offset = Duration.ZERO;

    /** From now on, time stands still (until advanced or reset). */
    public synchronized void freeze() {
        frozen = instant();
    }

    /** Moves time forward by {@code d}, frozen or not. */
    public synchronized void advance(Duration d) {
        if (frozen != null) {
            frozen = frozen.plus(d);
        } else {
            offset = offset.plus(d);
        }
    }

    /** Back to real time. */
    public synchronized void reset() {
        frozen = null;
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        Instant f = frozen;
        return f != null ? f : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the application's clock is UTC");
    }
}
