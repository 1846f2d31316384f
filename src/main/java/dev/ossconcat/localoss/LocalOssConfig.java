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

    /**
     * Origins a browser page may call the server from (each may hold one {@code *}); {@code none} turns CORS off.
     * Only local pages by default: the documented local credentials are public (CONCAT_LOCAL_CORS_ORIGINS).
     */
    @WithDefault("http://localhost:*,http://127.0.0.1:*")
    java.util.List<String> corsOrigins();

    /**
     * Deliver uploads to the function's {@code /invoke} as the {@code oss} triggers of {@link #triggersFile()} would
     * on Function Compute (CONCAT_LOCAL_TRIGGERS; off in tests but those of the feature).
     */
    @WithDefault("true")
    boolean triggers();

    /** The Serverless Devs file whose triggers are emulated (CONCAT_LOCAL_TRIGGERS_FILE). */
    @WithDefault("s.yaml")
    String triggersFile();

    /** Deliveries of one event in all, as FC's 1 + {@code maxAsyncRetryAttempts} (s.yaml: 3). */
    @WithDefault("4")
    int triggersMaxAttempts();

    /** The pause before the first redelivery after {@code x-fc-status: 404}, doubled before each further one. */
    @WithDefault("PT1S")
    java.time.Duration triggersRetryPause();

    /** When set, one line per request (start and end in ns, operation, key) is appended here, for benchmarks. */
    java.util.Optional<String> requestLog();
}
