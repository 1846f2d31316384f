package dev.ossconcat.notify;

import dev.ossconcat.log.Untrusted;
import dev.ossconcat.rules.Rules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An object as an IMM message names it, {@code oss://bucket/key}, checked against OSS's naming rules when it is read:
 * a name OSS would refuse must not reach the OSS SDK (which answers it with an exception of its own, formerly a 500),
 * and must not be compared with a job's objects as if it could be one.
 */
public record OssUri(String bucket, String key) {

    static final String SCHEME = "oss://";

    /**
     * The object {@code uri} names. Refused, naming the first rule it breaks: the scheme, the bucket name ({@link
     * Rules#BUCKET_NAME}), the key (1..{@value Rules#KEY_MAX_BYTES} bytes of UTF-8, not starting with a slash).
     *
     * @param path where the URI is in the message, such as {@code Sources[0].URI}
     */
    static OssUri parse(String uri, String path) {
        if (!uri.startsWith(SCHEME)) {
            throw new NotificationParser.Unreadable(
                    path, "uri_scheme", "'" + Untrusted.value(uri) + "' is not an oss://bucket/key URI");
        }
        int slash = uri.indexOf('/', SCHEME.length());
        String bucket = slash < 0 ? uri.substring(SCHEME.length()) : uri.substring(SCHEME.length(), slash);
        String key = slash < 0 ? "" : uri.substring(slash + 1);
        if (!Rules.BUCKET_NAME.matcher(bucket).matches()) {
            throw new NotificationParser.Unreadable(
                    path,
                    "bucket_name",
                    "bucket '" + Untrusted.value(bucket) + "' is not a valid OSS bucket name (3..63 lowercase letters, "
                            + "digits and hyphens, starting and ending with a letter or digit)");
        }
        if (key.isEmpty()) {
            throw new NotificationParser.Unreadable(
                    path, "key_empty", "'" + Untrusted.value(uri) + "' names no object key");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Rules.KEY_MAX_BYTES) {
            throw new NotificationParser.Unreadable(
                    path,
                    "key_length",
                    "the object key is " + bytes + " bytes of UTF-8; OSS keys are 1.." + Rules.KEY_MAX_BYTES
                            + " bytes");
        }
        if (key.startsWith("/") || key.startsWith("\\")) {
            throw new NotificationParser.Unreadable(
                    path,
                    "key_leading_slash",
                    "the object key '" + Untrusted.value(key) + "' starts with a slash, which OSS keys cannot");
        }
        return new OssUri(bucket, key);
    }

    /**
     * Whether this names {@code bucket/key}. IMM may percent-encode a key in a URI (its URI templates are URL-encoded
     * where they hold special characters), so the decoded form counts too.
     */
    public boolean names(String bucket, String key) {
        return this.bucket.equals(bucket) && (this.key.equals(key) || key.equals(percentDecoded(this.key)));
    }

    /** {@code %XX} decoded as UTF-8, '+' left alone (it is a plus in a path); the text itself when it is malformed. */
    public static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.length) {
                    return s;
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return s;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
