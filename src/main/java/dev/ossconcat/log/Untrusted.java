package dev.ossconcat.log;

/**
 * Values that come from outside (keys, bucket names, task IDs, trigger names, OSS's messages, request paths) made
 * safe to print on one line, in a log or in an error message. A newline in a value would otherwise start a log line
 * of the caller's making, and a 900 KB value would make a 900 KB line.
 *
 * <p>Control, format and line-separator characters become escapes ({@code \n}, {@code \u0000}); the rest is kept.
 * Backslashes are not escaped, so that escaping twice changes nothing: a value escaped at its call site passes
 * {@link LogLines}, which escapes every whole line again, unchanged. The price is that a literal backslash-n in a
 * value reads like an escaped newline; it still cannot start a line.
 */
public final class Untrusted {

    /** The longest value shown; longer ones are cut and say by how much. */
    public static final int MAX_VALUE = 512;

    /** The longest whole log line or message. */
    public static final int MAX_LINE = 8192;

    private Untrusted() {}

    /** {@code value} on one line and at most {@link #MAX_VALUE} characters (plus the note saying it was cut). */
    public static String value(Object value) {
        return clean(String.valueOf(value), MAX_VALUE);
    }

    /** {@link #value} in single quotes, for messages that name the offending value. */
    public static String quoted(Object value) {
        return "'" + value(value) + "'";
    }

    /** A whole line: escaped like {@link #value}, cut at {@link #MAX_LINE}. */
    public static String line(String text) {
        return clean(text, MAX_LINE);
    }

    /** True when {@code text} is shown as it is: nothing to escape and short enough. */
    public static boolean isClean(String text, int max) {
        if (text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String text, int max) {
        if (isClean(text, max)) {
            return text;
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never cut a pair in half: the lone half would be escaped as if it had come in
        }
        StringBuilder sb = new StringBuilder(end + 32);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (!needsEscape(text, i)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (end < text.length()) {
            sb.append("...(").append(text.length() - end).append(" more characters)");
        }
        return sb.toString();
    }

    /**
     * Control characters (C0, DEL, C1 with NEL), format characters (bidirectional overrides, zero-width ones, which
     * can make a line read differently from what it holds), line and paragraph separators, and halves of surrogate
     * pairs that have no other half.
     */
    private static boolean needsEscape(String text, int i) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
