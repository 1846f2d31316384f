package dev.ossconcat.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "concat.jobs")
public interface JobsConfig {

    /**
     * A claim older than this without a task ID is taken to be abandoned (the claimer crashed or lost OSS's answer)
     * and a new delivery may submit again. Longer than any submission can take; see docs/idempotency.md on the remaining window.
     */
    @WithDefault("PT10M")
    Duration takeoverAfter();

    /** How long a duplicate delivery waits for a concurrent first delivery to get its task ID. */
    @WithDefault("PT2S")
    Duration duplicateWait();

    /**
     * Threads for the concurrent HEADs of clips and the final writes: as many as OSS connections
     * (concat.oss.max-connections), so that the HEADs of concurrent jobs are not queued behind each other.
     */
    @WithDefault("128")
    int ioThreads();

    /**
     * How many attempts a job may make without anyone asking (docs/idempotency.md, "Failed jobs"): a delivery that
     * finds a transient failure, or a claim abandoned for {@link #takeoverAfter()}, submits again only while the job
     * has made fewer. A billed task that fails for a reason that persists then costs at most this many runs. Values
     * below 1 count as 1. An explicit retry ({@code POST /retry}) submits whatever the count.
     */
    @WithDefault("3")
    int maxAttempts();
}
