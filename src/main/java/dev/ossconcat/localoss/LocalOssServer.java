package dev.ossconcat.localoss;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.report.Violation;
import dev.ossconcat.rules.Plan;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * An OSS-compatible server for local runs and tests, path-style ({@code /bucket/key}): objects (Put, Get with Range
 * and conditions, Head, Copy, Delete, multipart upload), listings (v1 and v2), DeleteMultipleObjects, bucket info and
 * location, CORS, V1 and V4 signatures in headers or presigned URLs, OSS XML errors, and
 * {@code POST ?x-oss-async-process} validated by this project's own rules. Everything else (ACLs, tagging, symlinks,
 * versioning, ...) is 501 NotImplemented and changes nothing ({@link Routing}).
 */
public final class LocalOssServer {

    private static final Logger LOG = Logger.getLogger(LocalOssServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** OSS's limit on the user metadata of one object. */
    private static final int USER_METADATA_MAX_BYTES = 8 * 1024;
    /**
     * How much of a refused request's body is read and dropped, so that a client that sends its whole body before
     * reading the answer can still read it; past this, the server answers and closes the connection.
     */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;
    /** The largest piece of a request body the HTTP decoder hands over at once. */
    static final int UPLOAD_CHUNK_SIZE = 64 * 1024;
    /** The largest body read for calls other than PutObject (a process string, or nothing). */
    static final int SMALL_BODY_LIMIT = 1024 * 1024;

    /**
     * What the server accepts.
     *
     * @param maxObjectSize the largest body of one PutObject, in bytes; a larger one is 400 EntityTooLarge, whether
     *                      it declares its length or arrives chunked
     * @param idleTimeout   a connection that neither sends nor receives for this long is closed, so that a client
     *                      that stops halfway through a request does not hold it open for ever
     */
    public record Limits(long maxObjectSize, Duration idleTimeout) {

        /** OSS's limit on a single PutObject: 5 GB. */
        public static final long OSS_MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;

        public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

        public Limits {
            if (maxObjectSize < 0 || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("limits must be positive: " + maxObjectSize + ", " + idleTimeout);
            }
        }

        /** OSS's own limits. */
        public static Limits oss() {
            return new Limits(OSS_MAX_OBJECT_SIZE, IDLE_TIMEOUT);
        }
    }

    private final Vertx vertx;
    private final Clock clock;
    private final Limits limits;
    private final ObjectStore store;
    private final SignatureCheck signatures;
    private final Multipart multipart;
    private final Faults faults = new Faults();
    private volatile Cors cors = new Cors(List.of());
    private volatile OssTriggers triggers;
    private final AsyncTasks tasks = new AsyncTasks();
    private final java.util.List<Consumer<SignedCall>> signerWatchers = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String endpoint;
    private java.io.PrintWriter requestLog;

    /**
     * @param credentials secret by access key id; requests signed with anything else are refused
     * @param clock       OSS's time: the Date of answers, when tasks were accepted
     */
    public LocalOssServer(Vertx vertx, Path dataDir, Map<String, String> credentials, Clock clock) {
        this(vertx, dataDir, credentials, clock, Limits.oss());
    }

    /**
     * @param limits the largest object and the idle timeout; {@link Limits#oss()} unless a test needs smaller ones
     */
    public LocalOssServer(Vertx vertx, Path dataDir, Map<String, String> credentials, Clock clock, Limits limits) {
        // clients sign with the machine's time whatever the application's clock says (tests move that one)
        this(vertx, dataDir, credentials, clock, limits, Clock.systemUTC());
    }

    /**
     * @param requestClock the time request dates (15 minutes of skew at most) and presigned URLs' expiry are checked
     *                     against
     */
    public LocalOssServer(
            Vertx vertx,
            Path dataDir,
            Map<String, String> credentials,
            Clock clock,
            Limits limits,
            Clock requestClock) {
        this.vertx = vertx;
        this.clock = clock;
        this.limits = limits;
        this.store = new ObjectStore(dataDir);
        this.multipart = new Multipart(store);
        this.signatures = new SignatureCheck(credentials, requestClock);
    }

    /** Which origins may call this server from a browser; none until set. */
    public void cors(Cors rule) {
        this.cors = rule;
    }

    /** Delivers the events of uploads to the function, as Function Compute's OSS triggers would; null: none. */
    public void triggers(OssTriggers t) {
        OssTriggers old = this.triggers;
        this.triggers = t;
        if (old != null && old != t) {
            old.close();
        }
    }

    public Optional<OssTriggers> triggers() {
        return Optional.ofNullable(triggers);
    }

    /** Starts listening and returns the endpoint, e.g. {@code http://127.0.0.1:9100}. */
    public String start(String host, int port) {
        try {
            server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(host)
                            .setPort(port)
                            // an upload's body arrives in chunks of at most this; Netty's default of 8 KB makes a
                            // 2 GB upload a quarter of a million chunks, each a copy, a buffer and a handler call
                            .setMaxChunkSize(UPLOAD_CHUNK_SIZE)
                            .setIdleTimeout((int) limits.idleTimeout().toMillis())
                            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                    .requestHandler(this::handle)
                    .invalidRequestHandler(this::invalid)
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded OSS server could not listen on " + host + ":" + port, e);
        }
        endpoint = "http://" + host + ":" + server.actualPort();
        return endpoint;
    }

    public void stop() {
        if (server != null) {
            server.close();
        }
        triggers(null);
    }

    public String endpoint() {
        return endpoint;
    }

    /** Appends {@code startNanos endNanos operation bucket/key} per answered request to {@code file}. */
    public synchronized void logRequests(Path file) {
        try {
            requestLog = new java.io.PrintWriter(
                    java.nio.file.Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND),
                    true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void logged(Call call, long start) {
        java.io.PrintWriter log = requestLog;
        if (log != null) {
            synchronized (log) {
                log.println(start + " " + System.nanoTime() + " " + call.op() + " " + call.bucket() + "/"
                        + (call.key() == null ? "" : call.key()));
            }
        }
    }

    public Limits limits() {
        return limits;
    }

    public ObjectStore store() {
        return store;
    }

    public Faults faults() {
        return faults;
    }

    public AsyncTasks tasks() {
        return tasks;
    }

    /** A call as this server verified it: the access key ID that signed it. */
    public record SignedCall(OssOperation op, String bucket, String key, String accessKeyId) {}

    /**
     * Accepts a further key pair, as OSS accepts any valid key: for tests whose requests carry credentials of their
     * own (Function Compute's per-request STS credentials) next to the instance's.
     */
    public void grant(String accessKeyId, String secret) {
        signatures.grant(accessKeyId, secret);
    }

    /**
     * Tells {@code watcher} which access key signed each correctly signed call, until the returned handle is closed:
     * for tests that check which credentials a call used, wherever the function made it.
     */
    public AutoCloseable watchSigners(Consumer<SignedCall> watcher) {
        signerWatchers.add(watcher);
        return () -> signerWatchers.remove(watcher);
    }

    // ---- request handling ---------------------------------------------------------------------------------

    /** A parsed request: bucket, decoded key (null for bucket calls), decoded query, lower-case headers. */
    private record Call(
            HttpServerRequest http,
            String requestId,
            OssOperation op,
            String bucket,
            String key,
            Map<String, String> query,
            Map<String, String> headers,
            AtomicReference<Throwable> broken,
            OssError refused) {}

    /** What to answer: status, headers, and a body or a file to stream (all of it, or {@code range} of it). */
    private record Answer(int status, Map<String, String> headers, Buffer body, Path file, ByteRange range) {

        Answer(int status, Map<String, String> headers, Buffer body, Path file) {
            this(status, headers, body, file, null);
        }

        static Answer of(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body == null ? null : Buffer.buffer(body), null);
        }

        static Answer xml(String body) {
            return of(200, Map.of("Content-Type", "application/xml"), body);
        }
    }

    private void handle(HttpServerRequest http) {
        long start = System.nanoTime();
        http.pause();
        if (http.path() != null && http.path().startsWith(TIMER_PATH)) {
            fireTimer(http);
            return;
        }
        // Vert.x reports a connection lost mid-body (or a malformed chunk) once, to the handler set at that moment,
        // and not at all to one set later: kept here for the body reader, which starts only after the signature
        // check, a fault's delay, or the opening of its file
        AtomicReference<Throwable> broken = new AtomicReference<>();
        http.exceptionHandler(e -> broken.set(new BrokenRequest(e)));
        String requestId = HexFormat.of().withUpperCase().formatHex(randomBytes(12));
        Call call;
        try {
            call = parse(http, requestId, broken);
        } catch (RuntimeException e) {
            // a request this server cannot even read still gets an answer: OSS's 400 for what the parser refuses,
            // and for anything unforeseen a 500 rather than a connection left waiting
            reject(http, requestId, failure(e, requestId));
            return;
        }
        if (requestLog != null) {
            http.response().endHandler(v -> logged(call, start));
        }
        Faults.Fault fault = faults.take(call.op());
        if (fault != null && fault.kind() == Faults.Kind.HOLD) {
            // released from the test's thread: back onto this request's event loop
            Context context = vertx.getOrCreateContext();
            fault.hold().park(() -> context.runOnContext(v -> proceed(call, fault)));
        } else {
            proceed(call, fault);
        }
    }

    /**
     * {@code POST /-/timer/<name>}: fires a timer trigger of {@code s.yaml} now and answers what the function
     * answered. No bucket can be called {@code -}, so the path is no object's. Refused with an {@code Origin}
     * header, so that no web page can fire it.
     */
    static final String TIMER_PATH = "/-/timer/";

    private void fireTimer(HttpServerRequest http) {
        String requestId = HexFormat.of().withUpperCase().formatHex(randomBytes(12));
        OssTriggers t = triggers;
        if (http.method() != HttpMethod.POST || http.getHeader("origin") != null || t == null) {
            String why = t == null
                    ? "Triggers are off (concat.local.triggers=false, or no s.yaml)."
                    : "Fire a timer with POST and no Origin header.";
            reject(http, requestId, error(new OssError(400, "InvalidRequest", why), requestId));
            return;
        }
        String name = http.path().substring(TIMER_PATH.length());
        vertx.executeBlocking(() -> t.fireTimer(PercentDecoding.decode(name, "the trigger name")), false)
                .onComplete(done -> {
                    Answer a = done.succeeded()
                            ? Answer.of(
                                    200,
                                    Map.of("Content-Type", "application/json"),
                                    "{\"trigger\":\"" + escapeJson(done.result().trigger()) + "\",\"attempts\":"
                                            + done.result().attempts() + ",\"status\":"
                                            + done.result().status()
                                            + ",\"fcStatus\":"
                                            + (done.result().fcStatus() == null
                                                    ? "null"
                                                    : "\""
                                                            + escapeJson(done.result()
                                                                    .fcStatus()) + "\"")
                                            + "}")
                            : failure(done.cause(), requestId);
                    reject(http, requestId, a);
                });
    }

    private static String escapeJson(String s) {
        try {
            String quoted = JSON.writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request Netty could not parse (a malformed request line or header, an oversized head): OSS's XML error
     * instead of Vert.x's bare answer, then the connection is closed, since where the next request would start is
     * unknown.
     */
    private void invalid(HttpServerRequest http) {
        Throwable cause = http.decoderResult().cause();
        String why = cause == null || cause.getMessage() == null ? "it is not valid HTTP" : cause.getMessage();
        int status = 400;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            // the statuses Vert.x itself gives: the request line too long, or the headers
            status = why.startsWith("An HTTP line is larger than") ? 414 : 431;
        }
        String requestId = HexFormat.of().withUpperCase().formatHex(randomBytes(12));
        send(
                http,
                requestId,
                error(new OssError(status, "InvalidArgument", "The request cannot be read: " + why + "."), requestId),
                true);
    }

    private void proceed(Call call, Faults.Fault fault) {
        long delay = faults.latency() + (fault == null ? 0 : fault.delayMillis());
        if (delay > 0) {
            vertx.setTimer(delay, t -> run(call, fault));
        } else {
            run(call, fault);
        }
    }

    private void run(Call call, Faults.Fault fault) {
        HttpServerRequest http = call.http();
        if (fault != null && fault.kind() == Faults.Kind.DROP) {
            http.connection().close();
            return;
        }
        Future<Void> done;
        if (fault != null && fault.kind() == Faults.Kind.ERROR) {
            done = reject(
                    http,
                    call.requestId(),
                    error(new OssError(fault.status(), fault.code(), "Injected fault."), call.requestId()));
        } else {
            done = process(call, fault);
        }
        if (fault != null && fault.hold() != null) {
            done.onComplete(ignored -> fault.hold().finished());
        }
    }

    /**
     * Signature and size first, from the request line and headers alone; only then is the body read, so that no
     * unsigned or oversized request ever reaches the disk. Completes once the answer is sent (or cannot be).
     */
    private Future<Void> process(Call call, Faults.Fault fault) {
        HttpServerRequest http = call.http();
        boolean streamed = call.op() == OssOperation.PUT_OBJECT || call.op() == OssOperation.UPLOAD_PART;
        try {
            if (call.op() != OssOperation.CORS_PREFLIGHT) {
                authorize(call);
            }
            if (call.refused() != null) {
                throw call.refused();
            }
            if (streamed && declaredLength(http) > limits.maxObjectSize()) {
                throw entityTooLarge();
            }
            if ("100-continue".equalsIgnoreCase(http.getHeader("expect"))) {
                // the client waits for this before it sends the body; refused requests got their answer instead
                http.response().writeContinue();
            }
        } catch (RuntimeException e) {
            return reject(http, call.requestId(), failure(e, call.requestId()));
        }
        Future<Answer> answer = streamed
                ? beforeBody(call)
                        .compose(ignored -> upload(call))
                        .compose(body -> vertx.executeBlocking(() -> answer(call, body), false)
                                .onComplete(ignored -> dispose(body)))
                : smallBody(call).compose(body -> vertx.executeBlocking(() -> answer(call, body), false));
        return answer.transform(result -> {
            if (fault != null && fault.kind() == Faults.Kind.DROP_AFTER) {
                if (result.succeeded() && result.result().file() != null) {
                    ObjectStore.deleteQuietly(result.result().file()); // the snapshot link the answer would stream
                }
                http.connection().close();
                return Future.succeededFuture();
            }
            if (result.succeeded()) {
                return send(http, call.requestId(), result.result(), false);
            }
            if (result.cause() instanceof BrokenRequest || http.response().closed()) {
                // the client went away mid-body (an aborted upload) or sent a malformed chunk: Vert.x closes the
                // connection, and nobody is left to answer
                http.connection().close();
                return Future.succeededFuture();
            }
            Answer a = failure(result.cause(), call.requestId());
            return http.isEnded() ? send(http, call.requestId(), a, false) : reject(http, call.requestId(), a);
        });
    }

    /**
     * What can refuse a streamed body before a byte of it is stored: a part for an upload that does not exist, or a
     * part number out of bounds, is answered at once instead of after gigabytes were written to disk.
     */
    private Future<Void> beforeBody(Call call) {
        if (call.op() != OssOperation.UPLOAD_PART) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(
                () -> {
                    Multipart.partNumber(call.query().get("partNumber"));
                    multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
                    return null;
                },
                false);
    }

    /** Checks the signature and tells the watchers who signed; throws OSS's error otherwise. */
    private void authorize(Call call) {
        String resource = "/" + call.bucket() + "/" + (call.key() == null ? "" : call.key());
        String signer = signatures.verify(
                new SignatureCheck.SignedRequest(call.http().method().name(), resource, call.query(), call.headers()));
        SignedCall signed = new SignedCall(call.op(), call.bucket(), call.key(), signer);
        signerWatchers.forEach(w -> w.accept(signed));
    }

    /** The Content-Length the client declared, or -1 for a chunked body or none. */
    private static long declaredLength(HttpServerRequest http) {
        String length = http.getHeader("content-length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Netty refuses a malformed Content-Length before this server sees the request
        }
    }

    private OssError entityTooLarge() {
        return new OssError(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size of " + limits.maxObjectSize() + " bytes.");
    }

    /**
     * Answers a request whose body is not wanted, whether it has been read or not. The answer goes out at once; the
     * rest of the body is read and dropped, never buffered, so that a client that writes its whole body before
     * reading (the SDK does) still finds the answer, and the connection stays usable. A body too large to drop
     * cheaply ({@link #DISCARD_LIMIT}), or one the client waits to send ({@code Expect: 100-continue}), ends the
     * connection after the answer instead.
     */
    private Future<Void> reject(HttpServerRequest http, String requestId, Answer a) {
        if (http.response().closed()) {
            return Future.succeededFuture();
        }
        boolean close =
                "100-continue".equalsIgnoreCase(http.getHeader("expect")) || declaredLength(http) > DISCARD_LIMIT;
        if (!close) {
            long[] dropped = {0};
            http.handler(chunk -> {
                dropped[0] += chunk.length();
                if (dropped[0] > DISCARD_LIMIT) {
                    http.connection().close();
                }
            });
            http.exceptionHandler(e -> {}); // the client went away while its body was being dropped
            http.endHandler(null);
            http.resume();
        }
        return send(http, requestId, a, close);
    }

    /**
     * Streams a PutObject or UploadPart body to a temporary file, counting it against the maximum object size as it
     * arrives (a chunked body declares no length), and hashes it on the way. Every way it can fail (too large, the
     * connection lost, a malformed chunk, a disk error) deletes the file before the returned future fails.
     */
    private Future<Received> upload(Call call) {
        HttpServerRequest http = call.http();
        return vertx.executeBlocking(() -> bodyFile(call), false).compose(file -> {
            Promise<Received> result = Promise.promise();
            new Upload(http, file, result).start(call.broken().get());
            return result.future();
        });
    }

    /** Where a body goes: a part's place in its upload's data file when it has one, else a temporary file. */
    private BodyFile bodyFile(Call call) throws java.io.IOException {
        if (call.op() == OssOperation.UPLOAD_PART) {
            Multipart.Upload u =
                    multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
            Optional<Multipart.Slot> slot = multipart.claim(
                    u, Multipart.partNumber(call.query().get("partNumber")), declaredLength(call.http()));
            if (slot.isPresent()) {
                return new BodyFile(slot.get());
            }
        }
        return new BodyFile(store.newTempFile());
    }

    /**
     * A body on disk with its size and digest, computed as it was written: in {@code temp}, or at its place in its
     * multipart upload's data file, {@code slot} (then {@code temp} is null).
     */
    record Received(Path temp, Multipart.Slot slot, long size, ObjectStore.Digest digest) {}

    /** Removes what a body left that no answer took: its temporary file, or what it wrote into a data file. */
    private void dispose(Received body) {
        if (body.temp() != null) {
            ObjectStore.deleteQuietly(body.temp());
        }
        if (body.slot() != null) {
            multipart.release(body.slot());
        }
    }

    /**
     * One body on its way to a temporary file; {@code done} once it is complete or has failed. The event loop only
     * queues the chunks; one worker task at a time takes them from the queue, hashes them and writes them, and keeps
     * going while more arrive, so that the two work side by side without a hand-over per chunk or per batch. The body
     * is read once: no second pass over the file for its hashes. Fields without a note are the event loop's.
     */
    private final class Upload {
        /** The queue's bound: past it the request pauses, so that a fast client cannot fill the heap. */
        private static final long QUEUE_HIGH = 8 * 1024 * 1024;
        /** Where a paused request resumes: low enough that a resume is not followed at once by a pause. */
        private static final long QUEUE_LOW = QUEUE_HIGH / 4;

        private final HttpServerRequest http;
        private final BodyFile file;
        private final Promise<Received> result;
        private final Context context;
        /** Shared with the worker. */
        private final java.util.Queue<Buffer> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Bytes queued and not yet taken by the worker; shared with it. */
        private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
        /** A worker task is draining the queue, or closing or discarding the file; set by the event loop only. */
        private boolean working;
        /** Paused until the file catches up with the body; read by the worker to know when to call for a resume. */
        private final java.util.concurrent.atomic.AtomicBoolean waitingForDisk =
                new java.util.concurrent.atomic.AtomicBoolean();

        private long received;
        private boolean ended;
        private boolean done;
        private Throwable failure;
        /** The loss reported while the request waited; it counts once what had arrived is written, if no end came. */
        private Throwable lost;

        Upload(HttpServerRequest http, BodyFile file, Promise<Received> result) {
            this.http = http;
            this.file = file;
            this.result = result;
            this.context = vertx.getOrCreateContext();
        }

        /** @param broken how the request failed while it waited, if it did */
        void start(Throwable broken) {
            // Vert.x reports the loss at once, ahead of chunks (and an end) it still holds for this paused request,
            // and it notices a closed connection only when it reads again: after the resume below, if the caller
            // gave up just before. So a loss counts only once what arrived before it has been delivered.
            http.exceptionHandler(e -> lost(new BrokenRequest(e)));
            http.endHandler(v -> complete());
            http.handler(this::write);
            http.resume();
            if (broken != null) {
                lost(broken);
            }
        }

        private void lost(Throwable cause) {
            if (lost == null) {
                lost = cause;
            }
            afterQueued(this::checkLost);
        }

        /**
         * Runs when the chunks Vert.x queued before a loss have been delivered: a body that was whole before the
         * connection was lost (a held request whose caller gave up) has ended by then and lands; anything else has
         * failed.
         */
        private void checkLost() {
            if (!done && !waitingForDisk.get()) {
                fail(lost);
            }
        }

        private void write(Buffer chunk) {
            if (done) {
                return;
            }
            received += chunk.length();
            if (received > limits.maxObjectSize()) {
                fail(entityTooLarge());
                return;
            }
            queue.add(chunk);
            if (queued.addAndGet(chunk.length()) > QUEUE_HIGH && waitingForDisk.compareAndSet(false, true)) {
                http.pause();
                resumeIfDrained(); // the worker may have taken the queue down before it could see the pause
            }
            next();
        }

        /** The worker's call, once it has taken a chunk off the queue. */
        private void taken(int length) {
            if (queued.addAndGet(-length) <= QUEUE_LOW && waitingForDisk.get()) {
                context.runOnContext(v -> resumeIfDrained());
            }
        }

        private void resumeIfDrained() {
            if (!done && queued.get() <= QUEUE_LOW && waitingForDisk.compareAndSet(true, false)) {
                http.resume();
                if (lost != null) {
                    afterQueued(this::checkLost);
                }
            }
        }

        private void complete() {
            if (done) {
                return;
            }
            done = true;
            ended = true;
            next();
        }

        private void fail(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            failure = cause;
            next();
        }

        /** Gives a worker the next job, unless one is at work: draining the queue, closing the file, or discarding it. */
        private void next() {
            if (working) {
                return;
            }
            if (failure != null) {
                working = true;
                queue.clear();
                vertx.executeBlocking(
                                () -> {
                                    file.discard();
                                    return null;
                                },
                                false)
                        .onComplete(ignored -> result.fail(failure));
            } else if (!queue.isEmpty()) {
                working = true;
                vertx.executeBlocking(
                                () -> {
                                    file.write(queue, this::taken);
                                    return null;
                                },
                                false)
                        .onComplete(written -> {
                            working = false;
                            if (written.failed()) {
                                // a disk error ends even a body whose end has arrived
                                done = true;
                                failure = written.cause();
                            }
                            resumeIfDrained();
                            next();
                        });
            } else if (ended) {
                working = true;
                vertx.executeBlocking(file::close, false).onComplete(closed -> {
                    if (closed.succeeded()) {
                        result.complete(closed.result());
                    } else {
                        failure = closed.cause();
                        working = false;
                        next();
                    }
                });
            }
        }
    }

    /**
     * The worker's side of an upload: the temporary file, and the digest of what was written. Used by one worker task
     * at a time.
     */
    private final class BodyFile {
        /**
         * Direct buffers the chunks are gathered into before a write. Writing the chunks' heap buffers directly would
         * make the JDK copy each into a temporary direct buffer that it then keeps, per thread, for reuse: with
         * twenty worker threads that kept about a hundred megabytes of native memory after a large upload. This pool
         * bounds it; a write that finds it empty allocates a buffer that the garbage collector frees.
         */
        private static final java.util.concurrent.BlockingQueue<java.nio.ByteBuffer> WRITE_BUFFERS =
                new java.util.concurrent.ArrayBlockingQueue<>(4);

        private static final int WRITE_BUFFER_SIZE = 1024 * 1024;

        private final Path temp;
        private final Multipart.Slot slot;
        private final java.nio.channels.FileChannel channel;
        private final Digester digester = new Digester();
        private long size;

        BodyFile(Path temp) throws java.io.IOException {
            this.temp = temp;
            this.slot = null;
            this.channel = java.nio.channels.FileChannel.open(
                    temp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        }

        /** Writes into a multipart upload's data file, from the slot's offset. */
        BodyFile(Multipart.Slot slot) {
            this.temp = null;
            this.slot = slot;
            try {
                // not created here: the claim made it, and a missing file means the upload was aborted since
                this.channel = java.nio.channels.FileChannel.open(slot.file(), java.nio.file.StandardOpenOption.WRITE);
                channel.position(slot.offset());
            } catch (java.nio.file.NoSuchFileException e) {
                multipart.release(slot);
                throw Multipart.noSuchUpload(); // aborted just now
            } catch (java.io.IOException e) {
                multipart.release(slot);
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Writes and hashes the queue's chunks until it is empty, telling {@code taken} each chunk's length. */
        void write(java.util.Queue<Buffer> queue, java.util.function.IntConsumer taken) throws java.io.IOException {
            java.nio.ByteBuffer out = WRITE_BUFFERS.poll();
            if (out == null) {
                out = java.nio.ByteBuffer.allocateDirect(WRITE_BUFFER_SIZE);
            }
            try {
                for (Buffer chunk; (chunk = queue.poll()) != null; ) {
                    java.nio.ByteBuffer in = chunk.getByteBuf().nioBuffer();
                    digester.update(in);
                    while (in.hasRemaining()) {
                        int n = Math.min(in.remaining(), out.remaining());
                        out.put(in.duplicate().limit(in.position() + n));
                        in.position(in.position() + n);
                        if (!out.hasRemaining()) {
                            flush(out);
                        }
                    }
                    taken.accept(chunk.length());
                }
                flush(out);
            } finally {
                out.clear();
                WRITE_BUFFERS.offer(out);
            }
        }

        private void flush(java.nio.ByteBuffer out) throws java.io.IOException {
            out.flip();
            while (out.hasRemaining()) {
                size += channel.write(out);
            }
            out.clear();
        }

        Received close() throws java.io.IOException {
            channel.close();
            return new Received(temp, slot, size, digester.digest());
        }

        void discard() {
            try {
                channel.close();
            } catch (java.io.IOException ignored) {
                // deleted or cut off next either way
            }
            if (temp != null) {
                ObjectStore.deleteQuietly(temp);
            } else {
                multipart.release(slot);
            }
        }
    }

    /** The request stream failed on the client's side: the connection was lost, or a chunk was malformed. */
    private static final class BrokenRequest extends RuntimeException {
        BrokenRequest(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * The body of any other call: small (a process string) or none. Read whole, up to {@link #SMALL_BODY_LIMIT}, so
     * that no request can make the server buffer an unbounded body in memory.
     */
    private Future<Object> smallBody(Call call) {
        HttpServerRequest http = call.http();
        Promise<Object> result = Promise.promise();
        Buffer body = Buffer.buffer();
        http.handler(chunk -> {
            if (result.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > SMALL_BODY_LIMIT) {
                result.fail(new OssError(
                        400,
                        "InvalidArgument",
                        "The request body is larger than the " + SMALL_BODY_LIMIT
                                + " bytes the embedded server reads for this operation."));
            } else {
                body.appendBuffer(chunk);
            }
        });
        http.exceptionHandler(e -> result.tryFail(new BrokenRequest(e)));
        http.endHandler(v -> result.tryComplete(body));
        http.resume();
        Throwable broken = call.broken().get();
        if (broken != null) {
            // as for uploads: a body that was whole before the connection was lost still ends, and is answered
            afterQueued(() -> result.tryFail(broken));
        }
        return result.future();
    }

    /**
     * Runs {@code task} on this event loop after what a {@code resume()} just released: Vert.x delivers a paused
     * request's queued chunks (and its end) in one task on the request's context, scheduled by the resume, so a
     * task scheduled after it sees them delivered, unless the reader paused again in between.
     */
    private void afterQueued(Runnable task) {
        vertx.getOrCreateContext().runOnContext(v -> task.run());
    }

    private Answer failure(Throwable t, String requestId) {
        if (t instanceof OssError e) {
            return error(e, requestId);
        }
        LOG.error("embedded OSS server failed", t);
        return error(
                new OssError(500, "InternalError", "We encountered an internal error. Please try again."), requestId);
    }

    private Call parse(HttpServerRequest http, String requestId, AtomicReference<Throwable> broken) {
        String path = http.path();
        if (path == null || path.length() < 2) {
            throw new OssError(400, "InvalidBucketName", "Path-style requests name the bucket first: /bucket/key.");
        }
        int slash = path.indexOf('/', 1);
        String bucket =
                PercentDecoding.decode(slash < 0 ? path.substring(1) : path.substring(1, slash), "the bucket name");
        String key = slash < 0 || slash == path.length() - 1
                ? null
                : PercentDecoding.decode(path.substring(slash + 1), "the object key");
        Map<String, String> query = new TreeMap<>();
        String raw = http.query();
        if (raw != null && !raw.isEmpty()) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                String name = PercentDecoding.decode(eq < 0 ? part : part.substring(0, eq), "a query parameter name");
                query.put(
                        name,
                        eq < 0 ? null : PercentDecoding.decode(part.substring(eq + 1), "the query parameter " + name));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        http.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
        try {
            OssOperation op = Routing.route(http.method(), key, query, headers);
            return new Call(http, requestId, op, bucket, key, query, headers, broken, null);
        } catch (OssError refused) {
            // answered after the signature check, as OSS answers an unsigned request 403 whatever it asks for
            return new Call(http, requestId, OssOperation.UNSUPPORTED, bucket, key, query, headers, broken, refused);
        }
    }

    /** Runs on a worker thread, once the signature was checked and the body read: the operation. */
    private Answer answer(Call call, Object body) {
        try {
            return switch (call.op()) {
                case PUT_OBJECT -> putObject(call, (Received) body);
                case GET_OBJECT -> getObject(call, false);
                case HEAD_OBJECT -> getObject(call, true);
                case GET_OBJECT_META -> objectMeta(call);
                case DELETE_OBJECT -> deleteObject(call);
                case COPY_OBJECT -> copyObject(call);
                case LIST_OBJECTS -> listObjects(call);
                case LIST_OBJECTS_V1 -> listObjectsV1(call);
                case DELETE_MULTIPLE_OBJECTS -> deleteMultiple(call, (Buffer) body);
                case GET_BUCKET_INFO -> bucketInfo(call);
                case GET_BUCKET_LOCATION -> bucketLocation(call);
                case INITIATE_MULTIPART_UPLOAD -> initiateMultipart(call);
                case UPLOAD_PART -> uploadPart(call, (Received) body);
                case UPLOAD_PART_COPY -> uploadPartCopy(call);
                case COMPLETE_MULTIPART_UPLOAD -> completeMultipart(call, (Buffer) body);
                case ABORT_MULTIPART_UPLOAD -> abortMultipart(call);
                case LIST_PARTS -> listParts(call);
                case LIST_MULTIPART_UPLOADS -> listMultipartUploads(call);
                case CORS_PREFLIGHT -> preflight(call);
                case ASYNC_PROCESS -> asyncProcess(call, ((Buffer) body).toString(StandardCharsets.UTF_8));
                case VIDEO_INFO -> videoInfo(call);
                case UNSUPPORTED ->
                    throw call.refused() != null
                            ? call.refused()
                            : new OssError(501, "NotImplemented", "The embedded OSS server does not implement this.");
            };
        } finally {
            if (body instanceof Received r) {
                dispose(r);
            }
        }
    }

    private Answer putObject(Call call, Received body) {
        ObjectStore.Stored s = store.place(
                call.bucket(),
                call.key(),
                body.temp(),
                body.digest(),
                contentHeaders(call),
                userMetadata(call),
                "true".equalsIgnoreCase(call.headers().get("x-oss-forbid-overwrite")));
        created("ObjectCreated:PutObject", call, s);
        return Answer.of(200, writeHeaders(s.meta()), null);
    }

    private static Map<String, String> writeHeaders(ObjectStore.Meta m) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", quote(m.etag()));
        h.put("x-oss-hash-crc64ecma", m.crc64());
        return h;
    }

    /** Tells the triggers, if any, that an upload created an object. */
    private void created(String eventName, Call call, ObjectStore.Stored s) {
        OssTriggers t = triggers;
        if (t != null) {
            t.created(eventName, call.bucket(), call.key(), s.meta(), call.requestId());
        }
    }

    private Answer getObject(Call call, boolean head) {
        requireBucket(call.bucket());
        ObjectStore.Stored s = (head
                        ? store.head(call.bucket(), call.key())
                        : store.snapshot(call.bucket(), call.key()))
                .orElseThrow(() -> OssError.noSuchKey(call.bucket(), call.key()));
        try {
            ObjectStore.Meta m = s.meta();
            Map<String, String> h = new LinkedHashMap<>();
            m.contentHeaders().forEach(h::put);
            h.put("ETag", quote(m.etag()));
            h.put("Last-Modified", HttpDates.format(Instant.ofEpochMilli(m.lastModified())));
            Integer unchanged = Conditions.check(call.headers(), m.etag(), m.lastModified());
            if (unchanged != null) {
                if (unchanged == 412) {
                    throw new OssError(
                            412,
                            "PreconditionFailed",
                            "At least one of the pre-conditions you specified did not hold.");
                }
                if (!head) {
                    ObjectStore.deleteQuietly(s.file());
                }
                return new Answer(
                        304, Map.of("ETag", h.get("ETag"), "Last-Modified", h.get("Last-Modified")), null, null);
            }
            h.put("Accept-Ranges", "bytes");
            h.put("x-oss-object-type", m.etag().contains("-") ? "Multipart" : "Normal");
            h.put("x-oss-storage-class", "Standard");
            h.put("x-oss-hash-crc64ecma", m.crc64());
            m.user().forEach((k, v) -> h.put("x-oss-meta-" + k, v));
            if (!head) {
                call.query().forEach((k, v) -> {
                    if (k.startsWith("response-") && v != null) {
                        h.put(responseHeader(k.substring("response-".length())), v);
                    }
                });
            }
            ByteRange range = head
                    ? null
                    : ByteRange.of(
                                    call.headers().get("range"),
                                    m.size(),
                                    "standard".equalsIgnoreCase(call.headers().get("x-oss-range-behavior")))
                            .orElse(null);
            if (range != null) {
                h.put("Content-Range", range.contentRange(m.size()));
                h.put("Content-Length", Long.toString(range.length()));
                h.remove("x-oss-hash-crc64ecma"); // OSS sends the object's CRC only with the whole object
                return new Answer(206, h, null, s.file(), range);
            }
            h.put("Content-Length", Long.toString(m.size()));
            return head ? new Answer(200, h, null, null) : new Answer(200, h, null, s.file());
        } catch (RuntimeException e) {
            if (!head) {
                ObjectStore.deleteQuietly(s.file()); // the snapshot link no answer will stream
            }
            throw e;
        }
    }

    /** {@code response-content-type} → {@code Content-Type}: the header a presigned URL's override sets. */
    private static String responseHeader(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                b.append(b.length() == 0 ? "" : "-")
                        .append(Character.toUpperCase(part.charAt(0)))
                        .append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** GetObjectMeta: the ETag, size and modification time, without the content headers. */
    private Answer objectMeta(Call call) {
        requireBucket(call.bucket());
        ObjectStore.Meta m = store.head(call.bucket(), call.key())
                .orElseThrow(() -> OssError.noSuchKey(call.bucket(), call.key()))
                .meta();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", quote(m.etag()));
        h.put("Content-Length", Long.toString(m.size()));
        h.put("Last-Modified", HttpDates.format(Instant.ofEpochMilli(m.lastModified())));
        return new Answer(200, h, null, null);
    }

    private Answer deleteObject(Call call) {
        requireBucket(call.bucket());
        store.delete(call.bucket(), call.key());
        return Answer.of(204, Map.of(), null);
    }

    private Answer copyObject(Call call) {
        String[] source = copySource(call);
        boolean replace = "REPLACE".equalsIgnoreCase(call.headers().get("x-oss-metadata-directive"));
        ObjectStore.Stored s = store.copy(
                source[0],
                source[1],
                call.bucket(),
                call.key(),
                replace,
                contentHeaders(call),
                userMetadata(call),
                call.headers().get("x-oss-copy-source-if-match"),
                "true".equalsIgnoreCase(call.headers().get("x-oss-forbid-overwrite")));
        created("ObjectCreated:CopyObject", call, s);
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult><ETag>"
                + quote(s.meta().etag())
                + "</ETag><LastModified>"
                + ISO_DATE.format(Instant.ofEpochMilli(s.meta().lastModified()))
                + "</LastModified></CopyObjectResult>";
        Map<String, String> h = new LinkedHashMap<>(writeHeaders(s.meta()));
        h.remove("ETag");
        h.put("Content-Type", "application/xml");
        return Answer.of(200, h, xml);
    }

    /** The source of a copy: {@code x-oss-copy-source} as {@code /bucket/key}, percent-decoded. */
    private static String[] copySource(Call call) {
        String source = PercentDecoding.decode(call.headers().get("x-oss-copy-source"), "x-oss-copy-source");
        String trimmed = source.startsWith("/") ? source.substring(1) : source;
        int slash = trimmed.indexOf('/');
        if (slash <= 0) {
            throw new OssError(400, "InvalidArgument", "x-oss-copy-source must be /bucket/key.");
        }
        if (trimmed.contains("?versionId=")) {
            throw new OssError(
                    501, "NotImplemented", "The embedded OSS server keeps no versions; nothing was changed.");
        }
        return new String[] {trimmed.substring(0, slash), trimmed.substring(slash + 1)};
    }

    private Answer listObjects(Call call) {
        Map<String, String> q = call.query();
        int maxKeys = q.get("max-keys") == null ? 100 : parseMaxKeys(q.get("max-keys"));
        String token = q.get("continuation-token");
        String after = token != null ? continuationKey(token) : q.get("start-after");
        boolean url = "url".equals(q.get("encoding-type"));
        ObjectStore.Listing l = store.list(call.bucket(), q.get("prefix"), q.get("delimiter"), after, maxKeys);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>");
        element(xml, "Name", call.bucket());
        element(xml, "Prefix", listed(q.getOrDefault("prefix", ""), url));
        element(xml, "MaxKeys", Integer.toString(maxKeys));
        if (q.get("delimiter") != null) {
            element(xml, "Delimiter", listed(q.get("delimiter"), url));
        }
        if (q.get("start-after") != null) {
            element(xml, "StartAfter", listed(q.get("start-after"), url));
        }
        if (token != null) {
            element(xml, "ContinuationToken", token);
        }
        if (url) {
            element(xml, "EncodingType", "url");
        }
        element(xml, "IsTruncated", Boolean.toString(l.truncated()));
        element(
                xml,
                "KeyCount",
                Integer.toString(l.objects().size() + l.commonPrefixes().size()));
        if (l.truncated()) {
            element(
                    xml,
                    "NextContinuationToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(l.lastKey().getBytes(StandardCharsets.UTF_8)));
        }
        contents(xml, l, url, "true".equals(q.get("fetch-owner")));
        xml.append("</ListBucketResult>");
        return Answer.xml(xml.toString());
    }

    /** ListObjects (version 1): pages by {@code marker}; {@code NextMarker} when truncated. */
    private Answer listObjectsV1(Call call) {
        Map<String, String> q = call.query();
        int maxKeys = q.get("max-keys") == null ? 100 : parseMaxKeys(q.get("max-keys"));
        boolean url = "url".equals(q.get("encoding-type"));
        String marker = q.get("marker");
        ObjectStore.Listing l = store.list(call.bucket(), q.get("prefix"), q.get("delimiter"), marker, maxKeys);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>");
        element(xml, "Name", call.bucket());
        element(xml, "Prefix", listed(q.getOrDefault("prefix", ""), url));
        element(xml, "Marker", listed(marker == null ? "" : marker, url));
        element(xml, "MaxKeys", Integer.toString(maxKeys));
        element(xml, "Delimiter", listed(q.getOrDefault("delimiter", ""), url));
        if (url) {
            element(xml, "EncodingType", "url");
        }
        element(xml, "IsTruncated", Boolean.toString(l.truncated()));
        if (l.truncated()) {
            // the last key or common prefix of this page (the store marks a prefix with a trailing MAX_VALUE)
            String last = l.lastKey().endsWith(String.valueOf(Character.MAX_VALUE))
                    ? l.lastKey().substring(0, l.lastKey().length() - 1)
                    : l.lastKey();
            element(xml, "NextMarker", listed(last, url));
        }
        contents(xml, l, url, true);
        xml.append("</ListBucketResult>");
        return Answer.xml(xml.toString());
    }

    /** @param owner ListObjects v1 names every object's owner (the SDK requires it); v2 only on request */
    private static void contents(StringBuilder xml, ObjectStore.Listing l, boolean url, boolean owner) {
        for (ObjectStore.Stored s : l.objects()) {
            xml.append("<Contents>");
            element(xml, "Key", listed(s.key(), url));
            element(
                    xml,
                    "LastModified",
                    ISO_DATE.format(Instant.ofEpochMilli(s.meta().lastModified())));
            element(xml, "ETag", quote(s.meta().etag()));
            element(xml, "Type", s.meta().etag().contains("-") ? "Multipart" : "Normal");
            element(xml, "Size", Long.toString(s.meta().size()));
            element(xml, "StorageClass", "Standard");
            if (owner) {
                xml.append("<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner>");
            }
            xml.append("</Contents>");
        }
        for (String p : l.commonPrefixes()) {
            xml.append("<CommonPrefixes>");
            element(xml, "Prefix", listed(p, url));
            xml.append("</CommonPrefixes>");
        }
    }

    /** DeleteMultipleObjects: up to 1,000 keys; verbose lists each deleted key, quiet lists none. */
    private Answer deleteMultiple(Call call, Buffer body) {
        requireBucket(call.bucket());
        org.w3c.dom.Element root = OssXml.parse(body.getBytes(), "Delete");
        boolean quiet = "true"
                .equalsIgnoreCase(String.valueOf(OssXml.text(root, "Quiet")).trim());
        java.util.List<org.w3c.dom.Element> objects = OssXml.children(root, "Object");
        if (objects.isEmpty() || objects.size() > 1000) {
            throw OssXml.malformed("a Delete names 1 to 1000 objects, not " + objects.size());
        }
        boolean url = "url".equals(call.query().get("encoding-type"));
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (org.w3c.dom.Element o : objects) {
            String key = OssXml.text(o, "Key");
            if (key == null) {
                throw OssXml.malformed("an Object has no Key");
            }
            if (url) {
                key = PercentDecoding.decode(key, "a Key");
            }
            store.file(call.bucket(), key); // every key valid before any is deleted
            keys.add(key);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeleteResult>");
        for (String key : keys) {
            store.delete(call.bucket(), key);
            if (!quiet) {
                xml.append("<Deleted>");
                element(xml, "Key", listed(key, url));
                xml.append("</Deleted>");
            }
        }
        if (url) {
            element(xml, "EncodingType", "url");
        }
        xml.append("</DeleteResult>");
        return Answer.xml(xml.toString());
    }

    /** GetBucketInfo: what a local bucket has (a directory of the data directory). */
    private Answer bucketInfo(Call call) {
        requireBucket(call.bucket());
        String created;
        try {
            created = ISO_DATE.format(java.nio.file.Files.readAttributes(
                            store.root().resolve(call.bucket()), java.nio.file.attribute.BasicFileAttributes.class)
                    .creationTime()
                    .toInstant());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BucketInfo><Bucket>");
        element(xml, "AccessMonitor", "Disabled");
        element(xml, "CreationDate", created);
        element(xml, "ExtranetEndpoint", endpointHost());
        element(xml, "IntranetEndpoint", endpointHost());
        element(xml, "Location", LOCATION);
        element(xml, "StorageClass", "Standard");
        element(xml, "TransferAcceleration", "Disabled");
        element(xml, "CrossRegionReplication", "Disabled");
        element(xml, "DataRedundancyType", "LRS");
        element(xml, "Name", call.bucket());
        element(xml, "ResourceGroupId", "");
        xml.append("<Owner><DisplayName>local</DisplayName><ID>local</ID></Owner>");
        xml.append("<AccessControlList><Grant>private</Grant></AccessControlList>");
        xml.append("<Comment></Comment><Versioning>Disabled</Versioning>");
        xml.append("<ServerSideEncryptionRule><SSEAlgorithm>None</SSEAlgorithm></ServerSideEncryptionRule>");
        xml.append("</Bucket></BucketInfo>");
        return Answer.xml(xml.toString());
    }

    private Answer bucketLocation(Call call) {
        requireBucket(call.bucket());
        return Answer.xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint>" + LOCATION
                + "</LocationConstraint>");
    }

    /** The location every local bucket reports: the region named in trigger events. */
    static final String LOCATION = "oss-" + OssTriggers.REGION;

    private String endpointHost() {
        return endpoint == null ? "" : endpoint.substring("http://".length());
    }

    private Answer initiateMultipart(Call call) {
        requireBucket(call.bucket());
        Multipart.Upload u =
                multipart.initiate(call.bucket(), call.key(), clock.millis(), contentHeaders(call), userMetadata(call));
        boolean url = "url".equals(call.query().get("encoding-type"));
        StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult>");
        element(xml, "Bucket", call.bucket());
        element(xml, "Key", listed(call.key(), url));
        element(xml, "UploadId", u.uploadId());
        if (url) {
            element(xml, "EncodingType", "url");
        }
        xml.append("</InitiateMultipartUploadResult>");
        return Answer.xml(xml.toString());
    }

    private Answer uploadPart(Call call, Received body) {
        Multipart.Upload u =
                multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
        int number = Multipart.partNumber(call.query().get("partNumber"));
        Multipart.Part p = body.slot() != null
                ? multipart.putPlaced(u, body.slot(), body.size(), body.digest())
                : multipart.putPart(u, number, body.temp(), body.digest());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", quote(p.etag()));
        h.put("x-oss-hash-crc64ecma", p.crc64());
        return Answer.of(200, h, null);
    }

    /** UploadPartCopy: a part from an existing object, whole or {@code x-oss-copy-source-range: bytes=a-b}. */
    private Answer uploadPartCopy(Call call) {
        Multipart.Upload u =
                multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
        int number = Multipart.partNumber(call.query().get("partNumber"));
        String[] source = copySource(call);
        requireBucket(source[0]);
        ObjectStore.Stored s =
                store.snapshot(source[0], source[1]).orElseThrow(() -> OssError.noSuchKey(source[0], source[1]));
        Path temp = store.newTempFile();
        try {
            String ifMatch = call.headers().get("x-oss-copy-source-if-match");
            if (ifMatch != null
                    && !ifMatch.replace("\"", "")
                            .trim()
                            .equalsIgnoreCase(s.meta().etag())) {
                throw new OssError(
                        412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.");
            }
            String rangeHeader = call.headers().get("x-oss-copy-source-range");
            ByteRange range = rangeHeader == null
                    ? new ByteRange(0, s.meta().size() - 1)
                    : ByteRange.of(rangeHeader, s.meta().size(), true)
                            .orElseThrow(() -> new OssError(
                                    400, "InvalidArgument", "x-oss-copy-source-range must be bytes=first-last."));
            try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(s.file());
                    java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(
                            temp,
                            java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < range.length()) {
                    done += in.transferTo(range.first() + done, range.length() - done, out);
                }
            }
            Multipart.Part p = multipart.putPart(u, number, temp, ObjectStore.digest(temp));
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyPartResult><LastModified>"
                    + ISO_DATE.format(Instant.ofEpochMilli(p.lastModified())) + "</LastModified><ETag>"
                    + quote(p.etag()) + "</ETag></CopyPartResult>";
            return Answer.of(200, Map.of("Content-Type", "application/xml", "x-oss-hash-crc64ecma", p.crc64()), xml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            ObjectStore.deleteQuietly(temp);
            ObjectStore.deleteQuietly(s.file()); // the snapshot link
        }
    }

    private Answer completeMultipart(Call call, Buffer body) {
        Multipart.Upload u =
                multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
        requireBucket(call.bucket());
        java.util.List<Map.Entry<Integer, String>> chosen = new java.util.ArrayList<>();
        if ("yes".equalsIgnoreCase(call.headers().get("x-oss-complete-all"))) {
            if (body.length() > 0) {
                throw new OssError(400, "InvalidArgument", "x-oss-complete-all: yes takes no body.");
            }
            multipart.parts(u).forEach(p -> chosen.add(Map.entry(p.number(), p.etag())));
        } else {
            org.w3c.dom.Element root = OssXml.parse(body.getBytes(), "CompleteMultipartUpload");
            for (org.w3c.dom.Element part : OssXml.children(root, "Part")) {
                String number = OssXml.text(part, "PartNumber");
                String etag = OssXml.text(part, "ETag");
                if (number == null || etag == null) {
                    throw OssXml.malformed("a Part needs a PartNumber and an ETag");
                }
                chosen.add(Map.entry(Multipart.partNumber(number.trim()), etag));
            }
        }
        Path temp = store.newTempFile();
        ObjectStore.Stored s;
        try {
            ObjectStore.Digest digest = multipart.join(u, chosen, temp);
            s = store.place(
                    call.bucket(),
                    call.key(),
                    temp,
                    digest,
                    u.contentHeaders(),
                    u.user(),
                    "true".equalsIgnoreCase(call.headers().get("x-oss-forbid-overwrite")));
        } finally {
            ObjectStore.deleteQuietly(temp);
        }
        multipart.abort(u); // the parts are in the object now
        created("ObjectCreated:CompleteMultipartUpload", call, s);
        boolean url = "url".equals(call.query().get("encoding-type"));
        StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult>");
        if (url) {
            element(xml, "EncodingType", "url");
        }
        element(xml, "Location", endpoint + "/" + call.bucket() + "/" + SignatureCheck.encode(call.key(), true));
        element(xml, "Bucket", call.bucket());
        element(xml, "Key", listed(call.key(), url));
        element(xml, "ETag", quote(s.meta().etag()));
        xml.append("</CompleteMultipartUploadResult>");
        Map<String, String> h = new LinkedHashMap<>(writeHeaders(s.meta()));
        h.put("Content-Type", "application/xml");
        return Answer.of(200, h, xml.toString());
    }

    private Answer abortMultipart(Call call) {
        multipart.abort(multipart.upload(call.bucket(), call.key(), call.query().get("uploadId")));
        return Answer.of(204, Map.of(), null);
    }

    private Answer listParts(Call call) {
        Multipart.Upload u =
                multipart.upload(call.bucket(), call.key(), call.query().get("uploadId"));
        Map<String, String> q = call.query();
        int max = q.get("max-parts") == null ? 1000 : boundedInt(q.get("max-parts"), 1, 1000, "max-parts");
        int marker = q.get("part-number-marker") == null
                ? 0
                : boundedInt(q.get("part-number-marker"), 0, Multipart.MAX_PART_NUMBER, "part-number-marker");
        java.util.List<Multipart.Part> parts =
                multipart.parts(u).stream().filter(p -> p.number() > marker).toList();
        boolean truncated = parts.size() > max;
        java.util.List<Multipart.Part> page = truncated ? parts.subList(0, max) : parts;
        boolean url = "url".equals(q.get("encoding-type"));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListPartsResult>");
        element(xml, "Bucket", call.bucket());
        element(xml, "Key", listed(call.key(), url));
        element(xml, "UploadId", u.uploadId());
        element(xml, "StorageClass", "Standard");
        element(xml, "PartNumberMarker", Integer.toString(marker));
        element(
                xml,
                "NextPartNumberMarker",
                page.isEmpty()
                        ? "0"
                        : Integer.toString(page.get(page.size() - 1).number()));
        element(xml, "MaxParts", Integer.toString(max));
        element(xml, "IsTruncated", Boolean.toString(truncated));
        for (Multipart.Part p : page) {
            xml.append("<Part>");
            element(xml, "PartNumber", Integer.toString(p.number()));
            element(xml, "LastModified", ISO_DATE.format(Instant.ofEpochMilli(p.lastModified())));
            element(xml, "ETag", quote(p.etag()));
            element(xml, "HashCrc64ecma", p.crc64());
            element(xml, "Size", Long.toString(p.size()));
            xml.append("</Part>");
        }
        xml.append("</ListPartsResult>");
        return Answer.xml(xml.toString());
    }

    private Answer listMultipartUploads(Call call) {
        requireBucket(call.bucket());
        Map<String, String> q = call.query();
        int max = q.get("max-uploads") == null ? 1000 : boundedInt(q.get("max-uploads"), 1, 1000, "max-uploads");
        String prefix = q.getOrDefault("prefix", "");
        String keyMarker = q.get("key-marker");
        String idMarker = q.get("upload-id-marker");
        java.util.List<Multipart.Upload> all = multipart.uploads(call.bucket()).stream()
                .filter(u -> u.key().startsWith(prefix))
                .filter(u -> keyMarker == null
                        || u.key().compareTo(keyMarker) > 0
                        || (u.key().equals(keyMarker)
                                && idMarker != null
                                && u.uploadId().compareTo(idMarker) > 0))
                .toList();
        boolean truncated = all.size() > max;
        java.util.List<Multipart.Upload> page = truncated ? all.subList(0, max) : all;
        boolean url = "url".equals(q.get("encoding-type"));
        StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListMultipartUploadsResult>");
        element(xml, "Bucket", call.bucket());
        element(xml, "KeyMarker", listed(keyMarker == null ? "" : keyMarker, url));
        element(xml, "UploadIdMarker", idMarker == null ? "" : idMarker);
        element(
                xml,
                "NextKeyMarker",
                page.isEmpty() ? "" : listed(page.get(page.size() - 1).key(), url));
        element(
                xml,
                "NextUploadIdMarker",
                page.isEmpty() ? "" : page.get(page.size() - 1).uploadId());
        element(xml, "Delimiter", listed(q.getOrDefault("delimiter", ""), url));
        element(xml, "Prefix", listed(prefix, url));
        element(xml, "MaxUploads", Integer.toString(max));
        element(xml, "IsTruncated", Boolean.toString(truncated));
        if (url) {
            element(xml, "EncodingType", "url");
        }
        for (Multipart.Upload u : page) {
            xml.append("<Upload>");
            element(xml, "Key", listed(u.key(), url));
            element(xml, "UploadId", u.uploadId());
            element(xml, "StorageClass", "Standard");
            element(xml, "Initiated", ISO_DATE.format(Instant.ofEpochMilli(u.initiated())));
            xml.append("</Upload>");
        }
        xml.append("</ListMultipartUploadsResult>");
        return Answer.xml(xml.toString());
    }

    private static int boundedInt(String value, int min, int max, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the OSS error
        }
        throw new OssError(400, "InvalidArgument", name + " must be between " + min + " and " + max + ".");
    }

    /** A CORS preflight: OSS answers it without a signature, from the bucket's CORS rule. */
    private Answer preflight(Call call) {
        Map<String, String> h = cors.preflight(
                call.headers().get("origin"),
                call.headers().get("access-control-request-method"),
                Optional.ofNullable(call.headers().get("access-control-request-headers")));
        return Answer.of(200, h, null);
    }

    private Answer asyncProcess(Call call, String body) {
        String prefix = "x-oss-async-process=";
        if (!body.startsWith(prefix)) {
            throw new OssError(400, "InvalidRequest", "no x-oss-async-process parameter found");
        }
        String process = body.substring(prefix.length());
        requireBucket(call.bucket());
        store.head(call.bucket(), call.key()).orElseThrow(() -> OssError.noSuchKey(call.bucket(), call.key()));
        Plan plan = Plan.ofProcess(process, call.bucket(), call.key());
        String immRequestId = UUID.randomUUID().toString().toUpperCase();
        if (!plan.valid()) {
            // The OSS media-processing error shape: "<IMM code>, <IMM message>, <IMM request id>"
            String why = plan.errors().stream().map(Violation::message).collect(Collectors.joining("; "));
            throw new OssError(400, "Imm Client", "InvalidArgument, " + why + ", " + immRequestId);
        }
        AsyncTasks.Task task = new AsyncTasks.Task(
                "MediaConvert-" + UUID.randomUUID(),
                ThreadLocalRandom.current().nextInt(100, 999) + "-"
                        + HexFormat.of().formatHex(randomBytes(12)),
                immRequestId,
                call.bucket(),
                call.key(),
                process,
                plan,
                clock.instant());
        tasks.add(task);
        LOG.infof("embedded OSS accepted %s on %s/%s", task.taskId(), call.bucket(), call.key());
        String json;
        try {
            json = JSON.writeValueAsString(
                    Map.of("EventId", task.eventId(), "RequestId", task.requestId(), "TaskId", task.taskId()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Answer.of(200, Map.of("Content-Type", "application/json"), json);
    }

    /**
     * {@code GET ?x-oss-process=video/info}, answered by whatever {@link #onVideoInfo} installed (FFmpeg, from the
     * render package); the only synchronous process this server knows.
     */
    private Answer videoInfo(Call call) {
        String process = call.query().get("x-oss-process");
        if (!"video/info".equals(process)) {
            throw new OssError(
                    400,
                    "InvalidArgument",
                    "The embedded OSS server answers only x-oss-process=video/info," + " not " + process + ".");
        }
        requireBucket(call.bucket());
        store.head(call.bucket(), call.key()).orElseThrow(() -> OssError.noSuchKey(call.bucket(), call.key()));
        VideoInfo info = videoInfo;
        String immRequestId = UUID.randomUUID().toString().toUpperCase();
        if (info == null) {
            throw new OssError(
                    400,
                    "Imm Client",
                    "ResourceNotFound, the embedded server has no FFmpeg to read " + "media with, " + immRequestId);
        }
        // a hard link, so that a concurrent replace cannot change the bytes being probed; deleted below
        ObjectStore.Stored s = store.snapshot(call.bucket(), call.key())
                .orElseThrow(() -> OssError.noSuchKey(call.bucket(), call.key()));
        try {
            return Answer.of(
                    200,
                    Map.of("Content-Type", "application/json;charset=utf-8"),
                    info.describe(s.file(), s.meta().size(), immRequestId));
        } catch (IllegalArgumentException e) {
            throw new OssError(400, "Imm Client", "InvalidArgument.Media, " + e.getMessage() + ", " + immRequestId);
        } finally {
            s.file().toFile().delete(); // the snapshot's hard link
        }
    }

    /** What answers {@code video/info}: the DetectMediaMeta JSON of a stored file. */
    @FunctionalInterface
    public interface VideoInfo {
        /** @throws IllegalArgumentException when the file is not media */
        String describe(Path file, long size, String requestId);
    }

    private volatile VideoInfo videoInfo;

    public void onVideoInfo(VideoInfo answer) {
        this.videoInfo = answer;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void requireBucket(String bucket) {
        if (!store.bucketExists(bucket)) {
            throw new OssError(404, "NoSuchBucket", "The specified bucket does not exist.");
        }
    }

    private static Map<String, String> contentHeaders(Call call) {
        Map<String, String> h = new TreeMap<>();
        for (String name : ObjectStore.CONTENT_HEADERS) {
            String v = call.headers().get(name);
            if (v != null) {
                h.put(name, v);
            }
        }
        return h;
    }

    private static Map<String, String> userMetadata(Call call) {
        Map<String, String> user = new TreeMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> e : call.headers().entrySet()) {
            if (e.getKey().startsWith("x-oss-meta-")) {
                String name = e.getKey().substring("x-oss-meta-".length());
                user.put(name, e.getValue());
                bytes += name.length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (bytes > USER_METADATA_MAX_BYTES) {
            throw new OssError(400, "InvalidArgument", "The user metadata is larger than 8 KB.");
        }
        return user;
    }

    /**
     * The key a listing continues after, from the token this server handed out (URL-safe Base64 of that key). A token
     * it never made is OSS's 400 InvalidArgument, not a failure of the server.
     */
    private static String continuationKey(String token) {
        try {
            return PercentDecoding.utf8(Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new OssError(400, "InvalidArgument", "The continuation-token is not one this server issued.");
        }
    }

    private static int parseMaxKeys(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the OSS error
        }
        throw new OssError(400, "InvalidArgument", "max-keys must be between 1 and 1000.");
    }

    private static Answer error(OssError e, String requestId) {
        String ec = e.ec();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + escape(e.code()) + "</Code><Message>"
                + escape(e.getMessage()) + "</Message><RequestId>" + requestId
                + "</RequestId><HostId>127.0.0.1</HostId><EC>" + ec + "</EC></Error>";
        return Answer.of(e.status(), Map.of("Content-Type", "application/xml", "x-oss-ec", ec), xml);
    }

    /**
     * Sends the answer; {@code close} ends the connection once it is written. A file answer is a snapshot link made
     * for this answer, deleted once sent or when it cannot be.
     */
    private Future<Void> send(HttpServerRequest http, String requestId, Answer a, boolean close) {
        Future<Void> sent;
        try {
            HttpServerResponse r = http.response().setStatusCode(a.status());
            r.putHeader("x-oss-request-id", requestId);
            r.putHeader("Server", "AliyunOSS");
            r.putHeader("Date", HttpDates.format(clock.instant()));
            a.headers().forEach(r::putHeader);
            cors.answerHeaders(http.getHeader("origin")).forEach(r::putHeader);
            if (close) {
                r.putHeader("Connection", "close");
            }
            if (http.method() == HttpMethod.HEAD) {
                if (a.status() >= 400 && a.body() != null) {
                    // HEAD answers have no body; OSS carries the error document in this header instead
                    r.putHeader(
                            "x-oss-err",
                            Base64.getEncoder().encodeToString(a.body().getBytes()));
                }
                sent = r.end();
            } else if (a.status() == 304) {
                sent = r.end();
            } else if (a.file() != null && a.range() != null) {
                sent = r.sendFile(
                        a.file().toString(), a.range().first(), a.range().length());
            } else if (a.file() != null) {
                sent = r.sendFile(a.file().toString());
            } else if (a.body() != null) {
                sent = r.end(a.body());
            } else {
                sent = r.putHeader("Content-Length", "0").end();
            }
        } catch (RuntimeException e) {
            // the response was closed under us (the client left): nobody to answer
            sent = Future.failedFuture(e);
        }
        return sent.transform(result -> {
            if (a.file() != null) {
                ObjectStore.deleteQuietly(a.file());
            }
            if (close || result.failed()) {
                http.connection().close();
            }
            return Future.<Void>succeededFuture();
        });
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<')
                .append(name)
                .append('>')
                .append(escape(value))
                .append("</")
                .append(name)
                .append('>');
    }

    private static String listed(String value, boolean url) {
        return url ? SignatureCheck.encode(value, true) : value;
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
