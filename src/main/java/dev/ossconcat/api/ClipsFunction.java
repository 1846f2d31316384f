package dev.ossconcat.api;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.guard.AllowList;
import dev.ossconcat.http.ApiException;
import dev.ossconcat.http.Problem;
import dev.ossconcat.log.Untrusted;
import dev.ossconcat.oss.ObjectInfo;
import dev.ossconcat.oss.OssCallFailed;
import dev.ossconcat.oss.OssGateway;
import dev.ossconcat.oss.OssNames;
import dev.ossconcat.oss.OssSession;
import dev.ossconcat.report.Findings;
import dev.ossconcat.rules.Rules;
import dev.ossconcat.verify.ClipProbe;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /clips?bucket=&prefix=&cursor=}: the clips a composer can pick from, one page at a time, each with a
 * presigned URL a browser can preview it with (docs/api.md). Only objects whose names say they are media are listed
 * ({@link #MEDIA}): job records, playlists and folders under the same prefix are no clips.
 */
public class ClipsFunction {

    /** Keys asked of OSS per page; each media object among them costs one HEAD for its duration. */
    static final int PAGE = 50;

    /** An OSS continuation token is opaque; nothing longer than this, or outside printable ASCII, is one. */
    static final int MAX_CURSOR = 1024;

    /** The extensions of the containers OSS video/concat reads, lower case. */
    static final Set<String> MEDIA = Set.of(
            "mp4", "mov", "m4v", "mkv", "webm", "flv", "ts", "m2ts", "mts", "avi", "mpg", "mpeg", "3gp", "mxf", "wmv",
            "asf", "f4v");

    static final Set<String> PARAMETERS = Set.of("bucket", "prefix", "cursor");

    @Inject
    ConcatConfig config;

    @Inject
    AllowList allowList;

    @Inject
    OssGateway oss;

    @Inject
    ClipProbe probe;

    @Inject
    Clock clock;

    @Inject
    CurrentVertxRequest request;

    /** One listed clip; {@code durationMs} only when known. */
    public record Clip(String key, long size, String lastModified, Long durationMs, String url) {}

    /** A page; {@code next} is the cursor of the next page, absent on the last. */
    public record Page(String bucket, String prefix, List<Clip> clips, String next, String expiresAt) {}

    @Funq("clips")
    public Page clips(Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        Findings findings = new Findings();
        q.keySet().stream()
                .filter(name -> !PARAMETERS.contains(name))
                .sorted()
                .forEach(name -> findings.error(
                        name,
                        "unknown_parameter",
                        "GET /clips takes bucket, prefix and cursor; got " + Untrusted.quoted(name)));
        String bucket = q.getOrDefault("bucket", config.defaultBucket().orElse(null));
        if (bucket == null) {
            findings.error("bucket", "required", "bucket: give bucket= (no default bucket is configured)");
        } else {
            OssNames.checkBucket(findings, "bucket", bucket);
        }
        String prefix = q.getOrDefault("prefix", "");
        checkPrefix(findings, prefix);
        String cursor = q.get("cursor");
        checkCursor(findings, cursor);
        if (findings.hasErrors()) {
            throw invalid(findings);
        }
        allowList.checkReadable("bucket", bucket).ifPresent(v -> {
            throw new ApiException(403, "not_allowed", v.message(), Problem.of(List.of(v)), null);
        });
        OssSession session = oss.forRequest(request.getCurrent().request().headers()::get);
        Instant expires = Presigned.expiry(clock);
        try {
            OssSession.Page page = session.list(bucket, prefix, cursor, PAGE);
            List<Clip> clips = new ArrayList<>();
            for (OssSession.Listed o : page.objects()) {
                if (media(o.key())) {
                    clips.add(new Clip(
                            o.key(),
                            o.size(),
                            o.lastModified().toString(),
                            duration(session, bucket, o).orElse(null),
                            session.presignGet(bucket, o.key(), expires)));
                }
            }
            return new Page(bucket, prefix, clips, page.next(), expires.toString());
        } catch (OssCallFailed e) {
            if (cursor != null && "InvalidArgument".equals(e.code())) {
                // OSS refuses a continuation token it did not hand out; the caller's value, not OSS, is at fault
                Findings f = new Findings();
                f.error(
                        "cursor",
                        "cursor_unknown",
                        "cursor: " + Untrusted.quoted(cursor)
                                + " is not a cursor an earlier page of this listing gave");
                throw invalid(f);
            }
            if ("NoSuchBucket".equals(e.code())) {
                Findings f = new Findings();
                f.error("bucket", "bucket_missing", "bucket: there is no bucket " + Untrusted.quoted(bucket));
                throw new ApiException(
                        404, "unknown_bucket", f.errors().get(0).message(), Problem.of(f.errors()), null);
            }
            throw ConcatFunction.unavailable(e);
        }
    }

    static boolean media(String key) {
        int dot = key.lastIndexOf('.');
        return !key.endsWith("/")
                && dot > key.lastIndexOf('/')
                && MEDIA.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** From an earlier probe of the same object, else from the uploader's {@code duration-ms} metadata. */
    private Optional<Long> duration(OssSession session, String bucket, OssSession.Listed o) {
        Optional<Long> probed = probe.knownDuration(bucket, o.key(), o.lastModified());
        if (probed.isPresent()) {
            return probed; // no HEAD needed
        }
        return session.head(bucket, o.key()).flatMap(ObjectInfo::durationMs);
    }

    private static void checkPrefix(Findings findings, String prefix) {
        if (prefix.getBytes(StandardCharsets.UTF_8).length > Rules.KEY_MAX_BYTES) {
            findings.error(
                    "prefix",
                    "key_length",
                    "prefix: " + Untrusted.quoted(prefix) + " is longer than an OSS key (" + Rules.KEY_MAX_BYTES
                            + " bytes)");
        } else if (prefix.startsWith("/") || prefix.startsWith("\\")) {
            findings.error(
                    "prefix",
                    "key_leading_slash",
                    "prefix: " + Untrusted.quoted(prefix) + " starts with '" + prefix.charAt(0)
                            + "', which OSS keys cannot");
        } else if (prefix.chars().anyMatch(Character::isISOControl)) {
            findings.error(
                    "prefix",
                    "control_character",
                    "prefix: " + Untrusted.quoted(prefix) + " has a control character, which no clip key has here");
        }
    }

    private static void checkCursor(Findings findings, String cursor) {
        if (cursor == null) {
            return;
        }
        if (cursor.isEmpty() || cursor.length() > MAX_CURSOR || cursor.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            findings.error(
                    "cursor",
                    "cursor_format",
                    "cursor: " + Untrusted.quoted(cursor) + " is not a cursor: 1 to " + MAX_CURSOR
                            + " printable ASCII characters, as the next field of a page gives it");
        }
    }

    private static ApiException invalid(Findings findings) {
        return new ApiException(
                400, "invalid_query", findings.errors().get(0).message(), Problem.of(findings.errors()), null);
    }
}
