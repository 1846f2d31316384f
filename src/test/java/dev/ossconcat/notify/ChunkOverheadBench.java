package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.imm;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.AsyncTasks;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssServer;
import dev.ossconcat.localoss.OssOperation;
import dev.ossconcat.oss.OssGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * BENCHMARKS.md, "Chunked jobs": what the orchestration of a 121-clip job costs per completion message, against the
 * embedded server with rendering off (the harness plays IMM). Not part of the suite (its name ends in Bench); run it
 * with {@code ./mvnw -B test -Dtest=ChunkOverheadBench -Dsurefire.failIfNoSpecifiedTests=false}. It prints one line
 * per message: the OSS calls the function made for it, by operation, its wall time and the process's CPU time (the
 * JVM also runs the embedded server and the HTTP client, so that CPU time is an upper bound of the function's).
 */
@QuarkusTest
class ChunkOverheadBench {

    static final String BUCKET = TestBuckets.of(ChunkOverheadBench.class);
    static final int CLIPS = 121;
    static final int JOBS = 5;

    @Inject
    LocalOss local;

    @Inject
    OssGateway gateway;

    @Test
    void oneHundredTwentyOneClips() throws Exception {
        gateway.endpoint();
        LocalOssServer server = local.server().orElseThrow();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        StringBuilder report = new StringBuilder("job\tmessage\tcalls\twall ms\tcpu ms\tby operation\n");
        for (int job = 0; job < JOBS; job++) {
            String dir = "b-" + UUID.randomUUID() + "/";
            List<String> clips = new ArrayList<>();
            for (int i = 0; i < CLIPS; i++) {
                Path f = server.store().file(BUCKET, dir + "c" + i + ".mp4");
                Files.createDirectories(f.getParent());
                Files.writeString(f, "clip " + i);
                clips.add("{\"key\":\"" + dir + "c" + i + ".mp4\"}");
            }
            String body = "{\"bucket\":\"" + BUCKET + "\",\"clips\":[" + String.join(",", clips) + "],\"output\":"
                    + "{\"key\":\"outputs/" + dir
                    + "o.mp4\",\"preset\":\"mp4-h264-720p\"},\"notify\":{\"topic\":\"t\"}}";
            Map<OssOperation, Integer> calls = new ConcurrentHashMap<>();
            String jobId;
            try (AutoCloseable watch = server.watchSigners(c -> calls.merge(c.op(), 1, Integer::sum))) {
                long cpu = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                jobId = given().contentType(ContentType.JSON)
                        .body(body)
                        .post("/concat")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("jobId");
                report.append(line(job, "/concat", calls, t0, cpu, os));
            }
            List<AsyncTasks.Task> parts = server.tasks().accepted().stream()
                    .filter(t -> t.key().startsWith(dir))
                    .toList();
            assertEquals(11, parts.size());
            for (int i = 0; i < parts.size(); i++) {
                report.append(notify(server, os, job, "part " + (i + 1) + "/11", parts.get(i)));
            }
            AsyncTasks.Task last = server.tasks().accepted().stream()
                    .filter(t -> t.key().startsWith("concat-jobs/parts/" + jobId + "/"))
                    .findFirst()
                    .orElseThrow();
            report.append(notify(server, os, job, "final", last));
            Map<OssOperation, Integer> statusCalls = new ConcurrentHashMap<>();
            try (AutoCloseable watch = server.watchSigners(c -> statusCalls.merge(c.op(), 1, Integer::sum))) {
                long cpu = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                given().queryParam("jobId", jobId)
                        .queryParam("bucket", BUCKET)
                        .get("/status")
                        .then()
                        .statusCode(200);
                report.append(line(job, "/status", statusCalls, t0, cpu, os));
            }
        }
        System.out.println("CHUNK-OVERHEAD\n" + report);
    }

    private static String notify(
            LocalOssServer server, com.sun.management.OperatingSystemMXBean os, int job, String what, AsyncTasks.Task t)
            throws Exception {
        var out = t.plan().playlist().output();
        Path f = server.store().file(t.plan().playlist().targetBucket(), out.key());
        Files.createDirectories(f.getParent());
        Files.writeString(f, "rendered");
        String message = imm(ImmMessages.content(
                t.taskId(),
                "Succeeded",
                "",
                "",
                t.bucket(),
                t.key(),
                "oss://" + t.plan().playlist().targetBucket() + "/" + out.key()));
        Map<OssOperation, Integer> calls = new ConcurrentHashMap<>();
        try (AutoCloseable watch = server.watchSigners(c -> calls.merge(c.op(), 1, Integer::sum))) {
            long cpu = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            given().body(message).post("/notify").then().statusCode(200);
            return line(job, what, calls, t0, cpu, os);
        }
    }

    private static String line(
            int job,
            String what,
            Map<OssOperation, Integer> calls,
            long t0,
            long cpu,
            com.sun.management.OperatingSystemMXBean os) {
        long wall = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (os.getProcessCpuTime() - cpu) / 1_000_000;
        int total = calls.values().stream().mapToInt(Integer::intValue).sum();
        return job + "\t" + what + "\t" + total + "\t" + wall + "\t" + cpuMs + "\t" + new TreeMap<>(calls) + "\n";
    }
}
