package dev.ossconcat.notify;

import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SMQ's signing certificates, fetched over https from the hosts {@link SmqSignature#certificateUrl} accepts and kept
 * for the life of the instance: SMQ signs every push with one of very few certificates.
 */
@Singleton
public class SmqCertificates {

    /** A certificate is a few kB; a bigger answer is not one. */
    static final int MAX_BYTES = 64 * 1024;

    private final Map<URI, PublicKey> keys = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The certificate could not be had now: the push is answered 503 so that SMQ retries it. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    public PublicKey keyFor(URI url) throws Unavailable, SmqSignature.Refused {
        PublicKey known = keys.get(url);
        if (known != null) {
            return known;
        }
        byte[] pem;
        try {
            pem = download(url);
        } catch (IOException e) {
            throw new Unavailable("the SMQ certificate " + url + " could not be fetched: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while fetching the SMQ certificate " + url);
        }
        PublicKey key = parse(url, pem);
        keys.put(url, key);
        return key;
    }

    /** The certificate's public key, when it is an X.509 certificate valid today. */
    static PublicKey parse(URI url, byte[] pem) throws SmqSignature.Refused {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            cert.checkValidity();
            return cert.getPublicKey();
        } catch (CertificateException | IOException | ClassCastException e) {
            throw new SmqSignature.Refused("x-mns-signing-cert-url names " + url
                    + ", which is not a valid X.509 certificate: " + e.getMessage());
        }
    }

    /** The only I/O here. */
    protected byte[] download(URI url) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
