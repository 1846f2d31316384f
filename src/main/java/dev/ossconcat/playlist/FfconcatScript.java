package dev.ossconcat.playlist;

import dev.ossconcat.report.Findings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's concat demuxer script ({@code ffconcat version 1.0}) as a playlist. {@code file} adds a clip,
 * {@code inpoint} becomes its start, {@code outpoint} its end (duration = outpoint - inpoint) and {@code duration}
 * its duration when there is no outpoint. Times use FFmpeg's duration syntax ({@code 10}, {@code 1.5},
 * {@code 00:01:02.5}, {@code 2500ms}). The script carries no output settings; they come from {@code output}.
 */
public final class FfconcatScript {

    public static final String HEADER = "ffconcat version 1.0";

    /** Directives FFmpeg knows that have no OSS equivalent: refusing them beats silently dropping them. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "file_packet_metadata",
            "file_packet_meta",
            "option",
            "stream",
            "exact_stream_id",
            "stream_meta",
            "stream_codec",
            "stream_extradata",
            "chapter");

    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)(s|ms|us)?");

    private FfconcatScript() {}

    public static boolean looksLike(String text) {
        return firstLine(text).startsWith("ffconcat version");
    }

    /** The first line that is not blank or a comment. */
    static String firstLine(String text) {
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                return t;
            }
        }
        return "";
    }

    public static Decoded read(String text, String bucket, Output output) {
        Findings findings = new Findings();
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean header = false;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            String where = "line " + (n + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                header = true;
                if (!line.equals(HEADER)) {
                    findings.error(
                            where,
                            "unsupported_version",
                            "an ffconcat script starts with '" + HEADER + "'; got '" + line + "'");
                }
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String directive = parts[0];
            String arg = parts.length > 1 ? parts[1] : "";
            Entry current = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            switch (directive) {
                case "file" -> {
                    Token t = token(arg);
                    if (t.problem() != null) {
                        findings.error(where, "malformed_value", "file: " + t.problem());
                    } else if (t.text().isEmpty()) {
                        findings.error(where, "required", "file needs a path");
                    } else {
                        entries.add(new Entry(t.text(), n + 1));
                    }
                }
                case "inpoint", "outpoint", "duration" -> {
                    if (current == null) {
                        findings.error(where, "syntax", directive + " before any file");
                        continue;
                    }
                    Long ms = millis(arg.strip(), where, directive, findings);
                    if (ms == null) {
                        continue;
                    }
                    switch (directive) {
                        case "inpoint" -> current.in = ms;
                        case "outpoint" -> current.out = ms;
                        default -> current.duration = ms;
                    }
                }
                default -> {
                    if (UNSUPPORTED.contains(directive)) {
                        findings.error(
                                where,
                                "unsupported_directive",
                                "the ffconcat directive '" + directive + "' has no OSS video/concat equivalent");
                    } else {
                        findings.error(
                                where,
                                "unknown_directive",
                                "'" + directive + "' is not an ffconcat "
                                        + "directive; expected file, inpoint, outpoint or duration");
                    }
                }
            }
        }
        if (!header) {
            findings.error("line 1", "required", "the script is empty; it must start with '" + HEADER + "'");
        }
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            clips.add(entries.get(i).clip("clips[" + i + "]", findings));
        }
        return new Decoded(
                new Playlist(Playlist.CURRENT_VERSION, bucket, clips, 0, output, null, null), findings.all());
    }

    private static final class Entry {
        final String key;
        final int line;
        Long in;
        Long out;
        Long duration;

        Entry(String key, int line) {
            this.key = key;
            this.line = line;
        }

        Clip clip(String path, Findings findings) {
            long start = in == null ? 0 : in;
            long length = 0;
            if (out != null) {
                if (out <= start) {
                    findings.error(
                            path,
                            "out_of_range",
                            "line " + line + ": outpoint " + out + " ms is not after " + "inpoint " + start + " ms");
                } else {
                    length = out - start;
                }
                if (duration != null && duration != out - start) {
                    findings.warning(
                            path,
                            "ignored_directive",
                            "line " + line + ": duration " + duration + " ms disagrees with outpoint - inpoint = "
                                    + (out - start) + " ms; outpoint wins");
                }
            } else if (duration != null) {
                length = duration;
            }
            return new Clip(key, start, length);
        }
    }

    /** A time in FFmpeg's duration syntax, in whole milliseconds. */
    static Long millis(String text, String where, String directive, Findings findings) {
        BigDecimal seconds = null;
        Matcher clock = CLOCK.matcher(text);
        Matcher plain = SECONDS.matcher(text);
        if (clock.matches()) {
            long h = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
            long m = Long.parseLong(clock.group(2));
            seconds = new BigDecimal(clock.group(3)).add(BigDecimal.valueOf(h * 3600 + m * 60));
        } else if (plain.matches()) {
            BigDecimal v = new BigDecimal(plain.group(1));
            String unit = plain.group(2) == null ? "s" : plain.group(2);
            seconds = switch (unit) {
                case "ms" -> v.movePointLeft(3);
                case "us" -> v.movePointLeft(6);
                default -> v;
            };
        }
        if (seconds == null) {
            findings.error(
                    where,
                    "malformed_value",
                    directive + " '" + text + "' is not a time such as 10, 2.5, " + "00:01:30 or 2500ms");
            return null;
        }
        BigDecimal ms = seconds.movePointRight(3);
        if (ms.stripTrailingZeros().scale() > 0) {
            findings.warning(
                    where,
                    "precision_lost",
                    directive + " " + text + " is rounded to whole milliseconds, " + "the precision of OSS ss and t");
        }
        if (ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            findings.error(where, "out_of_range", directive + " " + text + " is too large");
            return null;
        }
        return ms.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private record Token(String text, String problem) {}

    /** FFmpeg's quoting: '...' takes everything literally, a backslash escapes the next character. */
    private static Token token(String arg) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        String s = arg.strip();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '\'') {
                int close = s.indexOf('\'', i + 1);
                if (close < 0) {
                    return new Token(null, "unclosed quote in " + s);
                }
                sb.append(s, i + 1, close);
                i = close + 1;
            } else if (Character.isWhitespace(c)) {
                String rest = s.substring(i).strip();
                if (!rest.isEmpty() && !rest.startsWith("#")) {
                    return new Token(null, "unexpected text '" + rest + "' after the path; quote paths with spaces");
                }
                break;
            } else {
                sb.append(c);
                i++;
            }
        }
        return new Token(sb.toString(), null);
    }
}
