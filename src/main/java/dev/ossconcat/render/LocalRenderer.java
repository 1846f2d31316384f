package dev.ossconcat.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.localoss.AsyncTasks;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.verify.MediaInfo;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Locally, the embedded server's IMM: each accepted {@code video/concat} task is rendered with FFmpeg (one at a time,
 * in accepted order), the output object is written, and an IMM-format completion message is posted to the
 * function's {@code /notify}, as OSS would through SMQ. Only with the embedded server; never on Function Compute.
 */
@Singleton
public class LocalRenderer {

    private static final Logger LOG = Logger.getLogger(LocalRenderer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One render joins a few clips; an hour means FFmpeg hangs, and the next task must not wait forever. */
    static final long RENDER_TIMEOUT_SECONDS = 3600;

    private final LocalOss local;
    private final OssGateway gateway;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "concat-render");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Ffmpeg ffmpeg;

    public LocalRenderer(LocalOss local, OssGateway gateway, Clock clock) {
        this.local = local;
        this.gateway = gateway;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!gateway.embedded()) {
            return;
        }
        Optional<LocalOssServer> server = local.server();
        ffmpeg = Ffmpeg.find().orElse(null);
        if (ffmpeg == null) {
            // a task that waited for a renderer that never comes would stay submitted forever: it fails at once,
            // and its job's error (GET /status) says what to install
            LOG.warn(Ffmpeg.missing() + ". Until then every task fails at once, and video/info is not answered");
            if (local.config().render()) {
                server.ifPresent(s -> s.tasks()
                        .onAccepted(task -> worker.submit(() -> notify(
                                task,
                                "Failed",
                                "RenderUnavailable",
                                Ffmpeg.missing(),
                                clock.instant(),
                                task.plan().playlist().targetBucket(),
                                null))));
            }
            return;
        }
        // video/info whatever the render setting: output verification reads every output through it
        server.ifPresent(s -> s.onVideoInfo(this::describe));
        if (local.config().render()) {
            LOG.infof("rendering with %s (%s, from %s)", ffmpeg.version(), ffmpeg.executable(), ffmpeg.origin());
            server.ifPresent(s -> s.tasks().onAccepted(task -> worker.submit(() -> render(s, task))));
        }
    }

    /** The embedded server's {@code video/info}: FFmpeg's probe in IMM DetectMediaMeta's shape. */
    private String describe(Path file, long size, String requestId) {
        try {
            return JSON.writeValueAsString(ffmpeg.probe(file).toMediaMeta(size).put("RequestId", requestId));
        } catch (Ffmpeg.TimedOut e) {
            // a hung FFmpeg says nothing about the file: a server error, not "not media"
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not media FFmpeg can read: " + ffmpegSays(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A clip FFmpeg cannot read is the playlist's problem, not the renderer's: a task failure without stack trace. */
    private MediaInfo probe(String bucket, String key, Path f) throws IOException, InterruptedException, RenderFailure {
        try {
            return ffmpeg.probe(f);
        } catch (Ffmpeg.TimedOut e) {
            throw e;
        } catch (IOException e) {
            throw new RenderFailure(
                    "InvalidArgument",
                    "the clip " + bucket + "/" + key + " is not media FFmpeg can read: " + ffmpegSays(e));
        }
    }

    /** FFmpeg's own words at the end of a failed probe's message ({@link Ffmpeg#probe}). */
    private static String ffmpegSays(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.substring(m.lastIndexOf(": ") + 2);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    private void render(LocalOssServer server, AsyncTasks.Task task) {
        Instant started = clock.instant();
        Playlist p = task.plan().playlist();
        ObjectStore store = server.store();
        Path dir = store.root().resolve(".tmp").resolve("render-" + task.taskId());
        String target = null;
        try {
            List<Path> inputs = new ArrayList<>();
            List<MediaInfo> infos = new ArrayList<>();
            for (Clip c : p.clips()) {
                Path f = store.file(p.bucket(), c.key());
                if (!Files.isRegularFile(f)) {
                    throw new RenderFailure(
                            "InvalidArgument", "the clip " + p.bucket() + "/" + c.key() + " does not exist");
                }
                inputs.add(f);
                infos.add(probe(p.bucket(), c.key(), f));
            }
            Files.createDirectories(dir);
            String ext = p.output().segment() == null
                    ? p.output().format()
                    : "hls".equals(p.output().segment().format()) ? "m3u8" : "mpd";
            int[] size = ConcatCommand.size(
                    p.output().video(), infos.get((int) p.output().align()));
            target = OutputKey.expand(p.output().key(), p.bucket(), task.key(), ext, size[0], size[1], started);
            String base = Path.of(target).getFileName().toString().replaceFirst("\\.[^.]*$", "");
            ConcatCommand.Command cmd = ConcatCommand.build(p, inputs, infos, dir, base);
            Ffmpeg.Result r = ffmpeg.ffmpeg(cmd.args(), RENDER_TIMEOUT_SECONDS);
            if (r.exit() != 0) {
                throw new RenderFailure("RenderFailed", "ffmpeg exited with " + r.exit() + ": " + r.tail());
            }
            String targetDir = target.contains("/") ? target.substring(0, target.lastIndexOf('/') + 1) : "";
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                    String key = f.equals(cmd.output()) ? target : targetDir + f.getFileName();
                    store.put(p.targetBucket(), key, f, Map.of(), Map.of(), false);
                }
            }
            LOG.infof("rendered %s to %s/%s", task.taskId(), p.targetBucket(), Untrusted.value(target));
            notify(task, "Succeeded", "", "", started, p.targetBucket(), target);
        } catch (RenderFailure e) {
            notify(task, "Failed", e.code, e.getMessage(), started, p.targetBucket(), target);
        } catch (Ffmpeg.TimedOut e) {
            // the message says what hung and for how long; a stack trace would add nothing
            LOG.errorf("rendering %s failed: %s", task.taskId(), Untrusted.value(e.getMessage()));
            notify(task, "Failed", "RenderFailed", e.getMessage(), started, p.targetBucket(), target);
        } catch (Exception e) {
            LOG.errorf(e, "rendering %s failed", task.taskId());
            notify(task, "Failed", "InternalError", String.valueOf(e.getMessage()), started, p.targetBucket(), target);
        } finally {
            deleteTree(dir);
        }
    }

    /** The IMM task message, in the shape IMM publishes it, to the function's /notify. */
    private void notify(
            AsyncTasks.Task task,
            String status,
            String code,
            String message,
            Instant started,
            String targetBucket,
            String targetKey) {
        try {
            ObjectNode content = JSON.createObjectNode();
            content.put("ProjectName", "local")
                    .put("RequestId", task.requestId())
                    .put("StartTime", started.toString())
                    .put("EndTime", clock.instant().toString())
                    .put("TaskType", "MediaConvert")
                    .put("TaskId", task.taskId())
                    .put("Status", status)
                    .put("Code", code)
                    .put("Message", message);
            content.putArray("Sources").addObject().put("URI", "oss://" + task.bucket() + "/" + task.key());
            if (targetKey != null) {
                content.putArray("Targets").addObject().put("URI", "oss://" + targetBucket + "/" + targetKey);
            }
            ObjectNode msg = JSON.createObjectNode()
                    .put("id", task.eventId())
                    .put("source", "acs.imm")
                    .put("type", "imm:Task:MediaConvert")
                    .put("time", Long.toString(clock.millis()))
                    .put("content", JSON.writeValueAsString(content));
            HttpRequest request = HttpRequest.newBuilder(URI.create(notifyUrl()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(msg)))
                    .build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            // A task that fails at once (no FFmpeg) can finish before the function has recorded its task ID, and
            // the message would find no job: it is sent again while the answer is "unknown", as SMQ redelivers.
            for (int i = 0; i < UNKNOWN_RETRIES && unknown(r); i++) {
                Thread.sleep(250);
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            // the answer echoes the message, which quotes what the playlist named
            LOG.infof("notified %s %s: %d %s", task.taskId(), status, r.statusCode(), Untrusted.value(r.body()));
        } catch (Exception e) {
            LOG.errorf(
                    "could not post the completion of %s to %s: %s",
                    task.taskId(), notifyUrl(), Untrusted.value(e.getMessage()));
        }
    }

    /** How often a completion that found no job is sent again, 250 ms apart: the job is recorded within that. */
    static final int UNKNOWN_RETRIES = 20;

    private static boolean unknown(HttpResponse<String> r) {
        try {
            return r.statusCode() == 200
                    && "unknown".equals(JSON.readTree(r.body()).path("result").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** The function's own /notify, on the port it actually listens on (a test run picks a free one). */
    private static String notifyUrl() {
        var cfg = ConfigProvider.getConfig();
        Optional<String> configured = cfg.getOptionalValue("concat.local.notify-url", String.class);
        if (configured.isPresent()) {
            return configured.get();
        }
        String portProperty = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return "http://127.0.0.1:"
                + cfg.getOptionalValue(portProperty, Integer.class).orElse(9000) + "/notify";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // nothing was created, or it is gone already
        }
    }

    private static final class RenderFailure extends Exception {
        final String code;

        RenderFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
