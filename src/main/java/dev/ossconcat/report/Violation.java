package dev.ossconcat.report;

/**
 * One finding about a playlist or a process string.
 *
 * @param path     the playlist field ({@code output.audio.sampleRate}, {@code clips[2].key}) or, for a process
 *                 string, the parameter ({@code ar}, {@code /pre[0].o}, {@code sys/saveas.o})
 * @param code     stable, machine-readable name of the rule
 * @param message  one sentence naming the rule and the offending value
 * @param position 0-based character offset in the process string, when the finding comes from one; else null
 */
public record Violation(Severity severity, String path, String code, String message, Integer position) {

    public static Violation error(String path, String code, String message) {
        return new Violation(Severity.ERROR, path, code, message, null);
    }

    public static Violation warning(String path, String code, String message) {
        return new Violation(Severity.WARNING, path, code, message, null);
    }

    public Violation at(Integer newPosition) {
        return new Violation(severity, path, code, message, newPosition);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
