package dev.ossconcat.notify;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Alibaba's certificate host is out of reach here: the download, and only it, answers from the tests' own
 * certificate, served at {@link SmqSigner#CERTIFICATE_URL}; any other URL is a 404.
 */
@Mock
@Singleton
public class FakeSmqCertificates extends SmqCertificates {

    final List<URI> fetched = new CopyOnWriteArrayList<>();

    @Override
    protected byte[] download(URI url) throws IOException {
        fetched.add(url);
        if (!url.equals(SmqSigner.CERTIFICATE_URL)) {
            throw new IOException("HTTP 404");
        }
        return SmqSigner.keys().certificatePem();
    }
}
