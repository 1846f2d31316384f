package dev.ossconcat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final byte[] SECRET = "whsec-test-0123456789".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"jobId\":\"j1\",\"state\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant AT = Instant.parse("2026-11-30T20:00:00Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyInHex() throws Exception {
        // what a receiver in any language computes, written out independently
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String expected = "v1="
                + HexFormat.of()
                        .formatHex(mac.doFinal((AT.getEpochSecond() + "." + new String(BODY, StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, WebhookSignature.sign(SECRET, AT, BODY));
    }

    @Test
    void aFreshUntouchedEventVerifies() {
        String sig = WebhookSignature.sign(SECRET, AT, BODY);
        String ts = Long.toString(AT.getEpochSecond());
        assertTrue(WebhookSignature.verify(SECRET, ts, sig, BODY, AT.plusSeconds(299), FIVE_MINUTES));
    }

    @Test
    void anythingChangedOrStaleFails() {
        String sig = WebhookSignature.sign(SECRET, AT, BODY);
        String ts = Long.toString(AT.getEpochSecond());
        byte[] tampered = "{\"jobId\":\"j2\",\"state\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(SECRET, ts, sig, tampered, AT, FIVE_MINUTES), "another body");
        assertFalse(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), ts, sig, BODY, AT, FIVE_MINUTES));
        assertFalse(
                WebhookSignature.verify(SECRET, Long.toString(AT.getEpochSecond() + 60), sig, BODY, AT, FIVE_MINUTES),
                "the timestamp is signed: a replay with a new timestamp fails");
        assertFalse(WebhookSignature.verify(SECRET, ts, sig, BODY, AT.plusSeconds(301), FIVE_MINUTES), "too old");
        assertFalse(
                WebhookSignature.verify(SECRET, ts, sig, BODY, AT.minusSeconds(301), FIVE_MINUTES), "from the future");
    }

    @Test
    void malformedHeadersFailWithoutThrowing() {
        String ts = Long.toString(AT.getEpochSecond());
        for (String[] h : new String[][] {
            {null, "v1=00"}, {ts, null}, {"soon", "v1=00"}, {ts, "v2=00"}, {ts, "v1=zz"}, {ts, "v1=0"}
        }) {
            assertFalse(
                    WebhookSignature.verify(SECRET, h[0], h[1], BODY, AT, FIVE_MINUTES),
                    String.join(",", h[0] + "", h[1] + ""));
        }
    }
}
