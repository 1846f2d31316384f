package dev.ossconcat.localoss;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The embedded OSS-compatible server used when no OSS endpoint is configured and not on Function Compute. */
@ConfigMapping(prefix = "concat.local")
public interface LocalOssConfig {

    /** Data directory: object {@code k} of bucket {@code b} is the file {@code <dir>/b/k} (env CONCAT_LOCAL_DIR). */
    @WithDefault("./local-oss")
    String dir();

    @WithDefault("127.0.0.1")
    String host();

    /** 0 picks a free port. */
    @WithDefault("9100")
    int port();

    /** The documented local credentials; the server refuses requests signed with anything else. */
    @WithDefault("local-access-key")
    String accessKeyId();

    @WithDefault("local-secret-key")
    String accessKeySecret();

    /** A delay added to every request, to emulate the network in load benchmarks (CONCAT_LOCAL_LATENCY_MILLIS). */
    @WithDefault("0")
    long latencyMillis();

    /**
     * Render accepted tasks with FFmpeg (from PATH, else the Maven dependency) and post their completion to /notify
     * (CONCAT_LOCAL_RENDER).
     */
    @WithDefault("true")
    boolean render();

    /**
     * Make the quick start's sample clips at startup when missing (CONCAT_LOCAL_SAMPLES): in the default bucket, or
     * in {@code media}, the bucket the README names, when there is none (the packaged jar).
     */
    @WithDefault("true")
    boolean samples();

    /** When set, one line per request (start and end in ns, operation, key) is appended here, for benchmarks. */
    java.util.Optional<String> requestLog();
}
