package dev.ossconcat.notify;

import dev.ossconcat.log.Untrusted;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMQ's signing certificates, fetched over https from the URLs {@link SmqSignature#certificateUrl} accepts, and
 * remembered: SMQ signs every push with one of very few certificates, and a push must not be able to make the
 * function fetch anything over and over.
 *
 * <ul>
 *   <li>A certificate is kept for {@link #KEEP} (or until it expires, if sooner), then fetched again, so that a
 *       certificate SMQ replaces under the same URL is picked up.
 *   <li>A failure is kept for {@link #KEEP_FAILURE}: an unreachable URL (answered 503, so that SMQ retries later) and
 *       an answer that is no certificate (answered 403). A flood of pushes naming a missing certificate costs one
 *       fetch per URL and period, not one per push.
 *   <li>At most {@link #MAX_ENTRIES} URLs are remembered; the least recently used one makes room.
 * </ul>
 *
 * Times are the application's clock, so that tests move past these periods instead of waiting for them.
 */
@Singleton
public class SmqCertificates {

    /** A certificate is a few kB; a bigger answer is not one. */
    static final int MAX_BYTES = 64 * 1024;

    static final Duration KEEP = Duration.ofHours(12);
    static final Duration KEEP_FAILURE = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 64;

    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** What is known of one URL, until {@code until}. */
    private sealed interface Known {
        Instant until();
    }

    private record Key(PublicKey key, Instant until) implements Known {}

    private record NotAvailable(String reason, Instant until) implements Known {}

    private record NotACertificate(String reason, Instant until) implements Known {}

    private final Map<URI, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, Known> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public SmqCertificates(Clock clock) {
        this.clock = clock;
    }

    /** The certificate could not be had now: the push is answered 503 so that SMQ retries it. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    public PublicKey keyFor(URI url) throws Unavailable, SmqSignature.Refused {
        Instant now = clock.instant();
        Known k;
        synchronized (known) {
            k = known.get(url);
        }
        if (k == null || !now.isBefore(k.until())) {
            // Two pushes arriving together may both fetch once; the cache is only about floods, not exactness.
            k = fetch(url, now);
            synchronized (known) {
                known.put(url, k);
            }
        }
        if (k instanceof Key key) {
            return key.key();
        }
        if (k instanceof NotAvailable n) {
            throw new Unavailable(n.reason() + "; not tried again before " + n.until());
        }
        throw new SmqSignature.Refused(((NotACertificate) k).reason());
    }

    private Known fetch(URI url, Instant now) {
        Instant retry = now.plus(KEEP_FAILURE);
        byte[] pem;
        try {
            pem = download(url);
        } catch (IOException e) {
            return new NotAvailable(
                    "the SMQ certificate " + url + " could not be fetched: " + Untrusted.value(e.getMessage()), retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NotAvailable("interrupted while fetching the SMQ certificate " + url, now);
        }
        try {
            X509Certificate cert = parse(url, pem, now);
            Instant expires = cert.getNotAfter().toInstant();
            Instant keep = now.plus(KEEP);
            return new Key(cert.getPublicKey(), expires.isBefore(keep) ? expires : keep);
        } catch (SmqSignature.Refused e) {
            return new NotACertificate(e.getMessage(), retry);
        }
    }

    /** The certificate, when it is an X.509 certificate valid at {@code now}. */
    static X509Certificate parse(URI url, byte[] pem, Instant now) throws SmqSignature.Refused {
        try (InputStream in = new ByteArrayInputStream(pem)) {
            X509Certificate cert =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            cert.checkValidity(Date.from(now));
            return cert;
        } catch (CertificateException | IOException | ClassCastException e) {
            throw new SmqSignature.Refused("x-mns-signing-cert-url names " + url
                    + ", which is not a valid X.509 certificate: " + Untrusted.value(e.getMessage()));
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
