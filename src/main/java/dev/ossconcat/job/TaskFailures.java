package dev.ossconcat.job;

import java.util.List;
import java.util.Locale;

/**
 * How the IMM error code of a failed task is classified: one table, read top to bottom, first match wins. Codes not
 * in it are permanent: a task costs money each time it runs, and a failure nobody has classified is more likely to
 * repeat (IMM validates a task's input as it runs it) than to go away.
 *
 * <p>The codes are IMM's common error codes ("Error handling" in IMM's developer reference, [S28] in
 * docs/sources.md), with their HTTP status: 4xx codes describe the request or its input and repeat; 5xx codes and
 * throttling describe IMM at that moment, and IMM's documentation says to try again later. The embedded server's own
 * codes are at the end. docs/idempotency.md prints this table; a test keeps them in step.
 */
public final class TaskFailures {

    private TaskFailures() {}

    /**
     * One row: an IMM error code, or a family of them when it ends in {@code *} ({@code Missing*} for
     * {@code MissingSources}, {@code MissingTargets}, ...), matched without regard to case.
     */
    public record Row(String code, FailureKind kind, String why) {

        boolean matches(String c) {
            String code = this.code.toLowerCase(Locale.ROOT);
            String given = c.toLowerCase(Locale.ROOT);
            return code.endsWith("*") ? given.startsWith(code.substring(0, code.length() - 1)) : given.equals(code);
        }
    }

    public static final List<Row> TABLE = List.of(
            new Row("InternalError", FailureKind.TRANSIENT, "IMM 500: an unexpected error on IMM's side"),
            new Row("ServiceUnavailable", FailureKind.TRANSIENT, "IMM 503: IMM is unavailable for the moment"),
            new Row("Throttling*", FailureKind.TRANSIENT, "IMM 429: too many requests at once"),
            new Row("RequestTimeout", FailureKind.TRANSIENT, "IMM timed out reaching a service it needs"),
            new Row("InvalidArgument", FailureKind.PERMANENT, "IMM 400: a parameter of the task is not valid"),
            new Row("Invalid*", FailureKind.PERMANENT, "IMM 400: a parameter of the task is not valid"),
            new Row("Missing*", FailureKind.PERMANENT, "IMM 400: a required parameter is missing"),
            new Row("LimitExceededError", FailureKind.PERMANENT, "IMM 400: a value or a count exceeds IMM's limit"),
            new Row(
                    "ResourceNotFound",
                    FailureKind.PERMANENT,
                    "IMM 404: a clip, the output bucket or the project " + "does not exist"),
            new Row(
                    "ResourceAlreadyExists",
                    FailureKind.PERMANENT,
                    "IMM 409: the output exists and may not be " + "replaced"),
            new Row(
                    "Forbidden",
                    FailureKind.PERMANENT,
                    "IMM 403: the role may not read a clip or write the output; "
                            + "fix the permissions, then retry explicitly"),
            new Row("AccessDenied", FailureKind.PERMANENT, "403: as Forbidden"),
            new Row("RenderFailed", FailureKind.PERMANENT, "embedded server: FFmpeg could not render the clips"));

    /** The row that classifies {@code code}, or null when none does (then the failure is permanent). */
    public static Row row(String code) {
        String c = code == null ? "" : code.strip();
        for (Row r : TABLE) {
            if (r.matches(c)) {
                return r;
            }
        }
        return null;
    }

    /** The kind of a task failure with IMM's {@code code}: the table's, else permanent. */
    public static FailureKind classify(String code) {
        Row r = row(code);
        return r == null ? FailureKind.PERMANENT : r.kind();
    }
}
