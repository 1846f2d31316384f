package dev.ossconcat.report;

import java.util.ArrayList;
import java.util.List;

/** Collects findings in the order they were made; all of them are reported at once. */
public final class Findings {

    private final List<Violation> all = new ArrayList<>();

    public void add(Violation v) {
        all.add(v);
    }

    public void addAll(List<Violation> vs) {
        all.addAll(vs);
    }

    public void error(String path, String code, String message) {
        all.add(Violation.error(path, code, message));
    }

    public void warning(String path, String code, String message) {
        all.add(Violation.warning(path, code, message));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Violation::isError);
    }

    public List<Violation> errors() {
        return all.stream().filter(Violation::isError).toList();
    }

    public List<Violation> warnings() {
        return all.stream().filter(v -> !v.isError()).toList();
    }

    public List<Violation> all() {
        return List.copyOf(all);
    }
}
