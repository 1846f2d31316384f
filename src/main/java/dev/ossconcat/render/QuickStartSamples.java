package dev.ossconcat.render;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The README quick start's clips, made with FFmpeg's own test sources when the embedded server starts, so that the
 * quick start needs nothing but {@code ./mvnw quarkus:dev} and one curl. They differ in size, frame rate and sample
 * rate on purpose: the join has to reconcile them, as it does with real uploads.
 */
@Singleton
public class QuickStartSamples {

    private static final Logger LOG = Logger.getLogger(QuickStartSamples.class);

    /** A sample clip: a test pattern and, unless {@code sampleRate} is 0, a tone. */
    record Sample(String key, String size, int fps, int sampleRate, int frequency, int seconds) {

        List<String> ffmpegArgs(Path out) {
            List<String> args = new ArrayList<>(List.of(
                    "-hide_banner",
                    "-nostdin",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc=size=" + size + ":rate=" + fps + ":duration=" + seconds));
            if (sampleRate > 0) {
                args.addAll(List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=" + frequency + ":sample_rate=" + sampleRate + ":duration=" + seconds,
                        "-c:a",
                        "aac",
                        "-shortest"));
            }
            args.addAll(List.of(
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-f", "mp4", out.toString()));
            return args;
        }
    }

    static final List<Sample> SAMPLES = List.of(
            new Sample("samples/one.mp4", "1280x720", 30, 48_000, 440, 4),
            new Sample("samples/two.mp4", "640x360", 25, 44_100, 880, 3));

    /** Where the samples go when no default bucket is configured: the bucket the README's quick start names. */
    static final String BUCKET = "media";

    private final OssGateway gateway;
    private final LocalOss local;
    private final ConcatConfig config;

    public QuickStartSamples(OssGateway gateway, LocalOss local, ConcatConfig config) {
        this.gateway = gateway;
        this.local = local;
        this.config = config;
    }

    void seed(@Observes StartupEvent event) {
        if (!local.config().samples() || !gateway.embedded()) {
            return;
        }
        String bucket = config.defaultBucket().orElse(BUCKET);
        Ffmpeg ffmpeg = Ffmpeg.find().orElse(null);
        LocalOssServer server = local.server().orElse(null);
        if (ffmpeg == null || server == null) {
            LOG.warnf("no sample clips: %s", Ffmpeg.missing());
            return;
        }
        List<String> made = new ArrayList<>();
        for (Sample s : SAMPLES) {
            try {
                if (make(server.store(), ffmpeg, bucket, s)) {
                    made.add(s.key());
                }
            } catch (Exception e) {
                LOG.warnf("could not make the sample clip %s/%s: %s", bucket, s.key(), e.getMessage());
            }
        }
        if (!made.isEmpty()) {
            LOG.infof("sample clips for the quick start: %s in bucket %s", String.join(", ", made), bucket);
        }
    }

    /** @return false when the clip is there already (a user's own file by that name is never replaced) */
    static boolean make(ObjectStore store, Ffmpeg ffmpeg, String bucket, Sample s) throws Exception {
        if (Files.exists(store.file(bucket, s.key()))) {
            return false;
        }
        Path temp = store.newTempFile();
        Files.createDirectories(temp.getParent());
        try {
            Ffmpeg.Result r = ffmpeg.ffmpeg(s.ffmpegArgs(temp), 120);
            if (r.exit() != 0) {
                throw new IllegalStateException("ffmpeg exited with " + r.exit() + ": " + r.tail());
            }
            // the duration as an uploader would record it, so that GET /clips shows it without a probe
            store.put(
                    bucket,
                    s.key(),
                    temp,
                    Map.of("content-type", "video/mp4"),
                    Map.of(ObjectInfo.DURATION_METADATA, Long.toString(s.seconds() * 1000L)),
                    true);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
