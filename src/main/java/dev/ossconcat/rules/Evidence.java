package dev.ossconcat.rules;

import dev.ossconcat.report.Severity;

/**
 * How sure we are of a rule (labels of shared/reference/oss-video-concat.md). A confirmed or inferred rule
 * rejects the playlist; an unverified one only warns, because rejecting on a guess would block jobs that may well
 * work.
 */
public enum Evidence {
    /** Stated by an Alibaba Cloud doc or official SDK code for video/concat. */
    CONFIRMED,
    /** Derived from a closely related official source (IMM structs, video/convert, audio/concat). */
    INFERRED,
    /** Not documented anywhere we found; needs a live test. */
    UNVERIFIED;

    public Severity severity() {
        return this == UNVERIFIED ? Severity.WARNING : Severity.ERROR;
    }
}
