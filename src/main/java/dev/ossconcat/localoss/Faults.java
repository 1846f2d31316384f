package dev.ossconcat.localoss;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test hooks of the embedded server: per operation, a delay, a hold, an error answer, or a dropped connection, for
 * the next {@code times} calls. A dropped connection either before the request is processed ({@link Kind#DROP}) or
 * after it took effect ({@link Kind#DROP_AFTER}, the case where the caller cannot know the outcome).
 */
public final class Faults {

    public enum Kind {
        /** The request is processed after {@code delayMillis}. */
        DELAY,
        /**
         * The request waits until the test releases its {@link Hold}, then is processed as usual. A test that needs
         * the caller to time out lets the SDK's socket timeout fire, then releases the request itself and knows it
         * has landed, instead of guessing how long a delayed request takes.
         */
        HOLD,
        ERROR,
        DROP,
        DROP_AFTER
    }

    /**
     * @param status and {@code code} for {@link Kind#ERROR}; {@code delayMillis} for every kind; {@code hold} for
     *               {@link Kind#HOLD}, else null
     */
    public record Fault(
            Kind kind,
            long delayMillis,
            int status,
            String code,
            AtomicInteger skip,
            AtomicInteger remaining,
            Hold hold) {}

    /**
     * The requests one {@link Kind#HOLD} fault caught. They wait for {@link #release()}, which lets them proceed and
     * returns once each has been processed: its effect on the store has landed (or failed) and its answer was sent,
     * or went nowhere because the caller gave up.
     */
    public static final class Hold {

        /** Only against a bug that keeps a released request from finishing; no test waits this long. */
        private static final long LANDING_LIMIT_SECONDS = 60;

        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private final AtomicInteger caught = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final Object landing = new Object();

        /** How many requests this hold has caught so far. */
        public int caught() {
            return caught.get();
        }

        /**
         * Lets every caught request proceed (and any the fault catches later, at once), and waits until each caught
         * so far has been processed.
         */
        public void release() {
            released.complete(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LANDING_LIMIT_SECONDS);
            synchronized (landing) {
                while (finished.get() < caught.get()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException(
                                (caught.get() - finished.get()) + " released request(s) never finished");
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(landing, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        /** The server parks a request here; {@code proceed} runs once the hold is released. */
        void park(Runnable proceed) {
            caught.incrementAndGet();
            released.thenRun(proceed);
        }

        /** The server reports a parked request processed, answered or not. */
        void finished() {
            finished.incrementAndGet();
            synchronized (landing) {
                landing.notifyAll();
            }
        }
    }

    private final Map<OssOperation, Fault> faults = new ConcurrentHashMap<>();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
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
        if (kind == Kind.HOLD) {
            throw new IllegalArgumentException("hold(...) arms a hold and returns it, for the test to release");
        }
        faults.put(
                op,
                new Fault(kind, delayMillis, status, code, new AtomicInteger(skip), new AtomicInteger(times), null));
    }

    public void inject(OssOperation op, Kind kind, long delayMillis, int status, String code, int times) {
        inject(op, kind, delayMillis, status, code, 0, times);
    }

    public void error(OssOperation op, int status, String code, int times) {
        inject(op, Kind.ERROR, 0, status, code, times);
    }

    /** Holds the {@code times} calls of {@code op} that follow the next {@code skip} ones until the hold is released. */
    public Hold hold(OssOperation op, int skip, int times) {
        Hold hold = new Hold();
        holds.add(hold);
        faults.put(op, new Fault(Kind.HOLD, 0, 0, null, new AtomicInteger(skip), new AtomicInteger(times), hold));
        return hold;
    }

    /** Disarms every fault and releases every held request, so that nothing stays blocked after a test. */
    public void clear() {
        faults.clear();
        latencyMillis = 0;
        for (Hold h : holds) {
            h.release();
        }
        holds.clear();
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
