package dev.ossconcat.config;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * JSON log lines on Function Compute, human-readable ones elsewhere. FC's log service indexes JSON fields, so a job's
 * lines can be found by {@code mdc.jobId} (job.JobLog); on a terminal, JSON is noise. {@code application.properties}
 * turns JSON off; this source turns it on when {@code FC_REGION} is set, above the properties file and below the
 * environment, so {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED} still decides when given. The console's filter
 * ({@code log.LogLines}) applies in both formats.
 */
public class FcLogFormat implements ConfigSource {

    static final String JSON_ENABLED = "quarkus.log.console.json.enabled";

    private final Map<String, String> properties;

    public FcLogFormat() {
        this(System::getenv);
    }

    FcLogFormat(Function<String, String> env) {
        String region = env.apply("FC_REGION");
        this.properties = region == null || region.isBlank() ? Map.of() : Map.of(JSON_ENABLED, "true");
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "function-compute-log-format";
    }

    /** Above application.properties (250), below environment variables (300). */
    @Override
    public int getOrdinal() {
        return 275;
    }
}
