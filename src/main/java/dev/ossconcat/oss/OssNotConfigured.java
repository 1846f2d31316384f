package dev.ossconcat.oss;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Set;

/**
 * Start-up refused: no OSS endpoint is configured, the function is not on Function Compute, and this build has no
 * embedded server (a Function Compute package). Quarkus prints the message of a configuration failure as it is, one
 * line without a stack trace, and exits with status 1 before the HTTP server serves anything.
 */
public final class OssNotConfigured extends ConfigurationException {

    static final String MESSAGE =
            "No OSS to talk to: set CONCAT_OSS_ENDPOINT (e.g. https://oss-cn-hangzhou.aliyuncs.com,"
                    + " or a local OSS-compatible server) or FC_REGION (set by Function Compute itself); this package has no"
                    + " embedded OSS server";

    public OssNotConfigured() {
        super(MESSAGE, Set.of("concat.oss.endpoint", "concat.fc-region"));
    }
}
