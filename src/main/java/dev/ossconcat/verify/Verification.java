package dev.ossconcat.verify;

/**
 * What output verification found. Users see it as one string, {@code concat-verified} in the metadata and
 * {@code verified} in {@code /status}: {@code true}, {@code false: <what is off>} or {@code skipped: <why>}. That
 * string is only the wire form; code compares {@link #result()}, never text.
 *
 * @param reason what is off ({@link Result#MISMATCH}) or why nothing was checked ({@link Result#NOT_CHECKED}); null
 *               for {@link Result#VERIFIED}
 */
public record Verification(Result result, String reason) {

    /** The three outcomes, each with the word that starts its wire form. */
    public enum Result {
        /** The output has what the playlist implies. */
        VERIFIED("true"),
        /** The output exists but something is off, or it does not exist although the task succeeded. */
        MISMATCH("false"),
        /** Nothing could be compared: segmented output, a clip gone, video/info refused or unreadable. */
        NOT_CHECKED("skipped");

        private final String word;

        Result(String word) {
            this.word = word;
        }
    }

    public Verification {
        if (result == null) {
            throw new IllegalArgumentException("a verification has a result");
        }
        if (result == Result.VERIFIED) {
            reason = null; // "true" carries no reason on the wire, so none is kept that would be lost there
        }
    }

    public static Verification verified() {
        return new Verification(Result.VERIFIED, null);
    }

    public static Verification mismatch(String reason) {
        return new Verification(Result.MISMATCH, reason);
    }

    public static Verification notChecked(String reason) {
        return new Verification(Result.NOT_CHECKED, reason);
    }

    /** {@code true}, {@code false: <reason>} or {@code skipped: <reason>}. */
    public String wire() {
        return reason == null || reason.isEmpty() ? result.word : result.word + ": " + reason;
    }

    /**
     * The value of a stored {@link #wire()} form. Only this project writes it, so the three forms are all there is;
     * anything else (a hand-edited record) reads as not checked with the text as the reason, rather than making the
     * whole job record unreadable.
     */
    public static Verification ofWire(String s) {
        for (Result r : Result.values()) {
            if (s.equals(r.word)) {
                return new Verification(r, null);
            }
            if (s.startsWith(r.word + ":")) {
                return new Verification(r, s.substring(r.word.length() + 1).strip());
            }
        }
        return notChecked(s);
    }
}
