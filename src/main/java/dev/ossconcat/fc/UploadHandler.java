package dev.ossconcat.fc;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.job.JobPipeline;
import dev.ossconcat.job.JobRecord;
import dev.ossconcat.job.JobState;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Decoded;
import dev.ossconcat.playlist.Output;
import dev.ossconcat.playlist.PlaylistFile;
import jakarta.inject.Singleton;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One record of an OSS trigger event: a playlist uploaded under the playlist prefix starts a job. Everything else
 * is ignored, above all the function's own writes (job records, outputs, the metadata copy onto the playlist,
 * which is a CopyObject event), so the function never triggers itself.
 */
@Singleton
public class UploadHandler {

    private static final Logger LOG = Logger.getLogger(UploadHandler.class);

    /** Uploads that complete an object; every part of a multipart upload or a copy would fire too. */
    static final Set<String> STARTING_EVENTS =
            Set.of("ObjectCreated:PutObject", "ObjectCreated:PostObject", "ObjectCreated:CompleteMultipartUpload");

    private final JobPipeline pipeline;
    private final ConcatConfig config;
    private final UploadConfig upload;

    public UploadHandler(JobPipeline pipeline, ConcatConfig config, UploadConfig upload) {
        this.pipeline = pipeline;
        this.config = config;
        this.upload = upload;
    }

    /** A record that {@link UploadRecord#read} accepted: its bucket name and key follow OSS's naming rules. */
    public Outcome handle(UploadRecord record, OssSession oss) {
        String eventName = record.eventName();
        String bucket = record.bucket();
        String key = record.key();
        String source = bucket + "/" + key;
        if (!STARTING_EVENTS.contains(eventName)) {
            return Outcome.ignored(
                    source, "event " + Untrusted.quoted(eventName) + " does not start jobs; only " + STARTING_EVENTS);
        }
        String ignored = ignoredKey(key);
        if (ignored != null) {
            return Outcome.ignored(source, ignored);
        }
        Optional<OssSession.Content> playlist;
        String actualKey = key;
        try {
            playlist = oss.get(bucket, key, upload.maxPlaylistBytes());
            String decoded = decoded(key);
            if (playlist.isEmpty() && decoded != null) {
                // whether OSS events percent-encode keys is not documented: try the decoded key too
                actualKey = decoded;
                playlist = oss.get(bucket, decoded, upload.maxPlaylistBytes());
            }
        } catch (OssCallFailed e) {
            if ("TooLarge".equals(e.code())) {
                return rejectOnPlaylist(oss, bucket, key, e.getMessage());
            }
            return JobOutcomes.ossFailed(source, e);
        }
        if (playlist.isEmpty()) {
            return Outcome.ignored(source, "the playlist no longer exists");
        }
        OssSession.Content content = playlist.get();
        String text = new String(content.bytes(), StandardCharsets.UTF_8);
        Decoded decoded = PlaylistFile.read(text, bucket, outputFor(actualKey));
        Outcome outcome = JobOutcomes.run(
                bucket + "/" + actualKey, () -> pipeline.submit(decoded, config.defaults(), oss, content.info()));
        if (outcome.jobId() == null
                && (outcome.result() == Outcome.Result.REJECTED || outcome.result() == Outcome.Result.FAILED)) {
            // the pipeline writes the playlist's metadata once a job exists; before that, it is written here
            recordOnPlaylist(oss, content, outcome);
        }
        LOG.infof(
                "upload %s/%s: %s%s",
                bucket,
                Untrusted.value(actualKey),
                outcome.result().wire(),
                outcome.jobId() == null ? "" : " job " + outcome.jobId());
        return outcome;
    }

    /**
     * {@code key} percent-decoded, or null when decoding changes nothing, fails, or gives something that is not an
     * OSS key. A key such as {@code playlists/%zz.txt} is not encoded at all: OSS allows '%' in keys, so it is read
     * as it is. A '+' stays a '+' (OSS keys are not form-encoded).
     */
    static String decoded(String key) {
        if (key.indexOf('%') < 0) {
            return null;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return decoded.equals(key) || OssNames.keyProblem(decoded) != null ? null : decoded;
    }

    /** Why a key does not start a job, or null when it does. */
    String ignoredKey(String key) {
        if (key.startsWith(config.jobsPrefix())) {
            return "a job record of this function";
        }
        for (String out : config.outputPrefixes()) {
            if (key.startsWith(out)) {
                return "an output of this function (under " + out + ")";
            }
        }
        if (!key.startsWith(upload.prefix())) {
            return "not under the playlist prefix " + upload.prefix();
        }
        if (upload.suffixes().stream().noneMatch(key::endsWith)) {
            return "not a playlist suffix " + upload.suffixes();
        }
        return null;
    }

    /** The configured output of playlists that carry none, named after the playlist. */
    Output outputFor(String key) {
        String name = key.substring(upload.prefix().length());
        for (String suffix : upload.suffixes()) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        return new Output(
                upload.outputKey().replace("{name}", name), null, upload.outputPreset(), null, null, null, 0, null);
    }

    private Outcome rejectOnPlaylist(OssSession oss, String bucket, String key, String reason) {
        Outcome o = new Outcome(bucket + "/" + key, Outcome.Result.REJECTED, null, null, reason, null, false);
        try {
            oss.head(bucket, key)
                    .ifPresent(info -> recordOnPlaylist(oss, new OssSession.Content(info, new byte[0]), o));
        } catch (OssCallFailed e) {
            LOG.warnf(
                    "could not record the rejection on %s/%s: %s",
                    bucket, Untrusted.value(key), Untrusted.value(e.getMessage()));
        }
        return o;
    }

    private void recordOnPlaylist(OssSession oss, OssSession.Content playlist, Outcome o) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("concat-state", (o.result() == Outcome.Result.FAILED ? JobState.FAILED : JobState.REJECTED).wire());
        String error = o.reason()
                + (o.violations() == null || o.violations().isEmpty()
                        ? ""
                        : ": "
                                + o.violations().stream()
                                        .map(v -> v.path() + " " + v.code())
                                        .toList());
        meta.put("concat-error", JobRecord.errorValue(error));
        try {
            oss.addMetadata(playlist.info(), meta);
        } catch (OssCallFailed e) {
            LOG.warnf(
                    "could not record the outcome on %s/%s: %s",
                    playlist.info().bucket(), Untrusted.value(playlist.info().key()), Untrusted.value(e.getMessage()));
        }
    }
}
