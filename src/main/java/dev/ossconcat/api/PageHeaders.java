package dev.ossconcat.api;

import dev.ossconcat.oss.OssGateway;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Security headers on every answer, for the composer page above all (docs/composer.md): the page runs only its own
 * scripts and styles (no inline script, so an injected {@code <script>} does nothing), talks only to this function,
 * plays media only from here and from OSS's public endpoint (the presigned URLs), and is never framed. The API's
 * JSON answers carry them too; they change nothing for a program that reads JSON.
 */
@Singleton
public class PageHeaders {

    /** After {@link RequestGate}, before the bearer token: even a refused call's answer carries them. */
    static final int PRIORITY = 100;

    private final String policy;

    public PageHeaders(OssGateway oss) {
        this.policy = policy(oss.publicEndpoint());
    }

    /**
     * The Content-Security-Policy. Presigned URLs use virtual-hosted style ({@code https://<bucket>.<endpoint>}) on
     * OSS, and path style on an IP or {@code localhost} endpoint (the embedded server): media may come from either.
     */
    static String policy(URI publicEndpoint) {
        String scheme = publicEndpoint.getScheme() == null ? "https" : publicEndpoint.getScheme();
        String hostPort =
                publicEndpoint.getHost() + (publicEndpoint.getPort() < 0 ? "" : ":" + publicEndpoint.getPort());
        String host = publicEndpoint.getHost();
        boolean pathStyle = "localhost".equals(host) || host.matches("[0-9.]+|\\[.*]");
        String oss = scheme + "://" + (pathStyle ? hostPort : "*." + hostPort);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' "
                + oss + "; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'";
    }

    void register(@Observes Filters filters) {
        filters.register(this::headers, PRIORITY);
    }

    private void headers(RoutingContext rc) {
        rc.response()
                .putHeader("Content-Security-Policy", policy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                // presigned URLs carry a signature in their query: a referrer must never pass one on
                .putHeader("Referrer-Policy", "no-referrer");
        rc.next();
    }
}
