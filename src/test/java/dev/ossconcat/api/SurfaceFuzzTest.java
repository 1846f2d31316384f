package dev.ossconcat.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.TestBuckets;
import dev.ossconcat.TestPlaylists;
import dev.ossconcat.log.LogLines;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.process.Base64Url;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A structure-aware fuzzer of the function's HTTP surface, against the running application and its embedded OSS
 * server: mutated playlists, raw process strings, forged OSS events and timer payloads, odd content types, long URLs
 * and large headers, and bytes that are not HTTP at all. Every request goes over a socket with a read timeout.
 *
 * <p>It asserts, for every answer: no 5xx but the documented 502/503 OSS errors; every error body is JSON in the
 * documented shape, except the bare status line the HTTP server gives requests that are not HTTP (docs/api.md);
 * {@code /invoke} asks for a redelivery only when its answer says that retrying can help; no answer is much larger
 * than its request. And for the run: nothing unexpected was logged at ERROR, every log line stays one bounded line,
 * no upload was written to disk, and nothing was written to OSS.
 *
 * <p>The seed is fixed ({@code -Dfuzz.seed}) and the run is bounded ({@code -Dfuzz.iterations}, 1,200 by default, a
 * few seconds); {@code src/bench/fuzz.sh} runs it longer. A failure names the seed and the request's number.
 */
@QuarkusTest
class SurfaceFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 1200);
    static final String BUCKET = TestBuckets.of(SurfaceFuzzTest.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The OSS errors a call may answer with 502 or 503 (docs/api.md). */
    static final Set<String> OSS_ERRORS = Set.of("oss_refused", "oss_unavailable", "oss_rejected");

    enum Kind {
        PLAYLIST,
        PROCESS,
        OSS_EVENT,
        TIMER,
        STATUS,
        CLIPS,
        CONTENT_TYPE,
        LONG_URL,
        LARGE_HEADERS,
        NOT_HTTP
    }

    /**
     * One request. {@code bareAllowed}: the request is not HTTP, or is larger than the HTTP server's own limits, so
     * the server may answer with a bare status line, or close (docs/api.md).
     */
    record Shot(
            Kind kind,
            String method,
            String target,
            Map<String, String> headers,
            byte[] body,
            byte[] raw,
            boolean bareAllowed) {

        String summary() {
            String what = raw != null
                    ? "raw " + new String(raw, StandardCharsets.UTF_8)
                    : method + " " + target + " " + headers + " body " + (body == null ? 0 : body.length) + " bytes: "
                            + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
            return kind + " " + Untrusted.value(what);
        }

        int size() {
            return raw != null ? raw.length : target.length() + (body == null ? 0 : body.length);
        }
    }

    /** The packages whose call sites this work covers; the others' lines are checked after the console filter. */
    static final java.util.regex.Pattern OWN =
            java.util.regex.Pattern.compile("dev\\.ossconcat\\.(api|fc|oss|guard|http|log|render)\\.");

    final Random random = new Random(SEED);

    @Test
    void theSurfaceAnswersEveryRequestInItsDocumentedShape() throws Exception {
        List<Path> uploadDirs = List.of(
                Path.of(ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.body.uploads-directory", String.class)
                        .orElse("file-uploads")),
                Path.of("file-uploads"));
        long uploadsBefore = files(uploadDirs);
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < ITERATIONS && failures.size() < 10; i++) {
                Shot shot = next();
                counts.merge(shot.kind(), 1, Integer::sum);
                RawHttp.Answer answer;
                try {
                    answer = shot.raw() != null
                            ? RawHttp.send(RestAssured.port, shot.raw(), true)
                            : RawHttp.send(
                                    RestAssured.port,
                                    RawHttp.request(shot.method(), shot.target(), shot.headers(), shot.body()),
                                    shot.body());
                } catch (IOException e) {
                    // a read timeout is a hang
                    failures.add("seed " + SEED + ", request " + i + ": " + e + "\n  request: " + shot.summary());
                    continue;
                }
                String problem = check(shot, answer);
                if (problem != null) {
                    failures.add("seed " + SEED + ", request " + i + ": " + problem + "\n  request: " + shot.summary()
                            + "\n  answer: " + Untrusted.value(answer));
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " answer(s) broke the surface's promises:\n" + String.join("\n", failures));
        }
        for (Kind k : Kind.values()) {
            assertTrue(counts.getOrDefault(k, 0) >= ITERATIONS / 40, k + " ran " + counts.get(k) + " times");
        }
        assertEquals(uploadsBefore, files(uploadDirs), "no upload was written to disk");
        assertEquals(0, files(List.of(Path.of("target/local-oss-test", BUCKET))), "nothing was written to OSS");
        checkLog(records);
    }

    // ---- what an answer must be ---------------------------------------------------------------------------

    String check(Shot shot, RawHttp.Answer a) {
        if (a.status() < 0) {
            return shot.bareAllowed() ? null : "no answer";
        }
        if (a.status() >= 500) {
            if (a.status() != 502 && a.status() != 503) {
                return "status " + a.status();
            }
        }
        JsonNode body = null;
        if (!a.body().isEmpty()) {
            try {
                body = JSON.readTree(a.body());
            } catch (IOException e) {
                return "the body is not JSON";
            }
        }
        if (a.status() >= 400) {
            if (body == null) {
                return shot.bareAllowed() ? null : "an error without a body";
            }
            if (!String.valueOf(a.header("content-type")).startsWith("application/json")) {
                return "an error body that is not application/json";
            }
            if (!body.isObject()
                    || !body.path("error").isTextual()
                    || !body.path("message").isTextual()) {
                return "an error body without error and message";
            }
            if (a.status() >= 500 && !OSS_ERRORS.contains(body.path("error").asText())) {
                return "a " + a.status() + " that is not a documented OSS error";
            }
            if (body.path("violations").size() > 100) {
                return "more than 100 violations listed";
            }
            if (body.path("error").asText().equals("internal")) {
                return "an internal error";
            }
        } else if (body == null || !body.isObject()) {
            return "a success without a JSON object";
        }
        if (a.body().length() > 200_000 + 2L * shot.size()) {
            return "an answer of " + a.body().length() + " characters to a request of " + shot.size();
        }
        if (!shot.bareAllowed() && shot.target().startsWith("/invoke")) {
            return checkInvoke(a, body);
        }
        return null;
    }

    /** /invoke asks FC to deliver again only when its answer says retrying can help. */
    String checkInvoke(RawHttp.Answer a, JsonNode body) {
        String fc = a.header("x-fc-status");
        if (!"200".equals(fc) && !"404".equals(fc)) {
            return "x-fc-status " + fc;
        }
        boolean retryable =
                body.path("retryable").asBoolean(false) || body.path("retry").asBoolean(false);
        if ("404".equals(fc) != retryable) {
            return "x-fc-status " + fc + " on an answer whose retryable/retry is " + retryable;
        }
        if (a.status() >= 400 && a.status() < 500 && !"200".equals(fc)) {
            return "a " + a.status() + " asks for a redelivery";
        }
        for (JsonNode o : body.path("outcomes")) {
            if (o.path("retryable").asBoolean() != o.path("result").asText().equals("failed")) {
                return "an outcome " + o.path("result") + " with retryable " + o.path("retryable");
            }
        }
        return null;
    }

    void checkLog(List<LogRecord> records) {
        LogLines console = new LogLines();
        int checked = 0;
        for (LogRecord r : records) {
            if (!(r instanceof ExtLogRecord ext)) {
                continue;
            }
            String logged = ext.getFormattedMessage();
            if (r.getLoggerName() != null && OWN.matcher(r.getLoggerName()).lookingAt()) {
                // these packages escape what they log at the call site: the console filter finds nothing to change
                assertTrue(Untrusted.isClean(logged, Untrusted.MAX_LINE), () -> "an unescaped log line: " + logged);
            }
            if (!console.isLoggable(r)) {
                continue; // what the console drops is not logged
            }
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                // bad requests are the caller's problem: nothing the fuzzer sends is an error of the function
                fail("an error was logged: " + Untrusted.value(ext.getFormattedMessage()) + " " + r.getThrown());
            }
            String line = ext.getFormattedMessage();
            assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0, () -> "a log line breaks: " + line);
            assertTrue(line.length() <= Untrusted.MAX_LINE + 64, "a log line of " + line.length() + " characters");
            checked++;
        }
        assertTrue(checked > 0, "something was logged and checked");
    }

    private static long files(List<Path> dirs) throws IOException {
        long n = 0;
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    n += all.filter(Files::isRegularFile).count();
                }
            }
        }
        return n;
    }

    // ---- requests -----------------------------------------------------------------------------------------

    Shot next() {
        return switch (Kind.values()[random.nextInt(Kind.values().length)]) {
            case PLAYLIST -> post(Kind.PLAYLIST, random.nextBoolean() ? "/validate" : "/concat", json(), playlist());
            case PROCESS -> post(Kind.PROCESS, "/validate", json(), processRequest());
            case OSS_EVENT ->
                post(
                        Kind.OSS_EVENT,
                        "/invoke",
                        octets(),
                        maybeMangled(ossEvent().toString()));
            case TIMER -> post(Kind.TIMER, "/invoke", octets(), maybeMangled(timer().toString()));
            case STATUS -> status();
            case CLIPS -> clips();
            case CONTENT_TYPE -> contentType();
            case LONG_URL -> longUrl();
            case LARGE_HEADERS -> largeHeaders();
            case NOT_HTTP -> notHttp();
        };
    }

    static Map<String, String> json() {
        return Map.of("Content-Type", "application/json");
    }

    static Map<String, String> octets() {
        return Map.of("Content-Type", "application/octet-stream");
    }

    Shot post(Kind kind, String path, Map<String, String> type, String body) {
        Map<String, String> headers = new LinkedHashMap<>(type);
        headers.put("Host", "localhost");
        return new Shot(kind, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8), null, false);
    }

    // ---- values -------------------------------------------------------------------------------------------

    static final List<String> BAD_BUCKETS =
            List.of("A", "", "a", "MEDIA", "a_b", "-ab", "ab-", "x".repeat(64), "ab\nc", "../x", "b.c", " ab");

    String bucket() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(BAD_BUCKETS);
            case 1 -> "fz-" + HexFormat.of().toHexDigits(random.nextInt());
            default -> BUCKET;
        };
    }

    String key() {
        return switch (random.nextInt(12)) {
            case 0 -> "%zz";
            case 1 -> "playlists/%zz.txt";
            case 2 -> "/abs.mp4";
            case 3 -> "\\x.mp4";
            case 4 -> "x".repeat(1000 + random.nextInt(200));
            case 5 -> "ü".repeat(500 + random.nextInt(30));
            case 6 -> "a\nb\r\u0000c\u202e.mp4";
            case 7 -> "";
            case 8 -> "playlists/" + text(20) + ".json";
            case 9 -> "clips/" + text(8) + ".mp4";
            case 10 -> text(random.nextInt(300));
            default -> "playlists/p" + random.nextInt(100) + ".txt";
        };
    }

    static final String ALPHABET =
            "abcXYZ019 _-./%\\|,:;\"'{}[]\n\r\t\u0000\u0001\u007f\u0085\u2028\u202eü片\uD83C\uDFAC";

    String text(int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    JsonNode value() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(-1 - random.nextInt(1000));
            case 4 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(400) - 200));
            case 5 -> NODES.numberNode(new java.math.BigInteger(1, new byte[40]).add(java.math.BigInteger.TEN.pow(60)));
            case 6 -> NODES.textNode(text(random.nextInt(40)));
            case 7 -> NODES.textNode(random.nextInt(50) == 0 ? "x".repeat(100_000) : text(2000));
            case 8 -> NODES.textNode(bucket());
            case 9 -> NODES.textNode(key());
            case 10 -> NODES.arrayNode().add(NODES.textNode(key())).add(NODES.numberNode(1));
            case 11 -> NODES.objectNode().put(text(5), text(5));
            case 12 ->
                NODES.textNode(pick(List.of("PT24H", "P7D", "PT100000000000000000S", "-PT1H", "P9999999D", "x")));
            default -> NODES.numberNode(random.nextInt(200_000) - 100);
        };
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    // ---- playlists and process strings --------------------------------------------------------------------

    /** Callback URLs of every kind the policy sorts; no random host names, which would be DNS lookups. */
    static final List<String> CALLBACKS = List.of(
            "https://127.0.0.1:1/hook",
            "http://localhost:1/hook?token=x",
            "https://[::1]:1/",
            "https://169.254.169.254/latest/meta-data/",
            "ftp://127.0.0.1/",
            "file:///etc/passwd",
            "https://user:secret@nowhere.invalid/",
            "https://nowhere.invalid/hook",
            "not a url at all",
            "https:///no-host",
            "",
            "javascript:alert(1)");

    String playlist() {
        ObjectNode p = TestPlaylists.valid();
        p.put("bucket", BUCKET);
        if (random.nextInt(4) == 0) {
            p.putObject("callback").put("url", pick(CALLBACKS));
        }
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
            mutate(p);
        }
        return maybeMangled(p.toString());
    }

    /** Changes one field somewhere in the tree: a new value, a removal, an unknown field, many clips. */
    void mutate(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode o = pick(objects);
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    o.remove(pick(names));
                }
            }
            case 1 -> o.set(random.nextBoolean() ? text(6) : "x" + random.nextInt(5), value());
            case 2 -> {
                ArrayNode clips = root.get("clips") instanceof ArrayNode a ? a : root.putArray("clips");
                for (int i = random.nextInt(random.nextInt(10) == 0 ? 3000 : 20); i > 0; i--) {
                    clips.addObject().put("key", key()).set("start", value());
                }
            }
            case 3 -> root.put("bucket", bucket());
            default -> {
                if (!names.isEmpty()) {
                    o.set(pick(names), value());
                }
            }
        }
    }

    static void collect(JsonNode n, List<ObjectNode> into) {
        if (n.isObject()) {
            into.add((ObjectNode) n);
        }
        n.forEach(child -> collect(child, into));
    }

    /** Sometimes the bytes themselves: cut short, a byte changed, nested deep. */
    String maybeMangled(String json) {
        return switch (random.nextInt(10)) {
            case 0 -> json.substring(0, random.nextInt(json.length() + 1));
            case 1 -> {
                int at = random.nextInt(json.length() + 1);
                yield json.substring(0, at) + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + json.substring(at);
            }
            case 2 -> "[".repeat(random.nextInt(3000)) + json;
            default -> json;
        };
    }

    static final List<String> PARAMS = List.of(
            "f_mp4",
            "f_flv",
            "f_",
            "vcodec_h264",
            "vcodec_copy",
            "acodec_aac",
            "ar_48000",
            "ar_1",
            "ac_2",
            "ac_99",
            "fps_25",
            "fps_0",
            "fps_1e9",
            "s_1280x720",
            "s_x",
            "vb_1000000",
            "crf_23",
            "ss_10000",
            "t_-1",
            "align_1",
            "a",
            "",
            "_",
            "pixfmt_yuv420p",
            "g_0",
            "adepth_8");

    String processRequest() {
        StringBuilder p = new StringBuilder(random.nextInt(5) == 0 ? "" : "video/concat");
        int n = random.nextInt(30);
        if (random.nextInt(25) == 0) {
            p.append(("," + pick(PARAMS)).repeat(5000 + random.nextInt(6000)));
        }
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(8)) {
                case 0 -> p.append("/pre,o_").append(Base64Url.encode(key()));
                case 1 ->
                    p.append("/sur,o_")
                            .append(Base64Url.encode(key()))
                            .append(",t_")
                            .append(random.nextInt());
                case 2 -> p.append("|sys/saveas,o_").append(Base64Url.encode(key()));
                case 3 -> p.append(",b_").append(Base64Url.encode(bucket()));
                case 4 -> p.append(text(3));
                default -> p.append(',').append(pick(PARAMS));
            }
        }
        ObjectNode r = NODES.objectNode().put("process", p.toString());
        if (random.nextBoolean()) {
            r.putObject("source").put("bucket", bucket()).put("key", key());
        }
        if (random.nextInt(10) == 0) {
            r.set(text(4), value());
        }
        return r.toString();
    }

    // ---- events -------------------------------------------------------------------------------------------

    ObjectNode ossEvent() {
        ObjectNode e = NODES.objectNode();
        ArrayNode events = e.putArray("events");
        int n = switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> 11 + random.nextInt(10);
            case 2 -> random.nextInt(50) == 0 ? 3000 : 4;
            default -> 1;
        };
        for (int i = 0; i < n; i++) {
            if (random.nextInt(30) == 0) {
                events.add(value());
                continue;
            }
            ObjectNode r = events.addObject();
            r.put(
                    "eventName",
                    pick(List.of(
                            "ObjectCreated:PutObject",
                            "oss:ObjectCreated:PostObject",
                            "ObjectCreated:CompleteMultipartUpload",
                            "ObjectCreated:CopyObject",
                            "ObjectRemoved:DeleteObject",
                            text(10))));
            ObjectNode oss = r.putObject("oss");
            oss.putObject("bucket").put("name", bucket());
            oss.putObject("object").put("key", key());
            r.putObject("responseElements").put("requestId", text(24));
            if (random.nextInt(6) == 0) {
                mutate(r);
            }
        }
        return e;
    }

    ObjectNode timer() {
        ObjectNode payload = NODES.objectNode();
        payload.put("bucket", bucket());
        payload.put("prefix", random.nextInt(8) == 0 ? text(random.nextInt(1500)) : "m/" + text(4) + "/");
        payload.putObject("output")
                .put("key", "highlights/{date}/" + text(5) + ".{autoext}")
                .put("preset", "mp4-h264-720p");
        for (String field : List.of("window", "count", "pick", "order", "scoreKey", "suffixes", "trim")) {
            if (random.nextInt(3) == 0) {
                payload.set(
                        field,
                        switch (field) {
                            case "window" ->
                                NODES.textNode(pick(List.of(
                                        "PT24H",
                                        "P366D",
                                        "P367D",
                                        "PT100000000000000000S",
                                        "-PT1H",
                                        "PT0S",
                                        "P1DT",
                                        text(5))));
                            case "count" ->
                                NODES.numberNode(
                                        random.nextInt(4) == 0 ? 998 + random.nextInt(4) : random.nextInt(30) - 5);
                            case "pick" -> NODES.textNode(pick(List.of("newest", "oldest", "score", "best")));
                            case "trim" ->
                                NODES.objectNode()
                                        .put(
                                                pick(List.of("start", "duration", "last")),
                                                random.nextLong() >> random.nextInt(64));
                            case "suffixes" -> {
                                ArrayNode s = NODES.arrayNode();
                                for (int i = random.nextInt(20); i > 0; i--) {
                                    s.add(random.nextInt(5) == 0 ? value() : NODES.textNode(text(4)));
                                }
                                yield s;
                            }
                            default -> value();
                        });
            }
        }
        for (int m = random.nextInt(3); m > 0; m--) {
            mutate(payload);
        }
        ObjectNode t = NODES.objectNode();
        t.put("triggerName", random.nextInt(5) == 0 ? text(random.nextInt(200)) : "nightly");
        t.put(
                "triggerTime",
                pick(List.of(
                        "2026-11-25T19:00:00Z",
                        "+999999999-01-01T00:00:00Z",
                        "1969-12-31T23:59:59Z",
                        "9999-12-31T23:59:59Z",
                        text(12))));
        t.put("payload", random.nextInt(15) == 0 ? text(30) : payload.toString());
        return t;
    }

    // ---- status, content types, sizes, not HTTP ----------------------------------------------------------

    Shot status() {
        String jobId = random.nextBoolean() ? HexFormat.of().formatHex(new byte[16]) : text(random.nextInt(60));
        // the calls about one job: /status reads it, /replay sends its event again
        boolean replay = random.nextInt(3) == 0;
        String target = (replay ? "/replay" : "/status") + "?jobId=" + URLEncoder.encode(jobId, StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            target += "&bucket=" + URLEncoder.encode(bucket(), StandardCharsets.UTF_8);
        }
        return new Shot(Kind.STATUS, replay ? "POST" : "GET", target, Map.of("Host", "localhost"), null, null, false);
    }

    /** GET /clips with random buckets, prefixes, cursors and parameters: every answer JSON, no 500. */
    Shot clips() {
        StringBuilder target = new StringBuilder("/clips?");
        if (random.nextInt(4) > 0) {
            target.append("bucket=").append(URLEncoder.encode(bucket(), StandardCharsets.UTF_8));
        }
        if (random.nextBoolean()) {
            target.append("&prefix=").append(URLEncoder.encode(key(), StandardCharsets.UTF_8));
        }
        if (random.nextInt(3) == 0) {
            target.append("&cursor=").append(URLEncoder.encode(text(random.nextInt(80)), StandardCharsets.UTF_8));
        }
        if (random.nextInt(8) == 0) {
            target.append('&')
                    .append(URLEncoder.encode(text(5), StandardCharsets.UTF_8))
                    .append("=1");
        }
        return new Shot(Kind.CLIPS, "GET", target.toString(), Map.of("Host", "localhost"), null, null, false);
    }

    static final List<String> TYPES = List.of(
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b0und",
            "multipart/form-data",
            "multipart/form-data; boundary=\"",
            "multipart/mixed; boundary=x",
            "text/plain",
            "text/xml",
            "application/json; charset=utf-16",
            "application/vnd.x+json",
            ";;;=",
            "application/",
            "a b/c",
            "application/json; charset",
            "*/*",
            "application/octet-stream; x=\"y\"");

    Shot contentType() {
        String path = pick(List.of("/validate", "/concat", "/invoke", "/notify"));
        String type = pick(TYPES);
        String body = type.startsWith("multipart")
                ? "--b0und\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.json\"\r\n\r\n"
                        + "x".repeat(1024) + "\r\n--b0und--\r\n"
                : type.contains("form")
                        ? "playlist=" + "x".repeat(1000 + random.nextInt(4000))
                        : random.nextBoolean() ? "{}" : text(300);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "localhost");
        headers.put("Content-Type", type);
        boolean notify = path.equals("/notify");
        if (notify
                && !(type.contains("form")
                        || type.startsWith("multipart")
                        || TYPES.indexOf(type) >= 9 && TYPES.indexOf(type) <= 12)) {
            // /notify reads other types as completion messages, which are not this fuzzer's to judge
            headers.put("Content-Type", "application/x-www-form-urlencoded");
            body = "a=" + "x".repeat(2048);
        }
        return new Shot(Kind.CONTENT_TYPE, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8), null, false);
    }

    Shot longUrl() {
        int length = 3000 + random.nextInt(70_000);
        String path = pick(List.of("/status?jobId=", "/invoke?x=", "/validate?x=", "/nowhere/"));
        String target = path + "a".repeat(length);
        return new Shot(
                Kind.LONG_URL,
                path.startsWith("/status") ? "GET" : "POST",
                target,
                Map.of("Host", "localhost", "Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8),
                null,
                target.length() > 60_000);
    }

    Shot largeHeaders() {
        int size = 8000 + random.nextInt(70_000);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "localhost");
        headers.put("Content-Type", "application/octet-stream");
        for (int i = 0; size > 0; i++) {
            int n = Math.min(size, 4000 + random.nextInt(10_000));
            headers.put("X-Fuzz-" + i, "h".repeat(n));
            size -= n + 12;
        }
        long total = headers.entrySet().stream()
                .mapToLong(h -> h.getKey().length() + h.getValue().length() + 4)
                .sum();
        return new Shot(
                Kind.LARGE_HEADERS,
                "POST",
                pick(List.of("/invoke", "/validate", "/status")),
                headers,
                "{}".getBytes(StandardCharsets.UTF_8),
                null,
                total > 60_000);
    }

    Shot notHttp() {
        String body = "{}";
        String raw = switch (random.nextInt(8)) {
            case 0 -> text(random.nextInt(200));
            case 1 ->
                "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\u0001\r\nContent-Length: 2\r\n\r\n"
                        + body;
            case 2 -> "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n" + body;
            case 3 -> "POST /validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
            case 4 -> "GET /status?jobId=%zz HTTP/1.1\r\nHost: x\r\n\r\n";
            case 5 -> "GET /st atus HTTP/1.1\r\nHost: x\r\n\r\n";
            case 6 -> "GET /status HTTP/1.1\r\n\r\n";
            default -> "P@ST /validate HTTP/9.9\r\nHost: x\r\n\r\n";
        };
        return new Shot(Kind.NOT_HTTP, null, "", Map.of(), null, (raw + "").getBytes(StandardCharsets.UTF_8), true);
    }
}
