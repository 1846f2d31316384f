package dev.ossconcat.rules;

import dev.ossconcat.report.Severity;
import java.util.Arrays;
import java.util.List;

/**
 * Why a rule (or an allowed value) stands, and what the validator does when a playlist depends on it: how sure we
 * are ({@link Evidence}), the documents behind it (S-numbers of docs/sources.md), and what being wrong would cost
 * ({@link Stake}), which makes a breach an error or a warning. Settling an unknown means changing one basis.
 *
 * @param sources the documents, as {@code "S1, S4"}
 * @param why     what this rule risks, in a few words, when the stake's principle alone does not say it; empty for
 *                rules the documents state
 */
public record Basis(Evidence evidence, String sources, Stake stake, String why) {

    public Basis {
        boolean documented = evidence != Evidence.UNVERIFIED;
        boolean fits = switch (stake) {
            case KNOWN -> documented;
            case SAFE_FORM, MAY_WORK -> !documented; // only an unknown is weighed
            case WASTED, ADVICE -> true;
        };
        if (!fits) {
            throw new IllegalArgumentException(stake + " does not fit evidence " + evidence);
        }
        if (!documented && why.isEmpty()) {
            throw new IllegalArgumentException("an unverified rule says what it risks");
        }
        if (sources.isBlank()) {
            throw new IllegalArgumentException("every rule names its documents");
        }
    }

    /** Stated for video/concat by an Alibaba Cloud document or official SDK. */
    static Basis confirmed(String sources) {
        return new Basis(Evidence.CONFIRMED, sources, Stake.KNOWN, "");
    }

    /** Derived from a closely related official source (IMM, video/convert, audio/concat) or a format's own spec. */
    static Basis inferred(String sources) {
        return new Basis(Evidence.INFERRED, sources, Stake.KNOWN, "");
    }

    /** Not documented: the stake says whether a job that depends on it is refused or warned. */
    static Basis unverified(String sources, Stake stake, String why) {
        return new Basis(Evidence.UNVERIFIED, sources, stake, why);
    }

    /** Allowed, but worth a warning. */
    static Basis advice(Evidence evidence, String sources, String why) {
        return new Basis(evidence, sources, Stake.ADVICE, why);
    }

    /** Refused whatever OSS would do, because the job cannot serve its purpose. */
    static Basis wasted(Evidence evidence, String sources, String why) {
        return new Basis(evidence, sources, Stake.WASTED, why);
    }

    public Severity severity() {
        return stake.severity();
    }

    /** The rule's own reason when it has one, else its stake's principle. */
    public String reason() {
        return why.isEmpty() ? stake.why() : why;
    }

    /** The S-numbers, one by one. */
    public List<String> sourceIds() {
        return Arrays.stream(sources.split(",\\s*")).filter(s -> !s.isEmpty()).toList();
    }
}
