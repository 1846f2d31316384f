package dev.ossconcat.playlist;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of parameters, keyed by their {@link Param}: an immutable typed map. {@link Video} and {@link Audio} keep
 * their parameters in one, and the parser collects each operation's values in one. A new parameter needs no field,
 * constructor argument or copy method here; its definition is enough.
 * <p>
 * Stored as an array indexed by {@link Param#ordinal()}: every playlist read and every process string parsed builds
 * a few of these, and an array is both the smallest and the fastest map over a fixed set of some thirty keys.
 */
public final class Settings {

    private static final List<Param<?>> PARAMS = Param.values();

    public static final Settings EMPTY = new Settings(new Object[PARAMS.size()]);

    /** Indexed by {@link Param#ordinal()}; never changed after construction. */
    private final Object[] values;

    private Settings(Object[] values) {
        this.values = values;
    }

    /** The value of {@code p}, or {@code null} when unset. */
    public <T> T get(Param<T> p) {
        return p.cast(values[p.ordinal()]);
    }

    /** These settings with {@code p} set to {@code value}; {@code null} unsets it. */
    public <T> Settings with(Param<T> p, T value) {
        return withValue(p, value);
    }

    /**
     * As {@link #with}, for callers that hold the value as an {@code Object} (a parser switching on the kind); the
     * value is checked against the parameter's type here, so a wrong one fails where it is put, not where it is read.
     */
    public Settings withValue(Param<?> p, Object value) {
        if (p.isUnset(value)) {
            value = null; // the documented "not set" default (maxrate_0) is the same as leaving it out
        }
        if (value == null && values[p.ordinal()] == null) {
            return this;
        }
        Object[] copy = values.clone();
        copy[p.ordinal()] = value == null ? null : p.cast(value);
        return new Settings(copy);
    }

    /** These settings, with {@code base} filling every parameter left unset here. */
    public Settings over(Settings base) {
        Object[] merged = values.clone();
        for (int i = 0; i < merged.length; i++) {
            if (merged[i] == null) {
                merged[i] = base.values[i];
            }
        }
        return new Settings(merged);
    }

    /** Only the parameters of {@code group}. */
    public Settings only(Param.Group group) {
        Object[] some = new Object[values.length];
        for (Param<?> p : Param.in(group)) {
            some[p.ordinal()] = values[p.ordinal()];
        }
        return new Settings(some);
    }

    public boolean isEmpty() {
        for (Object v : values) {
            if (v != null) {
                return false;
            }
        }
        return true;
    }

    /** The set parameters and their values, in canonical order. */
    public Map<Param<?>, Object> asMap() {
        Map<Param<?>, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                map.put(PARAMS.get(i), values[i]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects values one by one (a parser, a JSON reader) without a copy per value; not thread-safe. */
    public static final class Builder {
        private Object[] values = new Object[PARAMS.size()];
        private boolean[] given = new boolean[PARAMS.size()];

        /** True when a value was put for {@code p}, even one that leaves it unset ({@code maxrate_0}). */
        public boolean has(Param<?> p) {
            return given[p.ordinal()];
        }

        /** The value collected for {@code p} so far, or {@code null}: reading needs no {@link #build()}. */
        public <T> T get(Param<T> p) {
            return p.cast(values[p.ordinal()]);
        }

        /**
         * Sets {@code p}, checking the value against its type; {@code null}, or the parameter's documented "not set"
         * default, leaves it unset.
         */
        public Builder put(Param<?> p, Object value) {
            if (value != null) {
                given[p.ordinal()] = true;
            }
            if (value != null && !p.isUnset(value)) {
                values[p.ordinal()] = p.cast(value);
            }
            return this;
        }

        /** The settings collected; the builder is empty afterwards, so the array is handed over without a copy. */
        public Settings build() {
            Settings built = new Settings(values);
            values = new Object[PARAMS.size()];
            given = new boolean[PARAMS.size()];
            return built;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
