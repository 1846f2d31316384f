package dev.ossconcat.guard;

import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Violation;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The deployment's allow-lists: buckets clips may be read from and outputs written to, and output key prefixes.
 * Unset lists allow everything. Checked on the resolved playlist, by /validate too, so a dry run says the same.
 */
@Singleton
public class AllowList {

    private final GuardConfig config;

    public AllowList(GuardConfig config) {
        this.config = config;
    }

    public List<Violation> check(Playlist p) {
        List<Violation> found = new ArrayList<>();
        config.allow().buckets().ifPresent(buckets -> {
            if (p.bucket() != null && !buckets.contains(p.bucket())) {
                found.add(Violation.error(
                        "bucket",
                        "bucket_not_allowed",
                        "bucket " + p.bucket() + " is not one this deployment may read; allowed: " + buckets));
            }
            if (p.targetBucket() != null && !buckets.contains(p.targetBucket())) {
                found.add(Violation.error(
                        "output.bucket",
                        "bucket_not_allowed",
                        "bucket " + p.targetBucket() + " is not one this deployment may write; allowed: " + buckets));
            }
        });
        config.allow().outputPrefixes().ifPresent(prefixes -> {
            String key = p.output().key();
            if (key != null && prefixes.stream().noneMatch(key::startsWith)) {
                found.add(Violation.error(
                        "output.key",
                        "output_prefix_not_allowed",
                        "output key '" + key + "' is not under an allowed prefix " + prefixes));
            }
        });
        return found;
    }
}
