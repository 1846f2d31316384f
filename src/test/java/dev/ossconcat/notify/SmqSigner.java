package dev.ossconcat.notify;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs pushes as SMQ does, with a key pair and a self-signed certificate that the JDK's keytool makes once per run
 * (the real certificate's private key is SMQ's alone).
 */
final class SmqSigner {

    /** Where the tests' certificate "lives": a host SMQ documents, so that the URL check lets it through. */
    static final URI CERTIFICATE_URL = URI.create("https://mns-cert.oss-cn-hangzhou.aliyuncs.com/test/x509.pem");

    record Keys(PrivateKey privateKey, byte[] certificatePem) {}

    private static final class Made {
        static final Keys KEYS = make("smq-test");
    }

    static Keys keys() {
        return Made.KEYS;
    }

    /** A fresh RSA key pair and its self-signed certificate (PEM), from keytool. */
    static Keys make(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "smq-keys"));
            Path store = dir.resolve(name + "-" + System.nanoTime() + ".p12");
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-alias",
                            "smq",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-dname",
                            "CN=" + name,
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            "secret",
                            "-keypass",
                            "secret")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                ks.load(in, "secret".toCharArray());
            }
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder()
                            .encodeToString(ks.getCertificate("smq").getEncoded()) + "\n-----END CERTIFICATE-----\n";
            return new Keys(
                    (PrivateKey) ks.getKey("smq", "secret".toCharArray()), pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers SMQ would send with {@code body} to {@code path}, signed with {@code key}. */
    static Map<String, String> headers(String path, byte[] body, Instant date, String certificateUrl, PrivateKey key) {
        try {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("content-type", "text/xml;charset=utf-8");
            h.put(
                    "content-md5",
                    Base64.getEncoder()
                            .encodeToString(HexFormat.of()
                                    .formatHex(MessageDigest.getInstance("MD5").digest(body))
                                    .getBytes(StandardCharsets.US_ASCII)));
            h.put("date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
            h.put("x-mns-version", "2015-06-06");
            h.put("x-mns-request-id", "57458276F0E3D56D7C00054B");
            h.put(
                    "x-mns-signing-cert-url",
                    Base64.getEncoder().encodeToString(certificateUrl.getBytes(StandardCharsets.UTF_8)));
            Signature s = Signature.getInstance("SHA1withRSA");
            s.initSign(key);
            s.update(SmqSignature.stringToSign(new SmqSignature.Request("POST", path, h, body))
                    .getBytes(StandardCharsets.UTF_8));
            h.put("authorization", Base64.getEncoder().encodeToString(s.sign()));
            return h;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> headers(String path, byte[] body) {
        return headers(path, body, Instant.now(), CERTIFICATE_URL.toString(), keys().privateKey());
    }
}
