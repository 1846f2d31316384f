package dev.ossconcat.oss;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where OSS is and how the client talks to it (docs/configuration.md lists the environment variables). */
@ConfigMapping(prefix = "concat.oss")
public interface OssConfig {

    /** OSS endpoint; unset: the embedded server locally, the internal endpoint of FC_REGION on Function Compute. */
    Optional<String> endpoint();

    /**
     * Where browsers reach OSS, for presigned URLs ({@code GET /clips}, {@code /status} links). Unset: the endpoint
     * with {@code -internal} taken out (on Function Compute the function talks to OSS over the internal endpoint,
     * which no browser can reach), or the embedded server's URL locally.
     */
    Optional<String> publicEndpoint();

    /** Region for V4 signing; unset: FC_REGION, else cn-hangzhou (the embedded server accepts any). */
    Optional<String> region();

    /** Static credentials, used when neither the request's x-fc-* headers nor ALIBABA_CLOUD_* supply any. */
    Optional<String> accessKeyId();

    Optional<String> accessKeySecret();

    Optional<String> securityToken();

    /** Connections kept to OSS; one instance serves many concurrent requests (instanceConcurrency). */
    @WithDefault("128")
    int maxConnections();

    @WithDefault("3000")
    int connectTimeoutMillis();

    @WithDefault("30000")
    int socketTimeoutMillis();

    /** SDK retries of idempotent calls (HEAD, GET, PUT of our own records). Submission is never retried blindly. */
    @WithDefault("3")
    int maxErrorRetry();
}
