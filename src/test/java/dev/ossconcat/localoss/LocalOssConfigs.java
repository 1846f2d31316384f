package dev.ossconcat.localoss;

import java.util.Optional;
import java.util.function.Supplier;

/** The embedded server's settings for tests that build a {@link LocalOss} without Quarkus. */
public final class LocalOssConfigs {

    private LocalOssConfigs() {}

    /** The documented defaults, with no rendering and no samples, on {@code port} (0: a free one). */
    public static LocalOssConfig of(Supplier<String> dir, int port) {
        return new LocalOssConfig() {
            @Override
            public String dir() {
                return dir.get();
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String accessKeyId() {
                return "local-access-key";
            }

            @Override
            public String accessKeySecret() {
                return "local-secret-key";
            }

            @Override
            public long latencyMillis() {
                return 0;
            }

            @Override
            public boolean render() {
                return false;
            }

            @Override
            public boolean samples() {
                return false;
            }

            @Override
            public Optional<String> requestLog() {
                return Optional.empty();
            }

            @Override
            public java.util.List<String> corsOrigins() {
                return java.util.List.of();
            }

            @Override
            public boolean triggers() {
                return false;
            }

            @Override
            public String triggersFile() {
                return "s.yaml";
            }

            @Override
            public int triggersMaxAttempts() {
                return 1;
            }

            @Override
            public java.time.Duration triggersRetryPause() {
                return java.time.Duration.ofSeconds(1);
            }
        };
    }
}
