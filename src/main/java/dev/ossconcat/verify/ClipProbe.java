package dev.ossconcat.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.chunk.ClipFacts;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.report.Violation;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Asks OSS {@code video/info} about every distinct clip of a playlist, at most {@value #PARALLEL} at a time: what
 * {@code /validate?probe=true} reports and estimates from. Each call is an IMM DetectMediaMeta call, billed, so a
 * probe happens only when the caller asks for one, and a clip named twice is probed once.
 */
@Singleton
public class ClipProbe {

    private static final Logger LOG = Logger.getLogger(ClipProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Enough to probe 11 clips in two rounds without one caller holding many OSS connections. */
    static final int PARALLEL = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
        Thread t = new Thread(r, "concat-probe");
        t.setDaemon(true);
        return t;
    });

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
    }

    /**
     * The facts of each clip, in playlist order, and a warning for each clip that could not be probed (missing, not
     * media, or OSS unavailable): its facts are then unknown.
     */
    public record Probed(List<ClipFacts> facts, List<Violation> warnings) {

        /** A clip's duration as a probe found it, and when the probe was asked. */
        record Duration(long millis, Instant probedAt) {}
    }

    /** The most durations kept: the recent clips of a few prefixes, a few hundred bytes each. */
    static final int DURATIONS_KEPT = 4096;

    private final Map<String, Probed.Duration> durations =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Probed.Duration> eldest) {
                    return size() > DURATIONS_KEPT;
                }
            });

    private final Clock clock;

    public ClipProbe(Clock clock) {
        this.clock = clock;
    }

    public Probed probe(OssSession oss, Playlist p) {
        return ask(p, key -> info(oss, p.bucket(), key).map(ClipProbe::facts), "video/info");
    }

    /** The user metadata entry a clip's duration may be recorded in, in milliseconds (by whoever uploads it). */
    public static final String DURATION_META = "duration-ms";

    /**
     * The clips' durations from their user metadata {@value #DURATION_META}, one HEAD per distinct clip: request
     * fees only, no IMM call. A clip without a readable entry has an unknown duration.
     */
    public Probed metadata(OssSession oss, Playlist p) {
        return ask(
                p,
                key -> oss.head(p.bucket(), key)
                        .map(info ->
                                ClipFacts.sized(durationMs(info.userMetadata().get(DURATION_META)), null, null)),
                "HEAD");
    }

    /** A positive whole number of milliseconds of at most a day (no clip is longer), else null. */
    static Long durationMs(String value) {
        if (value == null || !value.strip().matches("[0-9]{1,9}")) {
            return null;
        }
        long ms = Long.parseLong(value.strip());
        return ms > 0 && ms <= 86_400_000L ? ms : null;
    }

    private interface Ask {
        Optional<ClipFacts> facts(String key) throws IOException;
    }

    private Probed ask(Playlist p, Ask ask, String what) {
        Map<String, Future<Optional<ClipFacts>>> calls = new LinkedHashMap<>();
        for (Clip c : p.clips()) {
            calls.computeIfAbsent(c.key(), key -> pool.submit(() -> ask.facts(key)));
        }
        List<ClipFacts> facts = new ArrayList<>();
        List<Violation> warnings = new ArrayList<>();
        for (int i = 0; i < p.clips().size(); i++) {
            String key = p.clips().get(i).key();
            try {
                Optional<ClipFacts> info = calls.get(key).get();
                if (info.isEmpty()) {
                    warnings.add(Violation.warning(
                            "clips[" + i + "].key",
                            "probe_failed",
                            "clip " + i + " '" + key + "' does not exist in bucket " + p.bucket()));
                }
                facts.add(info.orElse(ClipFacts.UNKNOWN));
            } catch (ExecutionException e) {
                String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
                LOG.infof(
                        "probe of %s/%s failed: %s",
                        Untrusted.value(p.bucket()), Untrusted.value(key), Untrusted.value(why));
                warnings.add(Violation.warning(
                        "clips[" + i + "].key",
                        "probe_failed",
                        what + " of clip " + i + " '" + key + "' failed: " + why));
                facts.add(ClipFacts.UNKNOWN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new Probed(facts, warnings);
    }

    private Optional<MediaInfo> info(OssSession oss, String bucket, String key) throws IOException {
        Instant asked = clock.instant();
        Optional<byte[]> json = oss.videoInfo(bucket, key);
        Optional<MediaInfo> info =
                json.isEmpty() ? Optional.empty() : Optional.of(MediaInfo.fromMediaMeta(JSON.readTree(json.get())));
        info.ifPresent(m -> durations.put(bucket + "/" + key, new Probed.Duration(m.durationMs(), asked)));
        return info;
    }

    /**
     * The duration a probe found for {@code bucket/key}, if the object has not changed since: a probe made before the
     * object's last modification says nothing about it. Kept in memory, for the lifetime of the instance.
     */
    public Optional<Long> knownDuration(String bucket, String key, Instant lastModified) {
        Probed.Duration d = durations.get(bucket + "/" + key);
        return d == null || d.probedAt().isBefore(lastModified) ? Optional.empty() : Optional.of(d.millis());
    }

    static ClipFacts facts(MediaInfo m) {
        MediaInfo.Video v = m.video();
        MediaInfo.Audio a = m.audio();
        return new ClipFacts(
                m.durationMs(),
                v == null ? null : (long) v.width(),
                v == null ? null : (long) v.height(),
                v == null ? null : v.fps(),
                v == null ? null : v.codec(),
                a == null ? null : a.codec(),
                a == null || a.sampleRate() <= 0 ? null : (long) a.sampleRate(),
                a == null || a.channels() <= 0 ? null : (long) a.channels());
    }
}
