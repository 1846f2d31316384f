package dev.ossconcat.rules;

import dev.ossconcat.playlist.Decoded;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.process.ProcessParser;
import dev.ossconcat.process.ProcessRenderer;
import dev.ossconcat.report.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A checked concat job: the playlist with presets and defaults applied, the process string OSS would receive,
 * and every finding. {@code process} is set only when there is no error, so nothing can submit an invalid plan.
 */
public record Plan(Playlist playlist, String process, List<Violation> errors, List<Violation> warnings) {

    public boolean valid() {
        return errors.isEmpty();
    }

    /** This plan with further errors (a deployment's policy, say); with any, it has no process string. */
    public Plan refusing(List<Violation> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Violation> all = new ArrayList<>(errors);
        all.addAll(more);
        return new Plan(playlist, null, List.copyOf(all), warnings);
    }

    /**
     * This plan with findings made outside the rules (a probe of the clips, say): errors refuse it, warnings are
     * added.
     */
    public Plan with(List<Violation> found) {
        List<Violation> moreWarnings = found.stream().filter(v -> !v.isError()).toList();
        Plan refused = refusing(found.stream().filter(Violation::isError).toList());
        if (moreWarnings.isEmpty()) {
            return refused;
        }
        List<Violation> all = new ArrayList<>(refused.warnings);
        all.addAll(moreWarnings);
        return new Plan(refused.playlist, refused.process, refused.errors, List.copyOf(all));
    }

    /** Plans a playlist read from JSON, an ffconcat script or a plain list. */
    public static Plan of(Decoded decoded, Defaults defaults) {
        Defaults.Resolved resolved = defaults.resolve(decoded.playlist());
        List<Violation> found = new ArrayList<>(decoded.findings());
        found.addAll(resolved.findings());
        found.addAll(withoutRepeats(found, Validator.validate(resolved.playlist())));
        return build(resolved.playlist(), found);
    }

    /**
     * Plans a raw process string.
     *
     * @param bucket    bucket of the object the string is posted on, if known
     * @param sourceKey key of that object, if known; the string does not name it
     */
    public static Plan ofProcess(String process, String bucket, String sourceKey) {
        ProcessParser.Parsed parsed = ProcessParser.parse(process, bucket, sourceKey);
        List<Violation> found = new ArrayList<>();
        parsed.findings().forEach(v -> found.add(graded(v)));
        if (!parsed.ok()) {
            return build(null, found);
        }
        for (Violation v : Validator.validateProcess(parsed.playlist(), sourceKey != null)) {
            found.add(v.position() == null ? v.at(parsed.positionOf(v.path())) : v);
        }
        return build(parsed.playlist(), found);
    }

    /** A parser finding with the severity of its syntax rule: the parser reports, the rules decide. */
    private static Violation graded(Violation v) {
        Rules.Syntax rule = Rules.syntax(v.code());
        if (rule == null || rule.basis().severity() == v.severity()) {
            return v;
        }
        return new Violation(rule.basis().severity(), v.path(), v.code(), v.message(), v.position());
    }

    private static Plan build(Playlist playlist, List<Violation> found) {
        List<Violation> errors = new ArrayList<>();
        List<Violation> warnings = new ArrayList<>();
        for (Violation v : found) {
            (v.isError() ? errors : warnings).add(v);
        }
        String process = errors.isEmpty() && playlist != null ? ProcessRenderer.render(playlist) : null;
        return new Plan(playlist, process, List.copyOf(errors), List.copyOf(warnings));
    }

    /**
     * A field that could not be read (wrong type) is also missing to the validator; one error per path is enough.
     */
    private static List<Violation> withoutRepeats(List<Violation> earlier, List<Violation> later) {
        if (earlier.isEmpty()) {
            return later;
        }
        Set<String> paths =
                earlier.stream().filter(Violation::isError).map(Violation::path).collect(Collectors.toSet());
        return later.stream()
                .filter(v -> !(v.isError() && paths.contains(v.path())))
                .toList();
    }
}
