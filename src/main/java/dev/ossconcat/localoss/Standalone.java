package dev.ossconcat.localoss;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded OSS-compatible server on its own, as the OSS endpoint of other tools and of the packaged function
 * (docs/local.md#the-embedded-oss-server-on-its-own). It runs until the process is stopped, without Quarkus: only
 * Vert.x and the server's own classes, from the development build's {@code target/quarkus-app}:
 *
 * <pre>
 * java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' dev.ossconcat.localoss.Standalone \
 *     --port 9300 --dir ./oss-data --bucket media
 * </pre>
 *
 * Asynchronous tasks are accepted and validated, not rendered (rendering needs the application, {@code quarkus:dev}).
 */
public final class Standalone {

    static final String USAGE = "usage: Standalone [--host 127.0.0.1] [--port 9300] [--dir ./oss-data]"
            + " [--bucket NAME]... [--access-key-id ID --access-key-secret SECRET] [--grant ID:SECRET]...";

    /** What the command line asks for. */
    record Options(String host, int port, Path dir, List<String> buckets, Map<String, String> keys) {

        static final String DEFAULT_ID = "local-access-key";
        static final String DEFAULT_SECRET = "local-secret-key";

        static Options parse(String... args) {
            String host = "127.0.0.1";
            int port = 9300;
            Path dir = Path.of("oss-data");
            String id = DEFAULT_ID;
            String secret = DEFAULT_SECRET;
            List<String> buckets = new ArrayList<>();
            List<String> grants = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--dir" -> dir = Path.of(value);
                    case "--bucket" -> buckets.add(value);
                    case "--access-key-id" -> id = value;
                    case "--access-key-secret" -> secret = value;
                    case "--grant" -> grants.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put(id, secret);
            for (String grant : grants) {
                int colon = grant.indexOf(':');
                if (colon < 1 || colon == grant.length() - 1) {
                    throw new IllegalArgumentException("--grant takes ID:SECRET");
                }
                keys.put(grant.substring(0, colon), grant.substring(colon + 1));
            }
            return new Options(host, port, dir.toAbsolutePath().normalize(), List.copyOf(buckets), keys);
        }
    }

    private Standalone() {}

    public static void main(String... args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        for (String bucket : options.buckets()) {
            // a bucket is a directory of the data directory; the store checks the name
            if (!new ObjectStore(options.dir()).bucketExists(bucket)) {
                Files.createDirectories(options.dir().resolve(bucket));
            }
        }
        Vertx vertx = Vertx.vertx();
        Map.Entry<String, String> own = options.keys().entrySet().iterator().next();
        LocalOssServer server =
                new LocalOssServer(vertx, options.dir(), Map.of(own.getKey(), own.getValue()), Clock.systemUTC());
        options.keys().forEach(server::grant);
        String endpoint = server.start(options.host(), options.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            vertx.close();
        }));
        // The documented local key pair is no secret; a key pair of the caller's own is not repeated.
        String secret = Options.DEFAULT_SECRET.equals(own.getValue()) ? own.getValue() : "(as given)";
        System.out.println("Embedded OSS server at " + endpoint + ", data in " + options.dir() + ", access key id "
                + own.getKey() + ", access key secret " + secret);
        System.out.println("Use it: CONCAT_OSS_ENDPOINT=" + endpoint + " CONCAT_OSS_ACCESS_KEY_ID=" + own.getKey()
                + " CONCAT_OSS_ACCESS_KEY_SECRET=" + secret);
    }
}
