package dev.ossconcat.guard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** What the HTTP surface refuses (docs/security.md). */
@ConfigMapping(prefix = "concat")
public interface GuardConfig {

    /** When set, /concat, /status and /validate need "Authorization: Bearer <token>" (env CONCAT_API_TOKEN). */
    Optional<String> apiToken();

    /**
     * {@code fc} declares that Function Compute checks signed requests (the HTTP trigger's {@code authType:
     * function}), so the billed calls need no token on FC (CONCAT_API_AUTH). See {@link BearerToken}.
     */
    Optional<ApiAuth> apiAuth();

    /** Serve the billed calls to anonymous callers on Function Compute, on purpose (CONCAT_API_OPEN). */
    @WithDefault("false")
    boolean apiOpen();

    enum ApiAuth {
        FC
    }

    Allow allow();

    /**
     * SMQ's push signature on /notify (CONCAT_NOTIFY_SIGNATURE): {@code required} or {@code off}. Unset: required
     * on Function Compute, where /notify is public and SMQ is the sender; off locally, where the embedded server
     * posts unsigned IMM messages.
     */
    Optional<NotifySignature> notifySignature();

    enum NotifySignature {
        REQUIRED,
        OFF
    }

    interface Allow {
        /** When set, the only buckets clips may come from and outputs may go to (CONCAT_ALLOW_BUCKETS). */
        Optional<List<String>> buckets();

        /**
         * Output keys must start with one of these (CONCAT_ALLOW_OUTPUT_PREFIXES); unset, with one of the output
         * prefixes (CONCAT_OUTPUT_PREFIXES). See {@link AllowList}.
         */
        Optional<List<String>> outputPrefixes();
    }
}
