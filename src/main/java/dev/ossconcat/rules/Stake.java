package dev.ossconcat.rules;

import dev.ossconcat.report.Severity;

/**
 * What being wrong about a rule would cost, which decides whether breaking it is an error (the job is refused) or a
 * warning (the job is submitted and the user is told). This is the one policy of docs/rules.md: a rule's
 * {@link Basis} names its stake, and the validator never decides a severity anywhere else.
 * <p>
 * The two costs weighed are a billed task that fails late (or produces nothing usable) when a bad job is accepted,
 * and a job that would have worked when a good one is refused. A rule known from the documents is an error. An
 * unknown is an error when refusing costs the user nothing they cannot get another way, and a warning when it could
 * block the only way to get what they asked for.
 */
public enum Stake {
    KNOWN(
            Severity.ERROR,
            "known rule",
            "documented for video/concat or for the service that runs it: OSS refuses the task, or fails it after"
                    + " billing starts"),
    SAFE_FORM(
            Severity.ERROR,
            "safe form exists",
            "not documented, but a documented form asks for the same output: refusing costs one edit, accepting"
                    + " risks a billed task that fails late"),
    WASTED(
            Severity.ERROR,
            "wasted job",
            "whatever OSS does with it, the job cannot give what a concat is for: refused before money is spent"),
    MAY_WORK(
            Severity.WARNING,
            "may work",
            "not documented, and the safe alternative gives a different output: refusing could block a job that"
                    + " works, so it is submitted with a warning"),
    ADVICE(
            Severity.WARNING,
            "advice",
            "allowed, but probably a mistake or documented as risky: submitted with a warning");

    private final Severity severity;
    private final String label;
    private final String why;

    Stake(Severity severity, String label, String why) {
        this.severity = severity;
        this.label = label;
        this.why = why;
    }

    public Severity severity() {
        return severity;
    }

    /** A short name for tables: {@code known rule}, {@code may work}, ... */
    public String label() {
        return label;
    }

    /** The principle, one sentence. */
    public String why() {
        return why;
    }
}
