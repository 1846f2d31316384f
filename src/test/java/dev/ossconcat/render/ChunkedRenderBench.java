package dev.ossconcat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.localoss.AsyncTasks;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.ObjectStore;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.playlist.Clip;
import dev.ossconcat.playlist.Playlist;
import dev.ossconcat.verify.MediaInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * BENCHMARKS.md, "Chunked jobs": the 25-clip job of {@link ChunkedRenderTest}, from {@code POST /concat} to verified,
 * against the same FFmpeg commands run by hand one after the other (the tasks' own commands, rebuilt from the
 * accepted tasks, on copies of the parts). Not part of the suite; run with
 * {@code ./mvnw -B test -Dtest=ChunkedRenderBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@TestProfile(LocalRenderTest.Rendering.class)
class ChunkedRenderBench {

    static final int RUNS = 3;

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Test
    void twentyFiveClips() throws Exception {
        gateway.endpoint();
        Ffmpeg ffmpeg = Ffmpeg.find().orElseThrow();
        ObjectStore store = local.server().orElseThrow().store();
        StringBuilder report = new StringBuilder("run\tjob wall ms\tffmpeg by hand ms\n");
        for (int run = 0; run < RUNS; run++) {
            String dir = "b-" + UUID.randomUUID() + "/";
            long t0 = System.nanoTime();
            ChunkedRenderTest.Job job = ChunkedRenderTest.submit(store, ffmpeg, dir);
            assertEquals(
                    "succeeded", ChunkedRenderTest.awaitVerified(job.jobId()).getString("state"));
            long jobMs = (System.nanoTime() - t0) / 1_000_000;
            List<AsyncTasks.Task> tasks = local.server().orElseThrow().tasks().accepted().stream()
                    .filter(t ->
                            t.key().startsWith(dir) || t.key().startsWith("concat-jobs/parts/" + job.jobId() + "/"))
                    .toList();
            assertEquals(4, tasks.size());
            long byHand = byHand(store, ffmpeg, tasks, dir);
            report.append(run)
                    .append('\t')
                    .append(jobMs)
                    .append('\t')
                    .append(byHand)
                    .append('\n');
        }
        System.out.println("CHUNK-RENDER\n" + report);
    }

    /**
     * Runs each task's FFmpeg command as the renderer builds it, in order: level 1 from the clips, the final task
     * from the parts this run made (kept under a scratch directory, since the job deleted its own). Clip probes are
     * made before the clock starts; the job's time includes them.
     */
    private static long byHand(ObjectStore store, Ffmpeg ffmpeg, List<AsyncTasks.Task> tasks, String dir)
            throws Exception {
        Path scratch = Files.createTempDirectory("chunk-bench");
        long total = 0;
        try {
            List<Path> parts = new ArrayList<>();
            for (AsyncTasks.Task t : tasks) {
                Playlist p = t.plan().playlist();
                boolean last = !t.key().startsWith(dir);
                List<Path> inputs = new ArrayList<>();
                List<MediaInfo> infos = new ArrayList<>();
                for (int i = 0; i < p.clips().size(); i++) {
                    Clip c = p.clips().get(i);
                    Path f = last ? parts.get(i) : store.file(p.bucket(), c.key());
                    inputs.add(f);
                    infos.add(ffmpeg.probe(f));
                }
                Path out = Files.createDirectories(scratch.resolve("t" + parts.size()));
                ConcatCommand.Command cmd = ConcatCommand.build(p, inputs, infos, out, "o");
                long t0 = System.nanoTime();
                Ffmpeg.Result r = ffmpeg.ffmpeg(cmd.args(), 600);
                total += (System.nanoTime() - t0) / 1_000_000;
                assertEquals(0, r.exit(), r.tail());
                parts.add(cmd.output());
            }
            return total;
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
