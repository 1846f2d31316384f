package dev.ossconcat.report;

public enum Severity {
    /** The job must not be submitted: OSS would reject it or fail it after billing starts. */
    ERROR,
    /** Legal, but risky or resting on an unverified rule: submitted, and the user is told. */
    WARNING
}
