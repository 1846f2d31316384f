package dev.ossconcat.oss;

import dev.ossconcat.log.Untrusted;
import dev.ossconcat.report.Findings;
import dev.ossconcat.rules.Rules;
import java.nio.charset.StandardCharsets;

/**
 * OSS's naming rules for bucket names and object keys ({@link Rules#BUCKET_NAME}, {@link Rules#KEY_MAX_BYTES}), for
 * names that come from outside a playlist: query parameters, event records, timer payloads. The edges check them to
 * answer a precise 400 naming the field; {@link OssSession} checks them again before every call, so that no caller
 * can hand the SDK a name it throws on (it throws IllegalArgumentException, which would otherwise be a 500).
 * Playlists are checked by the validator, with the same rules and codes.
 */
public final class OssNames {

    private OssNames() {}

    /** Why {@code bucket} is not an OSS bucket name, or null when it is one. */
    public static String bucketProblem(String bucket) {
        if (bucket != null && Rules.BUCKET_NAME.matcher(bucket).matches()) {
            return null;
        }
        return "bucket " + (bucket == null ? "(none)" : Untrusted.quoted(bucket))
                + " is not a valid OSS bucket name (3..63 lowercase letters, digits and hyphens, starting and ending"
                + " with a letter or digit)";
    }

    /** Why {@code key} is not an OSS object key, or null when it is one. */
    public static String keyProblem(String key) {
        String code = keyCode(key);
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "required" -> "the object key is empty; OSS keys are 1.." + Rules.KEY_MAX_BYTES + " bytes";
            case "key_length" ->
                "the object key " + Untrusted.quoted(key) + " is " + utf8Bytes(key) + " bytes of UTF-8; OSS keys are"
                        + " 1.." + Rules.KEY_MAX_BYTES + " bytes";
            default ->
                "the object key " + Untrusted.quoted(key) + " starts with '" + key.charAt(0)
                        + "', which OSS keys cannot";
        };
    }

    /** Adds an error at {@code path} (code {@code bucket_name}) when {@code bucket} is not a bucket name. */
    public static void checkBucket(Findings findings, String path, String bucket) {
        String problem = bucketProblem(bucket);
        if (problem != null) {
            findings.error(path, "bucket_name", path + ": " + problem);
        }
    }

    /**
     * Adds an error at {@code path} when {@code key} is not an object key: {@code required}, {@code key_length} or
     * {@code key_leading_slash}, the validator's codes for playlist keys.
     */
    public static void checkKey(Findings findings, String path, String key) {
        String code = keyCode(key);
        if (code != null) {
            findings.error(path, code, path + ": " + keyProblem(key));
        }
    }

    private static String keyCode(String key) {
        if (key == null || key.isEmpty()) {
            return "required";
        }
        // a char is at least one byte: the long ones are refused without encoding them
        if (key.length() > Rules.KEY_MAX_BYTES || utf8Bytes(key) > Rules.KEY_MAX_BYTES) {
            return "key_length";
        }
        if (key.charAt(0) == '/' || key.charAt(0) == '\\') {
            return "key_leading_slash";
        }
        return null;
    }

    private static int utf8Bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8).length;
    }
}
