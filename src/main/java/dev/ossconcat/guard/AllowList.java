package dev.ossconcat.guard;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.playlist.Param;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.process.Paths;
import dev.ossconcat.report.Violation;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's allow-lists: buckets clips may be read from and outputs written to, and output key prefixes.
 * Checked on the resolved playlist, by /validate too, so a dry run says the same.
 * <p>
 * Outputs may only be written under an allowed prefix: {@code concat.allow.output-prefixes} when set, else the
 * output prefixes ({@code concat.output-prefixes}, {@code outputs/,highlights/} by default). Secure by default: an
 * output key anywhere else could overwrite the clips themselves, job records or uploaded playlists, since OSS writes
 * a concat result over whatever object has its key. An unset bucket allow-list allows every bucket, because the
 * credentials already bound which buckets can be reached.
 */
@Singleton
public class AllowList {

    private final GuardConfig config;
    private final List<String> outputPrefixes;

    public AllowList(GuardConfig config, ConcatConfig concat) {
        this.config = config;
        this.outputPrefixes = config.allow().outputPrefixes().orElse(concat.outputPrefixes());
    }

    /** Why clips may not be read from {@code bucket} (code {@code bucket_not_allowed} at {@code path}), if so. */
    public Optional<Violation> checkReadable(String path, String bucket) {
        return config.allow()
                .buckets()
                .filter(buckets -> !buckets.contains(bucket))
                .map(buckets -> Violation.error(
                        path,
                        "bucket_not_allowed",
                        "bucket " + bucket + " is not one this deployment may read; allowed: " + buckets));
    }

    /** @param paths how findings name fields: playlist fields, or process parameters for a raw string */
    public List<Violation> check(Playlist p, Paths paths) {
        List<Violation> found = new ArrayList<>();
        config.allow().buckets().ifPresent(buckets -> {
            if (p.bucket() != null) {
                checkReadable(paths.field("bucket", "source.bucket"), p.bucket())
                        .ifPresent(found::add);
            }
            if (p.targetBucket() != null && !buckets.contains(p.targetBucket())) {
                found.add(Violation.error(
                        paths.of(Param.SAVEAS_B),
                        "bucket_not_allowed",
                        "bucket " + p.targetBucket() + " is not one this deployment may write; allowed: " + buckets));
            }
        });
        String key = p.output().key();
        if (key != null && outputPrefixes.stream().noneMatch(key::startsWith)) {
            found.add(Violation.error(
                    paths.of(Param.SAVEAS_O),
                    "output_prefix_not_allowed",
                    "output key '" + key + "' is not under an allowed prefix " + outputPrefixes
                            + " (CONCAT_OUTPUT_PREFIXES, or CONCAT_ALLOW_OUTPUT_PREFIXES to allow others)"));
        }
        return found;
    }
}
