package dev.ossconcat.notify;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Alibaba's certificate host is out of reach here: the download, and only it, answers from the tests' own
 * certificate, served at {@link SmqSigner#CERTIFICATE_URL}; {@link #NOT_A_CERTIFICATE} serves a web page, and any other
 * URL is a 404. Everything around the download (the checks before it, the cache after it) is the real code.
 */
@Mock
@Singleton
public class FakeSmqCertificates extends SmqCertificates {

    static final URI NOT_A_CERTIFICATE = URI.create("https://mns-cert.oss-cn-hangzhou.aliyuncs.com/test/page.html");

    final List<URI> fetched = new CopyOnWriteArrayList<>();

    public FakeSmqCertificates(Clock clock) {
        super(clock);
    }

    @Override
    protected byte[] download(URI url) throws IOException {
        fetched.add(url);
        if (url.equals(NOT_A_CERTIFICATE)) {
            return "<html>moved</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (!url.equals(SmqSigner.CERTIFICATE_URL)) {
            throw new IOException("HTTP 404");
        }
        return SmqSigner.keys().certificatePem();
    }

    /** How many times {@code url} was fetched so far. */
    long fetches(URI url) {
        return fetched.stream().filter(url::equals).count();
    }
}
