package dev.ossconcat.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.report.Findings;
import java.util.Iterator;
import java.util.Set;

/**
 * One JSON object read strictly: fields outside {@code allowed} are reported as typos, and typed getters record a
 * finding (with the field's path) instead of throwing, so that every problem of a document is reported at once.
 */
public final class StrictObject {

    private final JsonNode node;
    private final String prefix;
    private final Findings findings;

    public StrictObject(JsonNode node, String prefix, Set<String> allowed, Findings findings) {
        this.node = node;
        this.prefix = prefix;
        this.findings = findings;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                findings.error(
                        path(name),
                        "unknown_field",
                        "unknown field '" + name + "'"
                                + (prefix.isEmpty() ? "" : " in " + prefix) + "; allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    public String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** The field, or null when absent or JSON null. */
    public JsonNode node(String name) {
        JsonNode n = node.get(name);
        return n == null || n.isNull() ? null : n;
    }

    public StrictObject object(String name, Set<String> fields) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            findings.error(path(name), "wrong_type", path(name) + " must be an object; got " + describe(n));
            return null;
        }
        return new StrictObject(n, path(name), fields, findings);
    }

    public String text(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            findings.error(path(name), "wrong_type", path(name) + " must be a string; got " + describe(n));
            return null;
        }
        return n.textValue();
    }

    public Long integer(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isNumber() || !(n.isIntegralNumber() || n.canConvertToExactIntegral())) {
            findings.error(path(name), "wrong_type", path(name) + " must be a whole number; got " + describe(n));
            return null;
        }
        if (!n.canConvertToLong()) {
            findings.error(path(name), "out_of_range", path(name) + " " + n + " is too large");
            return null;
        }
        return n.longValue();
    }

    public Double decimal(String name) {
        JsonNode n = node(name);
        if (n == null) {
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            findings.error(path(name), "wrong_type", path(name) + " must be a number; got " + describe(n));
            return null;
        }
        return n.doubleValue();
    }

    /** What a JSON value is, for messages: {@code the string "x"}, {@code an array}, {@code nothing}. */
    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string " + node.toString();
            case NUMBER -> "the number " + node;
            case BOOLEAN -> node.toString();
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
