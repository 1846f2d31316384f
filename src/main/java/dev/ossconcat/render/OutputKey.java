package dev.ossconcat.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The sys/saveas variables a local render expands the way OSS does (docs/playlist.md, sources S20 and S21): {@code {autoext}}, the source
 * object's {@code {bucket} {key} {dirname} {barename} {basename} {ext}}, the time {@code {year} {mon} {day} {hour}
 * {min} {sec}}, {@code {index}} (0: one output) and {@code {resolution}}; {@code {{} and {@code }}} are literal
 * braces. Unknown variables are left as they are.
 */
public final class OutputKey {

    private OutputKey() {}

    public static String expand(
            String template, String bucket, String sourceKey, String autoext, int width, int height, Instant now) {
        int slash = sourceKey.lastIndexOf('/');
        String dirname = slash < 0 ? "" : sourceKey.substring(0, slash);
        String basename = sourceKey.substring(slash + 1);
        int dot = basename.lastIndexOf('.');
        String barename = dot < 0 ? basename : basename.substring(0, dot);
        String ext = dot < 0 ? "" : basename.substring(dot + 1);
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                sb.append(c);
                i += 2;
                continue;
            }
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0) {
                sb.append(c);
                i++;
                continue;
            }
            String name = template.substring(i + 1, close);
            String value = switch (name) {
                case "autoext" -> autoext;
                case "bucket" -> bucket;
                case "key" -> sourceKey;
                case "dirname" -> dirname;
                case "basename" -> basename;
                case "barename" -> barename;
                case "ext" -> ext;
                case "year" -> String.format("%04d", t.getYear());
                case "mon" -> String.format("%02d", t.getMonthValue());
                case "day" -> String.format("%02d", t.getDayOfMonth());
                case "hour" -> String.format("%02d", t.getHour());
                case "min" -> String.format("%02d", t.getMinute());
                case "sec" -> String.format("%02d", t.getSecond());
                case "index" -> "0";
                case "resolution" -> width + "x" + height;
                default -> null;
            };
            sb.append(
                    value != null ? value : template,
                    value != null ? 0 : i,
                    value != null ? value.length() : close + 1);
            i = close + 1;
        }
        return sb.toString();
    }
}
