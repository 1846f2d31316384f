package dev.ossconcat.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmqSignatureTest {

    static final byte[] BODY = "<Notification>…</Notification>".getBytes(StandardCharsets.UTF_8);

    static PublicKey key() throws Exception {
        return SmqCertificates.parse(SmqSigner.CERTIFICATE_URL, SmqSigner.keys().certificatePem(), Instant.now())
                .getPublicKey();
    }

    static SmqSignature.Request push(Map<String, String> headers, byte[] body) {
        return new SmqSignature.Request("POST", "/notify", headers, body);
    }

    /** The documentation's sample request and the string-to-sign it gives for it. */
    @Test
    void theStringToSignIsTheDocumentedOne() throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "example.com");
        h.put("content-type", "text/xml;charset=utf-8");
        h.put("content-md5", "ZDgxNjY5ZjFlMDQ5MGM0YWMwMWE5ODlmZDVlYmQxYjI=");
        h.put("date", "Wed, 25 May 2016 10:46:14 GMT");
        h.put("authorization", "Mko2Azg9fhCw8qR6G7AeAFMyzjO9qn7LDA5/t9E+6X5XURXTqBUuhpK+K55UNhrnlE2UdDkRrwDxsaDP5ajQ");
        h.put("x-mns-version", "2015-06-06");
        h.put(
                "x-mns-signing-cert-url",
                "aHR0cDovL21uc3Rlc3Qub3NzLWNuLWhhbmd6aG91LmFsaXl1bmNzLmNvbS94NTA5X3B1YmxpY19"
                        + "jZXJ0aWZpY2F0ZS5wZW0=");
        h.put("x-mns-request-id", "57458276F0E3D56D7C00054B");
        SmqSignature.Request r = new SmqSignature.Request("POST", "/notifications", h, new byte[0]);
        assertEquals("""
                POST
                ZDgxNjY5ZjFlMDQ5MGM0YWMwMWE5ODlmZDVlYmQxYjI=
                text/xml;charset=utf-8
                Wed, 25 May 2016 10:46:14 GMT
                x-mns-request-id:57458276F0E3D56D7C00054B
                x-mns-signing-cert-url:aHR0cDovL21uc3Rlc3Qub3NzLWNuLWhhbmd6aG91LmFsaXl1bmNzLmNvbS94NTA5X3B1YmxpY19\
                jZXJ0aWZpY2F0ZS5wZW0=
                x-mns-version:2015-06-06
                /notifications""", SmqSignature.stringToSign(r));
        assertEquals(
                URI.create("https://mnstest.oss-cn-hangzhou.aliyuncs.com/x509_public_certificate.pem"),
                SmqSignature.certificateUrl(r),
                "the sample's http:// URL, fetched over https");
    }

    @Test
    void aSignedPushVerifies() throws Exception {
        Map<String, String> h = SmqSigner.headers("/notify", BODY);
        SmqSignature.verify(push(h, BODY), key(), Instant.now());
        assertEquals(SmqSigner.CERTIFICATE_URL, SmqSignature.certificateUrl(push(h, BODY)));
    }

    @Test
    void everyChangeAfterSigningIsRefusedWithItsReason() throws Exception {
        Map<String, String> h = SmqSigner.headers("/notify", BODY);
        assertRefused(
                "Content-MD5 does not match the body",
                h,
                "<Notification>forged</Notification>".getBytes(StandardCharsets.UTF_8),
                "/notify");
        assertRefused("Authorization does not verify", h, BODY, "/notify?other");

        Map<String, String> otherRequest = new HashMap<>(h);
        otherRequest.put("x-mns-request-id", "FORGED");
        assertRefused("Authorization does not verify", otherRequest, BODY, "/notify");

        Map<String, String> unsigned = new HashMap<>(h);
        unsigned.remove("authorization");
        assertRefused("Authorization is missing", unsigned, BODY, "/notify");

        Map<String, String> noMd5 = new HashMap<>(h);
        noMd5.remove("content-md5");
        assertRefused("Authorization does not verify", noMd5, BODY, "/notify");

        SmqSigner.Keys stranger = SmqSigner.make("stranger");
        assertRefused(
                "Authorization does not verify",
                SmqSigner.headers(
                        "/notify", BODY, Instant.now(), SmqSigner.CERTIFICATE_URL.toString(), stranger.privateKey()),
                BODY,
                "/notify");
    }

    @Test
    void lateAndMalformedDatesAreRefused() throws Exception {
        Map<String, String> late = SmqSigner.headers(
                "/notify",
                BODY,
                Instant.now().minus(Duration.ofMinutes(16)),
                SmqSigner.CERTIFICATE_URL.toString(),
                SmqSigner.keys().privateKey());
        assertRefused("more than 15 minutes from now", late, BODY, "/notify");
        Map<String, String> h = new HashMap<>(SmqSigner.headers("/notify", BODY));
        h.put("date", "yesterday");
        assertRefused("Date 'yesterday' is not an HTTP date", h, BODY, "/notify");
    }

    @Test
    void onlySmqsCertificateHostsAreTrusted() throws Exception {
        for (String url : new String[] {
            "https://evil.example.com/x509.pem",
            "https://mnstest.oss-cn-hangzhou.aliyuncs.com.evil.com/a",
            "https://mns-cert.oss-cn-hangzhou.aliyuncs.com:8443/a",
            "ftp://mnstest.oss-cn-hangzhou.aliyuncs.com/a",
            "https://user@mnstest.oss-cn-hangzhou.aliyuncs.com/a",
            "https://mns-cert.oss-cn-" + "a".repeat(300) + ".aliyuncs.com/x509.pem",
            "https://mns-cert.oss-cn-hangzhou.aliyuncs.com/x509.pem?redirect=evil",
            "https://mns-cert.oss-cn-hangzhou.aliyuncs.com",
            "https://mns-cert.oss-cn-hangzhou.aliyuncs.com/a\nb",
            "https://mns-cert.oss-cn-hangzhou.evil.com/x509.pem",
            "https://mns-cert.oss-evil.aliyuncs.com/x509.pem"
        }) {
            Map<String, String> h = SmqSigner.headers(
                    "/notify", BODY, Instant.now(), url, SmqSigner.keys().privateKey());
            SmqSignature.Refused e =
                    assertThrows(SmqSignature.Refused.class, () -> SmqSignature.certificateUrl(push(h, BODY)), url);
            assertTrue(e.getMessage().contains("not an SMQ certificate host"), e.getMessage());
            assertTrue(e.getMessage().length() < 600, "an over-long URL is not repeated whole");
            assertTrue(!e.getMessage().contains("\n"), "a control character is escaped");
        }
        Map<String, String> none = new HashMap<>(SmqSigner.headers("/notify", BODY));
        none.remove("x-mns-signing-cert-url");
        assertTrue(assertThrows(SmqSignature.Refused.class, () -> SmqSignature.certificateUrl(push(none, BODY)))
                .getMessage()
                .startsWith("x-mns-signing-cert-url is missing"));
        none.put("x-mns-signing-cert-url", "%%%");
        assertTrue(assertThrows(SmqSignature.Refused.class, () -> SmqSignature.certificateUrl(push(none, BODY)))
                .getMessage()
                .contains("not the Base64 of a URL"));
    }

    /**
     * Everything that needs no certificate is checked first, and each malformed header is refused on its own: the
     * caller fetches a certificate only for a push that passes {@link SmqSignature#check}.
     */
    @Test
    void theCheapChecksComeFirstAndRefuseEveryMalformedHeader() throws Exception {
        Map<String, String> none = Map.of("content-type", "text/xml");
        SmqSignature.Refused e =
                assertThrows(SmqSignature.Refused.class, () -> SmqSignature.check(push(none, BODY), Instant.now()));
        assertEquals(
                "Authorization, x-mns-signing-cert-url, Date are missing: the push is not signed by SMQ",
                e.getMessage());

        Map<String, String> good = SmqSigner.headers("/notify", BODY);
        SmqSignature.Signed signed = SmqSignature.check(push(good, BODY), Instant.now());
        assertEquals(SmqSigner.CERTIFICATE_URL, signed.certificate());
        assertEquals(256, signed.signature().length, "a 2048-bit RSA signature");

        for (String[] c : new String[][] {
            {"authorization", "not base64!", "Authorization is not Base64"},
            {"authorization", "c2hvcnQ=", "Authorization decodes to 5 bytes, which is no RSA signature"},
            {"authorization", "A".repeat(5000), "Authorization has 5000 characters"},
            {"date", "Wed, 25 May 2016 10:46:14 GMT", "more than 15 minutes"},
            {"date", "x".repeat(3000), "Date has 3000 characters"},
            {"x-mns-signing-cert-url", "%%%", "not the Base64 of a URL"},
            {"content-md5", "AAAA", "Content-MD5 does not match the body"}
        }) {
            Map<String, String> h = new HashMap<>(good);
            h.put(c[0], c[1]);
            SmqSignature.Refused r = assertThrows(
                    SmqSignature.Refused.class, () -> SmqSignature.check(push(h, BODY), Instant.now()), c[0]);
            assertTrue(r.getMessage().contains(c[2]), r.getMessage());
            assertTrue(r.getMessage().length() < 600, r.getMessage());
        }
        // the date's own header is refused before the certificate URL is even decoded
        Map<String, String> twoWrong = new HashMap<>(good);
        twoWrong.put("date", "yesterday");
        twoWrong.put("x-mns-signing-cert-url", "%%%");
        assertTrue(assertThrows(
                        SmqSignature.Refused.class, () -> SmqSignature.check(push(twoWrong, BODY), Instant.now()))
                .getMessage()
                .startsWith("Date 'yesterday'"));
    }

    @Test
    void aCertificateThatIsNotOneIsRefused() {
        SmqSignature.Refused e = assertThrows(
                SmqSignature.Refused.class,
                () -> SmqCertificates.parse(
                        SmqSigner.CERTIFICATE_URL,
                        "<html>not found</html>".getBytes(StandardCharsets.UTF_8),
                        Instant.now()));
        assertTrue(e.getMessage().contains("not a valid X.509 certificate"), e.getMessage());
    }

    static void assertRefused(String reason, Map<String, String> headers, byte[] body, String path) {
        SmqSignature.Refused e = assertThrows(
                SmqSignature.Refused.class,
                () -> SmqSignature.verify(new SmqSignature.Request("POST", path, headers, body), key(), Instant.now()));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains(headers.getOrDefault("authorization", "-")), "never the signature");
    }
}
