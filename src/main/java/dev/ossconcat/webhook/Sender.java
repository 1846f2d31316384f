package dev.ossconcat.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * One signed POST of an event to a {@link Destination.Checked} receiver. The connection goes only to the addresses
 * the destination was checked against (the client's DNS resolver answers with them and nothing else), so the name
 * is never looked up again between the check and the connection; TLS still checks the certificate against the host
 * name. No redirects, no automatic retries, no proxy from the environment, no cookies, and short timeouts: a slow
 * receiver must not hold a job's request, and retries are the outbox's ({@link Deliveries}).
 */
public final class Sender {

    /** What a receiver answered: its HTTP status, or why there was none (status 0). */
    public record Sent(int status, String error) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** For records and logs: the status, or the reason without any request detail. */
        public String describe() {
            return status > 0 ? "HTTP " + status : error;
        }
    }

    private final byte[] secret;
    private final Duration timeout;

    /** @param timeout for connecting and for each read of the answer */
    public Sender(byte[] secret, Duration timeout) {
        this.secret = secret.clone();
        this.timeout = timeout;
    }

    public Sent send(Destination.Checked to, JobEvent event, Instant now) {
        byte[] body = event.body();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        RequestConfig config = RequestConfig.custom()
                .setConnectTimeout(millis)
                .setSocketTimeout(millis)
                .setConnectionRequestTimeout(millis)
                .setRedirectsEnabled(false)
                .setCookieSpec(CookieSpecs.IGNORE_COOKIES)
                .build();
        InetAddress[] pinned = to.addresses().toArray(InetAddress[]::new);
        String host = to.uri().getHost();
        try (CloseableHttpClient client = HttpClients.custom()
                .setDefaultRequestConfig(config)
                .setDnsResolver(name -> {
                    if (!name.equalsIgnoreCase(host) && !("[" + name + "]").equalsIgnoreCase(host)) {
                        throw new UnknownHostException("only the checked callback host is resolved");
                    }
                    return pinned.clone();
                })
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setMaxConnTotal(1)
                .build()) {
            HttpPost post = new HttpPost(to.uri());
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            post.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()));
            post.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, now, body));
            post.setHeader("User-Agent", "oss-video-concat-callback");
            try (CloseableHttpResponse response = client.execute(post)) {
                drain(response.getEntity());
                return new Sent(response.getStatusLine().getStatusCode(), null);
            }
        } catch (IOException e) {
            // the exception's class says what went wrong (timeout, refused, TLS); its message may carry the address
            return new Sent(0, "no answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Reads a little of the answer, so the connection ends cleanly; the content is not used. */
    private static void drain(HttpEntity entity) throws IOException {
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent()) {
            in.readNBytes(4096);
        }
    }
}
