import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load client for src/bench/load.sh (run as a single source file: java LoadClient.java ...). Posts {@code jobs}
 * distinct playlists to /concat from {@code concurrency} threads and prints one Markdown table row. With a request
 * log of the embedded OSS server, it also counts OSS requests per job and the sequential OSS round trips per job:
 * the most requests that follow one another without overlapping (concurrent HEADs count once).
 */
public class LoadClient {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int clips = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        int jobs = Integer.parseInt(args[3]);
        Path log = args.length > 4 ? Path.of(args[4]) : null;
        boolean quiet = args.length > 5 && args[5].equals("warmup");

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int j = 0; j < jobs; j++) {
            String body = playlist(clips);
            results.add(pool.submit(() -> {
                HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/concat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(60))
                        .build();
                long t0 = System.nanoTime();
                HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                return new long[] {System.nanoTime() - t0, resp.statusCode()};
            }));
        }
        List<Long> latencies = new ArrayList<>();
        Map<Long, Integer> statuses = new TreeMap<>();
        for (Future<long[]> f : results) {
            long[] r = f.get();
            latencies.add(r[0]);
            statuses.merge(r[1], 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (quiet) {
            return;
        }
        Collections.sort(latencies);
        String requests = "-";
        String rounds = "-";
        if (log != null && Files.exists(log)) {
            List<long[]> spans = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                String[] p = line.split(" ");
                spans.add(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])});
            }
            requests = String.format("%.1f", spans.size() / (double) jobs);
            if (concurrency == 1) {
                // the largest set of pairwise non-overlapping requests (earliest end first)
                spans.sort(Comparator.comparingLong(s -> s[1]));
                long end = Long.MIN_VALUE;
                int chain = 0;
                for (long[] s : spans) {
                    if (s[0] >= end) {
                        chain++;
                        end = s[1];
                    }
                }
                rounds = String.format("%.1f", chain / (double) jobs);
            }
        }
        System.out.printf(
                "| %d | %d | %d | %.1f | %.0f | %.0f | %s | %s | %s |%n",
                clips,
                concurrency,
                jobs,
                jobs / seconds,
                ms(latencies, 0.50),
                ms(latencies, 0.99),
                requests,
                rounds,
                statuses);
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static String playlist(int clips) {
        StringBuilder sb =
                new StringBuilder("{\"bucket\":\"bench\",\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"clips\":[");
        for (int i = 0; i < clips; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"key\":\"clips/c").append(i).append(".mp4\"}");
        }
        return sb.append("],\"output\":{\"key\":\"outputs/{index}.{autoext}\",\"preset\":\"mp4-h264-720p\"}}")
                .toString();
    }
}
