package dev.ossconcat.playlist;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The values of a stream's parameters ({@link Param.Group#VIDEO} or {@link Param.Group#AUDIO}), keyed by their
 * {@link Param}: an immutable typed map. A new parameter needs no field, constructor argument or copy method here;
 * its definition is enough.
 */
public final class Settings {

    private static final Comparator<Param<?>> CANONICAL = Comparator.comparingInt(Param::ordinal);

    public static final Settings EMPTY = new Settings(new TreeMap<>(CANONICAL));

    private final TreeMap<Param<?>, Object> values;

    private Settings(TreeMap<Param<?>, Object> values) {
        this.values = values;
    }

    /** The value of {@code p}, or {@code null} when unset. */
    public <T> T get(Param<T> p) {
        return p.cast(values.get(p));
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
        if (value == null && !values.containsKey(p)) {
            return this;
        }
        TreeMap<Param<?>, Object> copy = new TreeMap<>(values);
        if (value == null) {
            copy.remove(p);
        } else {
            copy.put(p, p.cast(value));
        }
        return new Settings(copy);
    }

    /** These settings, with {@code base} filling every parameter left unset here. */
    public Settings over(Settings base) {
        TreeMap<Param<?>, Object> merged = new TreeMap<>(base.values);
        merged.putAll(values);
        return new Settings(merged);
    }

    /** Only the parameters of {@code group}. */
    public Settings only(Param.Group group) {
        TreeMap<Param<?>, Object> some = new TreeMap<>(CANONICAL);
        values.forEach((p, v) -> {
            if (p.group() == group) {
                some.put(p, v);
            }
        });
        return new Settings(some);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The set parameters and their values, in canonical order. */
    public Map<Param<?>, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects values one by one (a parser, a JSON reader) without a copy per value; not thread-safe. */
    public static final class Builder {
        private final TreeMap<Param<?>, Object> values = new TreeMap<>(CANONICAL);
        private final Set<Param<?>> given = new HashSet<>();

        /** True when a value was put for {@code p}, even one that leaves it unset ({@code maxrate_0}). */
        public boolean has(Param<?> p) {
            return given.contains(p);
        }

        /**
         * Sets {@code p}, checking the value against its type; {@code null}, or the parameter's documented "not set"
         * default, leaves it unset.
         */
        public Builder put(Param<?> p, Object value) {
            if (value != null) {
                given.add(p);
            }
            if (value != null && !p.isUnset(value)) {
                values.put(p, p.cast(value));
            }
            return this;
        }

        public Settings build() {
            return new Settings(new TreeMap<>(values));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && values.equals(s.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
