package dev.ossconcat.localoss;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test hooks of the embedded server: per operation, a delay, an error answer, or a dropped connection, for the
 * next {@code times} calls. A dropped connection either before the request is processed ({@link Kind#DROP}) or
 * after it took effect ({@link Kind#DROP_AFTER}, the case where the caller cannot know the outcome).
 */
public final class Faults {

    public enum Kind {
        DELAY,
        ERROR,
        DROP,
        DROP_AFTER
    }

    /** @param status and {@code code} for {@link Kind#ERROR}; {@code delayMillis} for every kind */
    public record Fault(
            Kind kind, long delayMillis, int status, String code, AtomicInteger skip, AtomicInteger remaining) {}

    private final Map<OssOperation, Fault> faults = new ConcurrentHashMap<>();
    private volatile long latencyMillis;

    /** A delay added to every request, e.g. to emulate the network for load tests. */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    public long latency() {
        return latencyMillis;
    }

    /** Arms a fault for the {@code times} calls of {@code op} that follow the next {@code skip} ones. */
    public void inject(OssOperation op, Kind kind, long delayMillis, int status, String code, int skip, int times) {
        faults.put(op, new Fault(kind, delayMillis, status, code, new AtomicInteger(skip), new AtomicInteger(times)));
    }

    public void inject(OssOperation op, Kind kind, long delayMillis, int status, String code, int times) {
        inject(op, kind, delayMillis, status, code, 0, times);
    }

    public void error(OssOperation op, int status, String code, int times) {
        inject(op, Kind.ERROR, 0, status, code, times);
    }

    public void clear() {
        faults.clear();
        latencyMillis = 0;
    }

    /** The fault for this call of {@code op}, if one is armed; each call uses one of its {@code times}. */
    Fault take(OssOperation op) {
        Fault f = faults.get(op);
        if (f == null) {
            return null;
        }
        if (f.skip().getAndDecrement() > 0) {
            return null;
        }
        if (f.remaining().getAndDecrement() <= 0) {
            faults.remove(op, f);
            return null;
        }
        return f;
    }
}
