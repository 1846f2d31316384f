package dev.ossconcat.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a receiver knows a job event came from this function and is fresh: HMAC-SHA256 with a shared secret over
 * {@code timestamp + "." + body}, the scheme Stripe and Svix made familiar. Signing the timestamp with the body
 * means a captured request cannot be replayed later with a new timestamp, and the receiver's tolerance window
 * bounds how long an unchanged replay works.
 *
 * <p>Headers: {@value #TIMESTAMP_HEADER} (Unix seconds) and {@value #SIGNATURE_HEADER} ({@code v1=} and the hex
 * digest; the version prefix lets a second scheme coexist during a secret or algorithm change).
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Concat-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Concat-Signature";
    static final String VERSION = "v1=";

    private WebhookSignature() {}

    /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp}. */
    public static String sign(byte[] secret, Instant timestamp, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(secret, timestamp.getEpochSecond(), body));
    }

    /**
     * Whether {@code signature} is this secret's signature of {@code body} at {@code timestampHeader}, and that
     * timestamp is within {@code tolerance} of {@code now}. Compares in constant time.
     */
    public static boolean verify(
            byte[] secret, String timestampHeader, String signature, byte[] body, Instant now, Duration tolerance) {
        if (timestampHeader == null || signature == null || !signature.startsWith(VERSION)) {
            return false;
        }
        long seconds;
        byte[] given;
        try {
            seconds = Long.parseLong(timestampHeader);
            given = HexFormat.of().parseHex(signature.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, seconds, body), given);
    }

    private static byte[] mac(byte[] secret, long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java runtime has HmacSHA256, and any non-empty key is valid for it
            throw new IllegalStateException(e);
        }
    }
}
