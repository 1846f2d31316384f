package dev.ossconcat.api;

import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobState;
import dev.ossconcat.job.TargetTemplate;
import dev.ossconcat.oss.OssSession;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * {@code links} of a succeeded job in {@code GET /status}: presigned URLs a browser can play the output with.
 *
 * @param output   the output object
 * @param playlist for segmented outputs (HLS, DASH), the {@code .m3u8} or {@code .mpd} playlist, which is the object
 *                 {@code sys/saveas} names; absent otherwise
 */
public record OutputLinks(String output, String playlist, String expiresAt) {

    /** How many keys under the template's fixed start are looked at for the output of a key with variables. */
    static final int SEARCHED = 100;

    /**
     * The links of a succeeded job, or empty: before success, or when its target has variables
     * ({@code {autoext}}) and no object under its fixed start matches it.
     */
    static Optional<OutputLinks> of(JobRecord job, OssSession oss, Instant expires) {
        if (job.state() != JobState.SUCCEEDED || job.target() == null) {
            return Optional.empty();
        }
        String bucket = job.target().bucket();
        return outputKey(job, oss).map(key -> {
            String url = oss.presignGet(bucket, key, expires);
            return new OutputLinks(url, segmented(key) ? url : null, expires.toString());
        });
    }

    /**
     * The recorded target when it has no variables; else the newest object its template can expand to, found by
     * listing under the template's fixed start (OSS expands the variables, and the record keeps the template).
     */
    private static Optional<String> outputKey(JobRecord job, OssSession oss) {
        String template = job.target().key();
        if (!TargetTemplate.hasVariables(template)) {
            return Optional.of(template);
        }
        int brace = template.indexOf('{');
        return oss.list(job.target().bucket(), template.substring(0, brace), null, SEARCHED).objects().stream()
                .filter(o -> TargetTemplate.matches(template, o.key()))
                .max(Comparator.comparing(OssSession.Listed::lastModified))
                .map(OssSession.Listed::key);
    }

    /** What OSS writes for {@code /segment}: the playlist at the saveas key, the segments beside it. */
    static boolean segmented(String key) {
        return key.endsWith(".m3u8") || key.endsWith(".mpd");
    }
}
