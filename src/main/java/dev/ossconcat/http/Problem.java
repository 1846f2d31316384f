package dev.ossconcat.http;

import dev.ossconcat.report.Violation;
import java.util.List;

/** A finding as the HTTP API shows it; {@code position} only for raw process strings. */
public record Problem(String path, String code, String message, Integer position) {

    public static Problem of(Violation v) {
        return new Problem(v.path(), v.code(), v.message(), v.position());
    }

    public static List<Problem> of(List<Violation> vs) {
        return vs.stream().map(Problem::of).toList();
    }
}
