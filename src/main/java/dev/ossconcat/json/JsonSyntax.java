package dev.ossconcat.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON syntax error in our words: what is wrong and what to write instead, with line and column. Jackson's own
 * messages name its internals ("was expecting (JSON String, Number, Array, Object or token 'null', 'true' or
 * 'false')", "StreamReadConstraints.getMaxNestingDepth()"), which tell a caller little about what to change.
 */
public final class JsonSyntax {

    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.*)' \\(code (\\d+)\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("^Unrecognized token '(.*)': was expecting");
    private static final Pattern CODE = Pattern.compile("code (\\d+)");
    private static final Pattern LIMIT = Pattern.compile("exceeds the maximum allowed \\((\\d+)");
    private static final String VALUES =
            "an object, an array, a string in double quotes, a number, true, false or null";

    /** Longest piece of the offending text quoted back. */
    private static final int SHOWN = 40;

    private JsonSyntax() {}

    /** One sentence, ending with the line and column where the parser stopped, when known. */
    public static String describe(JsonProcessingException e) {
        var at = e.getLocation();
        return what(e)
                + (at == null || at.getLineNr() < 1
                        ? ""
                        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    private static String what(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            String limit = group(LIMIT, m);
            if (m.startsWith("Document nesting depth")) {
                return "objects and arrays are nested more than " + limit + " levels deep";
            }
            if (m.startsWith("Number value length") || m.startsWith("Number length")) {
                return "a number has more than " + limit + " digits";
            }
            if (m.startsWith("String value length") || m.startsWith("Name length")) {
                return "a string is longer than " + limit + " characters";
            }
            return "the JSON is larger than the parser's limits";
        }
        if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            return "the JSON ends early: an object, array or string is not closed";
        }
        Matcher c = CHARACTER.matcher(m);
        if (c.find()) {
            String found = "'" + shown(c.group(1)) + "'";
            if (m.contains("double-quote to start field name")) {
                return "a field name must be a string in double quotes; found " + found;
            }
            if (m.contains("comma to separate")) {
                return "entries must be separated by ','; found " + found;
            }
            if (m.contains("colon to separate")) {
                return "a field name must be followed by ':'; found " + found;
            }
            return "expected " + VALUES + "; found " + found;
        }
        Matcher t = TOKEN.matcher(m);
        if (t.find()) {
            return "expected " + VALUES + "; found '" + shown(t.group(1)) + "'";
        }
        if (m.startsWith("Illegal unquoted character")) {
            return "a string holds a raw control character (code " + group(CODE, m)
                    + "); write it as an escape such as \\n or \\u0000";
        }
        if (m.startsWith("Illegal character")) {
            return "a control character (code " + group(CODE, m) + ") stands between values; only spaces, tabs and"
                    + " line breaks may";
        }
        if (m.startsWith("Unrecognized character escape")) {
            return "a string holds an escape JSON does not have; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t"
                    + " and \\uXXXX";
        }
        if (m.startsWith("Invalid UTF-8") || m.contains("Invalid UTF-8")) {
            return "the text is not valid UTF-8";
        }
        if (m.startsWith("Unexpected close marker")) {
            return "a closing ']' or '}' does not match the bracket it closes";
        }
        if (m.startsWith("Invalid numeric value")
                || m.contains("Leading zeroes")
                || m.startsWith("Non-standard token")
                || m.contains("Numeric value")) {
            return "a number is not written as JSON writes numbers (no leading zeroes, NaN or Infinity)";
        }
        return "the text is not valid JSON";
    }

    private static String shown(String text) {
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    }

    private static String group(Pattern p, String m) {
        Matcher matcher = p.matcher(m);
        return matcher.find() ? matcher.group(1) : "?";
    }
}
