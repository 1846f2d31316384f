package dev.ossconcat.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sys/saveas name ({@code b} or {@code o}) read as a template: literal text and {@code {variables}}, with
 * {@code {{} and {@code }}} standing for literal braces (S21). A brace that pairs with nothing is recorded where it
 * stands, so the validator can point at it.
 */
final class OutputTemplate {

    /** Literal text, or the name of a variable. */
    record Piece(String text, boolean variable) {}

    /** A brace that opens or closes nothing, at character {@code at}. */
    record Stray(int at, char brace) {}

    private final List<Piece> pieces;
    private final List<Stray> strays;

    private OutputTemplate(List<Piece> pieces, List<Stray> strays) {
        this.pieces = List.copyOf(pieces);
        this.strays = List.copyOf(strays);
    }

    /** True when {@code name} has a brace, so that plain names skip the parse. */
    static boolean hasBraces(String name) {
        return name.indexOf('{') >= 0 || name.indexOf('}') >= 0;
    }

    static OutputTemplate parse(String name) {
        List<Piece> pieces = new ArrayList<>();
        List<Stray> strays = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < name.length() && name.charAt(i + 1) == c) {
                literal.append(c); // "{{" and "}}" are escaped braces
                i += 2;
                continue;
            }
            int close = c == '{' ? name.indexOf('}', i) : -1;
            if (c == '}' || (c == '{' && close < 0)) {
                strays.add(new Stray(i, c));
                literal.append(c);
                i++;
                continue;
            }
            if (c == '{') {
                if (!literal.isEmpty()) {
                    pieces.add(new Piece(literal.toString(), false));
                    literal.setLength(0);
                }
                pieces.add(new Piece(name.substring(i + 1, close), true));
                i = close + 1;
                continue;
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) {
            pieces.add(new Piece(literal.toString(), false));
        }
        return new OutputTemplate(pieces, strays);
    }

    List<Stray> strays() {
        return strays;
    }

    /** The variables OSS does not document, in order of appearance. */
    List<String> unknownVariables() {
        return pieces.stream()
                .filter(p -> p.variable() && !isKnown(p.text()))
                .map(Piece::text)
                .toList();
    }

    static boolean isKnown(String variable) {
        return Rules.OUTPUT_VARIABLES.containsKey(variable)
                || (variable.startsWith(Rules.OUTPUT_TAG_VARIABLE_PREFIX)
                        && variable.length() > Rules.OUTPUT_TAG_VARIABLE_PREFIX.length());
    }

    /** The name with every variable replaced by its value in {@code values} ({@code tags.*} by a tag example). */
    String fill(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (Piece p : pieces) {
            if (!p.variable()) {
                sb.append(p.text());
            } else if (p.text().startsWith(Rules.OUTPUT_TAG_VARIABLE_PREFIX)) {
                sb.append(Rules.OUTPUT_TAG_EXAMPLE);
            } else {
                sb.append(values.getOrDefault(p.text(), "{" + p.text() + "}"));
            }
        }
        return sb.toString();
    }
}
