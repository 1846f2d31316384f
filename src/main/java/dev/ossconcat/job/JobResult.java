package dev.ossconcat.job;

import dev.ossconcat.report.Violation;
import java.util.List;

/**
 * A job that exists: just submitted, or found already submitted ({@code duplicate}) by an earlier delivery.
 */
public record JobResult(JobRecord record, boolean duplicate, List<Violation> warnings) {}
