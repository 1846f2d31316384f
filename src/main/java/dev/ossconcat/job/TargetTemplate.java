package dev.ossconcat.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The output key a job records is the playlist's, and may hold sys/saveas variables ({@code outputs/{barename}.
 * {autoext}}) that OSS expands when the task runs. The completion message names the expanded key. This says whether
 * an expanded key can be what the recorded template became: every literal part must be there as it is, each variable
 * stands for any text within one path segment, and {@code {key}} and {@code {dirname}} (which hold slashes) for any
 * text at all. {@code {{} and {@code }}} are literal braces.
 *
 * <p>Variables are not expanded here, even those that follow from the source object: how IMM expands each one is
 * documented loosely, and a genuine message refused for a guess would leave its job submitted forever. Matching the
 * shape is enough for what it guards: a completion can only point verification at an object the job's own template
 * describes.
 */
public final class TargetTemplate {

    /**
     * More variables than any real key uses. The match below costs up to (variables x key length^2) steps, and the
     * template comes from a caller of {@code /concat}: a template with more is matched literally only.
     */
    static final int MAX_VARIABLES = 32;

    private TargetTemplate() {}

    /** A literal part, or a variable that matches within one segment ({@code anySlash} false) or across. */
    private record Part(String literal, boolean anySlash) {

        boolean variable() {
            return literal == null;
        }
    }

    /** Whether {@code template} has variables at all: without, the recorded key is the output's key. */
    public static boolean hasVariables(String template) {
        return parts(template).stream().anyMatch(Part::variable);
    }

    /** Whether {@code key} is what {@code template} can expand to. */
    public static boolean matches(String template, String key) {
        List<Part> parts = parts(template);
        if (parts.stream().filter(Part::variable).count() > MAX_VARIABLES) {
            return template.equals(key);
        }
        // memo[i][p]: 0 unknown, 1 parts i.. match key from p, 2 they do not
        byte[][] memo = new byte[parts.size() + 1][key.length() + 1];
        return match(parts, 0, key, 0, memo);
    }

    private static boolean match(List<Part> parts, int i, String key, int p, byte[][] memo) {
        if (i == parts.size()) {
            return p == key.length();
        }
        if (memo[i][p] != 0) {
            return memo[i][p] == 1;
        }
        Part part = parts.get(i);
        boolean ok = false;
        if (!part.variable()) {
            ok = key.startsWith(part.literal(), p)
                    && match(parts, i + 1, key, p + part.literal().length(), memo);
        } else {
            for (int q = p; q <= key.length() && !ok; q++) {
                ok = match(parts, i + 1, key, q, memo);
                if (q < key.length() && key.charAt(q) == '/' && !part.anySlash()) {
                    break;
                }
            }
        }
        memo[i][p] = (byte) (ok ? 1 : 2);
        return ok;
    }

    /** Literal runs and variables, in order; an unclosed brace is literal, as OSS leaves it. */
    private static List<Part> parts(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
                continue;
            }
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0) {
                literal.append(c);
                i++;
                continue;
            }
            if (!literal.isEmpty()) {
                parts.add(new Part(literal.toString(), false));
                literal.setLength(0);
            }
            String name = template.substring(i + 1, close);
            parts.add(new Part(null, name.equals("key") || name.equals("dirname")));
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), false));
        }
        return parts;
    }
}
