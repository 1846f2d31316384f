package dev.ossconcat.job;

import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Job IDs (docs/idempotency.md): from the idempotency key when the playlist has one, else from what OSS would do (bucket,
 * source object, canonical process string) and the ETag of every clip, so a re-uploaded clip is a new job while a
 * redelivered event is the same one. 32 hex digits of SHA-256.
 */
public final class JobIds {

    public static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private JobIds() {}

    public static String of(Playlist playlist, String process, Map<String, String> etagByKey) {
        if (playlist.idempotencyKey() != null) {
            return hash("idempotency-key\n" + playlist.idempotencyKey());
        }
        StringBuilder sb = new StringBuilder("playlist\n")
                .append(playlist.bucket())
                .append('\n')
                .append(playlist.sourceClip().key())
                .append('\n')
                .append(process)
                .append('\n');
        for (Clip c : playlist.clips()) {
            sb.append(etagByKey.get(c.key())).append('\n');
        }
        return hash(sb.toString());
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
