package dev.ossconcat.http;

import dev.ossconcat.report.Violation;
import java.util.List;

/** A finding as the HTTP API shows it; {@code position} only for raw process strings. */
public record Problem(String path, String code, String message, Integer position) {

    /**
     * Findings listed per list in one answer. A 64 KB process string can hold thousands of findings, and an answer
     * listing them all was 5 MB: every answer type that lists findings keeps the first ones ({@link #cut}) and says
     * how many there were in all ({@link #total}) beside the list.
     */
    public static final int MAX_LISTED = 100;

    public static Problem of(Violation v) {
        return new Problem(v.path(), v.code(), v.message(), v.position());
    }

    public static List<Problem> of(List<Violation> vs) {
        return vs.stream().map(Problem::of).toList();
    }

    /** The first {@link #MAX_LISTED} of {@code problems} (null stays null). */
    public static List<Problem> cut(List<Problem> problems) {
        return problems == null || problems.size() <= MAX_LISTED
                ? problems
                : List.copyOf(problems.subList(0, MAX_LISTED));
    }

    /**
     * The count to show beside a list that {@link #cut} shortened: {@code known} when a caller counted already,
     * else the list's size when it is longer than {@link #MAX_LISTED}, else null (the field is then left out).
     */
    public static Integer total(List<Problem> problems, Integer known) {
        if (known != null) {
            return known;
        }
        return problems != null && problems.size() > MAX_LISTED ? problems.size() : null;
    }
}
