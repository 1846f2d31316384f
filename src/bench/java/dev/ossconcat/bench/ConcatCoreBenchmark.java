package dev.ossconcat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.rules.Plan;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole pure core per request: parse (JSON text, or a process string), validate every rule, render the
 * canonical process string. Run with the command in BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConcatCoreBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"2", "11"})
    public int clips;

    private String playlistJson;
    private String process;

    @Setup
    public void setUp() {
        StringBuilder sb = new StringBuilder("{\"bucket\":\"media-bucket\",\"clips\":[");
        for (int i = 0; i < clips; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"matches/2026-11-25/clip-")
                    .append(i)
                    .append(".mp4\",\"start\":")
                    .append(i * 1000)
                    .append(",\"duration\":10000}");
        }
        sb.append("],\"source\":")
                .append(clips / 2)
                .append(",\"output\":{\"key\":\"highlights/{year}{mon}{day}.{autoext}\",")
                .append("\"preset\":\"mp4-h264-720p\",\"video\":{\"fps\":25},\"align\":1},")
                .append("\"notify\":{\"topic\":\"concat-done\"}}");
        playlistJson = sb.toString();
        Plan plan = Plan.of(PlaylistJson.read(readTree(playlistJson)), Defaults.NONE);
        if (!plan.valid()) {
            throw new IllegalStateException(plan.errors().toString());
        }
        process = plan.process();
    }

    @Benchmark
    public Plan playlistJson() {
        return Plan.of(PlaylistJson.read(readTree(playlistJson)), Defaults.NONE);
    }

    @Benchmark
    public Plan processString() {
        return Plan.ofProcess(process, "media-bucket", "matches/2026-11-25/clip-source.mp4");
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
