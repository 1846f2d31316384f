package dev.ossconcat.rules;

/**
 * How sure we are of a rule. Evidence alone does not make a breach an error or a warning: the rule's {@link Stake}
 * does, and for a documented (confirmed or inferred) rule that stake is always {@link Stake#KNOWN}, an error.
 */
public enum Evidence {
    /** Stated by an Alibaba Cloud doc or official SDK code for video/concat. */
    CONFIRMED,
    /** Derived from a closely related official source (IMM structs, video/convert, audio/concat) or a format spec. */
    INFERRED,
    /** Not documented anywhere we found; needs a live test. */
    UNVERIFIED;

    /** {@code confirmed}, {@code inferred}, {@code unverified}: how the docs print it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
