package dev.ossconcat.notify;

/**
 * Untrusted text made fit for one log line: control characters escaped, length capped. A completion message, an SMQ
 * header or an object key is chosen by whoever sent it, and a log line carrying it verbatim can be made to look like
 * several (a newline in a TaskId writes a fake line of its own) or to be enormous (a 900 KB TaskId). Every value that
 * did not come from this function's own code goes through {@link #of} before it reaches a log.
 *
 * <p>Minimal on purpose: the HTTP surface is getting a shared sanitising utility, and this one should then give way
 * to it. Until then, {@code notify}, {@code job} and {@code api/NotifyRoute} use this.
 */
public final class LogSafe {

    /** Enough for any task ID, bucket, key or OSS error message worth reading; the rest is counted, not shown. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {}

    /**
     * {@code value} with line breaks, tabs and backslashes escaped as {@code \n \r \t \\}, every other control
     * character (C0, DEL, C1, the Unicode line and paragraph separators, the bidirectional overrides) as
     * {@code \}{@code uXXXX}, and at most {@value #MAX_CHARS} characters of it, then how many were left out.
     */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 24);
        int i = 0;
        for (; i < s.length() && i < MAX_CHARS; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (isControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        if (i < s.length()) {
            sb.append("...(").append(s.length() - i).append(" more chars)");
        }
        return sb.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20
                || (c >= 0x7f && c < 0xa0)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
