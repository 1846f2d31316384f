package dev.ossconcat.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.comm.DefaultServiceClient;
import com.aliyun.oss.common.comm.ServiceClient;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.internal.OSSBucketOperation;
import com.aliyun.oss.internal.OSSObjectOperation;
import com.aliyun.oss.internal.OSSOperation;
import com.aliyun.oss.internal.OSSUtils;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.http.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The function's only door to OSS, on aliyun-sdk-oss with V4 signing. It hands out {@link OssSession}s, each bound
 * to the credentials its caller chose: a request's ({@link #forRequest}), given ones ({@link #as}), or the
 * instance's own ({@link #asInstance}). There is no call without a session, so no call can run with credentials
 * nobody chose for it.
 *
 * <p>Function Compute gives every request fresh STS credentials, and one instance serves many requests at once, so
 * credentials are per call while the connection pool must be shared. The SDK's {@code OSSClient} reads credentials
 * from one provider per client; a client per request would mean a connection pool per request. So the gateway owns
 * the SDK's transport ({@link ServiceClient}, the pool) and gives each session the SDK's own operation objects,
 * which {@code OSSClient} is a thin facade over, built on that shared transport with the session's credentials.
 * There are two transports with one configuration: one retries (every call but submission is idempotent) and one
 * never retries, for {@code x-oss-async-process}, where a blind retry after a lost answer could start a second
 * billed task.
 */
@Singleton
@Startup
public class OssGateway {

    private static final Logger LOG = Logger.getLogger(OssGateway.class);
    /** IPv4, or IPv6 (which has a colon); what OSSClient asks DNS to tell, without the lookup. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*]?");

    private final String endpoint;
    private final URI endpointUri;
    private final URI publicEndpointUri;
    private final String region;
    private final boolean embedded;
    private final Credentials instanceCredentials;
    private final ServiceClient transport;
    private final ServiceClient submitTransport;

    /**
     * The embedded server is a development tool: present in dev mode, tests and a local {@code java -jar}, absent from
     * Function Compute packages (README, "What goes to the cloud"), where the instance is then unsatisfied.
     */
    @Inject
    public OssGateway(OssConfig config, ConcatConfig concat, Instance<EmbeddedOss> embeddedOss) {
        this(config, concat, embeddedOss.isResolvable() ? Optional.of(embeddedOss.get()) : Optional.empty());
    }

    /** @param local the embedded server, started only when no endpoint is configured and not on Function Compute */
    public OssGateway(OssConfig config, ConcatConfig concat, Optional<EmbeddedOss> local) {
        Optional<String> fcRegion = concat.fcRegion().filter(r -> !r.isBlank());
        this.embedded = config.endpoint().isEmpty() && fcRegion.isEmpty();
        if (embedded && local.isEmpty()) {
            throw new OssNotConfigured();
        }
        this.endpoint = config.endpoint()
                .orElseGet(() -> fcRegion.map(r -> "https://oss-" + r + "-internal.aliyuncs.com")
                        .orElseGet(() -> local.get().start()));
        this.region = config.region().or(() -> fcRegion).orElse("cn-hangzhou");
        this.instanceCredentials = instanceCredentials(config, local.filter(l -> embedded));
        ClientBuilderConfiguration retrying = configuration(config, config.maxErrorRetry());
        this.endpointUri =
                OSSUtils.toEndpointURI(endpoint, retrying.getProtocol().toString());
        OSSUtils.ensureEndpointValid(endpointUri.getHost());
        this.publicEndpointUri = OSSUtils.toEndpointURI(
                config.publicEndpoint().filter(e -> !e.isBlank()).orElseGet(() -> publicOf(endpoint)),
                retrying.getProtocol().toString());
        OSSUtils.ensureEndpointValid(publicEndpointUri.getHost());
        this.transport = new DefaultServiceClient(retrying);
        this.submitTransport = new DefaultServiceClient(configuration(config, 0));
        if (!embedded) {
            LOG.infof("OSS endpoint %s, region %s", endpoint, region);
        }
        if (fcRegion.isPresent() && instanceCredentials == null) {
            // FC hands credentials to the function only through its role; without one, every OSS call would fail
            LOG.error(NO_CREDENTIALS + "; calls that need OSS answer 503 not_configured");
        }
    }

    /** What is missing when there are no OSS credentials, in the words of the start-up line and the 503 answer. */
    static final String NO_CREDENTIALS = "no OSS credentials: give the function a RAM role (s.yaml vars.role), which"
            + " Function Compute passes as ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and"
            + " ALIBABA_CLOUD_SECURITY_TOKEN, or set CONCAT_OSS_ACCESS_KEY_ID and CONCAT_OSS_ACCESS_KEY_SECRET";

    public String endpoint() {
        return endpoint;
    }

    /** Where browsers reach OSS: what presigned URLs point at (docs/configuration.md, CONCAT_OSS_PUBLIC_ENDPOINT). */
    public URI publicEndpoint() {
        return publicEndpointUri;
    }

    /**
     * The public twin of an endpoint: OSS names the internal endpoint of a region {@code oss-<region>-internal}, and
     * its public one the same without {@code -internal}; any other endpoint (the embedded server's, a custom domain)
     * is taken as reachable by browsers as it is.
     */
    static String publicOf(String endpoint) {
        return endpoint.replaceFirst("^((?:https?://)?oss-[a-z0-9-]+?)-internal\\.", "$1.");
    }

    public boolean embedded() {
        return embedded;
    }

    /** Calls signed with exactly {@code credentials}. */
    public OssSession as(Credentials credentials) {
        if (credentials == null) {
            throw new IllegalArgumentException("a session needs credentials; asInstance() names the instance's own");
        }
        return session(credentials);
    }

    /**
     * Calls signed with the instance's own credentials: ALIBABA_CLOUD_* (the function's role on FC), else
     * configuration, else the embedded server's. For work that serves no request, and for tests.
     */
    public OssSession asInstance() {
        return session(instanceCredentials);
    }

    /**
     * The session a request's calls are made in: on Function Compute, the STS credentials FC hands that request
     * ({@link RequestCredentials#fromFcHeaders}); without them (a local run), the instance's own.
     */
    public OssSession forRequest(Function<String, String> header) {
        return RequestCredentials.fromFcHeaders(header).map(this::as).orElseGet(this::asInstance);
    }

    private OssSession session(Credentials credentials) {
        if (credentials == null) {
            throw new ApiException(503, "not_configured", NO_CREDENTIALS, null, false);
        }
        var provider = OssSession.provider(credentials);
        return new OssSession(
                credentials,
                configure(new OSSObjectOperation(transport, provider)),
                configure(new OSSBucketOperation(transport, provider)),
                configure(new OSSObjectOperation(submitTransport, provider)),
                presigning(new OSSObjectOperation(transport, provider)));
    }

    /** Presigning sends nothing: the operation only signs URLs that point at the public endpoint. */
    private OSSObjectOperation presigning(OSSObjectOperation operation) {
        operation.setEndpoint(publicEndpointUri);
        operation.setRegion(region);
        return operation;
    }

    /** What {@code OSSClientBuilder.build()} sets on each of its operations; the rest comes from the transport. */
    private <T extends OSSOperation> T configure(T operation) {
        operation.setEndpoint(endpointUri);
        operation.setRegion(region);
        return operation;
    }

    private ClientBuilderConfiguration configuration(OssConfig config, int retries) {
        ClientBuilderConfiguration c = new ClientBuilderConfiguration();
        c.setSignatureVersion(SignVersion.V4);
        c.setMaxConnections(config.maxConnections());
        c.setConnectionTimeout(config.connectTimeoutMillis());
        c.setSocketTimeout(config.socketTimeoutMillis());
        c.setMaxErrorRetry(retries);
        c.setConnectionRequestTimeout(config.connectTimeoutMillis());
        // as OSSClient does: an IP or localhost endpoint (the embedded server) takes path-style requests
        String host = URI.create(endpoint.contains("://") ? endpoint : "http://" + endpoint)
                .getHost();
        c.setSLDEnabled("localhost".equals(host) || IP_LITERAL.matcher(host).matches());
        return c;
    }

    /** ALIBABA_CLOUD_* (the function role on FC), else configuration, else the embedded server's own; or null. */
    private static Credentials instanceCredentials(OssConfig config, Optional<EmbeddedOss> local) {
        var cfg = ConfigProvider.getConfig();
        Optional<String> envId = cfg.getOptionalValue("ALIBABA_CLOUD_ACCESS_KEY_ID", String.class);
        Optional<String> envSecret = cfg.getOptionalValue("ALIBABA_CLOUD_ACCESS_KEY_SECRET", String.class);
        if (envId.isPresent() && envSecret.isPresent()) {
            return RequestCredentials.of(
                    envId.get(),
                    envSecret.get(),
                    cfg.getOptionalValue("ALIBABA_CLOUD_SECURITY_TOKEN", String.class)
                            .orElse(null));
        }
        if (config.accessKeyId().isPresent() && config.accessKeySecret().isPresent()) {
            return RequestCredentials.of(
                    config.accessKeyId().get(),
                    config.accessKeySecret().get(),
                    config.securityToken().orElse(null));
        }
        return local.map(l -> RequestCredentials.of(l.accessKeyId(), l.accessKeySecret(), null))
                .orElse(null);
    }

    void stop(@Observes ShutdownEvent event) {
        transport.shutdown();
        submitTransport.shutdown();
    }
}
