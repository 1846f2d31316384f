package dev.ossconcat.oss;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.internal.OSSBucketOperation;
import com.aliyun.oss.internal.OSSObjectOperation;
import com.aliyun.oss.model.AsyncProcessObjectRequest;
import com.aliyun.oss.model.AsyncProcessObjectResult;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.GenericRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectRequest;
import dev.ossconcat.log.Untrusted;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;

/**
 * The OSS calls the function makes, every one signed with the credentials this session was made for
 * ({@link OssGateway#as}, {@link OssGateway#forRequest}, {@link OssGateway#asInstance}). A session is a value that
 * callers hand on, to other threads too: there is no ambient "current" credential that a call could pick up, or
 * forget, on its own. Sessions are cheap (a few small objects over the gateway's shared connection pool) and
 * thread-safe.
 */
public final class OssSession {

    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket");
    private static final List<String> CONTENT_HEADERS = List.of(
            "content-type", "content-disposition", "content-encoding", "content-language", "cache-control", "expires");
    /**
     * Codes with which OSS refuses the caller rather than the request: credentials, permissions, the bucket. Trying
     * again with the same credentials does not help, and the process string is not at fault.
     */
    private static final Set<String> CALLER_REFUSED = Set.of(
            "AccessDenied",
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId",
            "InvalidSecurityToken",
            "SecurityTokenExpired",
            "UserDisable",
            "NoSuchBucket");

    private final Credentials credentials;
    private final OSSObjectOperation objects;
    private final OSSBucketOperation buckets;
    private final OSSObjectOperation submissions;

    OssSession(
            Credentials credentials,
            OSSObjectOperation objects,
            OSSBucketOperation buckets,
            OSSObjectOperation submissions) {
        this.credentials = credentials;
        this.objects = objects;
        this.buckets = buckets;
        this.submissions = submissions;
    }

    /** The access key ID the calls are signed with (never the secret), for logs and tests; null when none. */
    public String accessKeyId() {
        return credentials == null ? null : credentials.getAccessKeyId();
    }

    /**
     * The SDK's view of a session's credentials: always the same, whoever asks, on whichever thread. Null (no request
     * credentials and none configured) fails each call with what to configure, as the first OSS call is where they
     * are missed; a dry run that never calls OSS needs none.
     */
    static CredentialsProvider provider(Credentials credentials) {
        return new CredentialsProvider() {
            @Override
            public void setCredentials(Credentials creds) {
                throw new UnsupportedOperationException("a session's credentials are fixed when it is made");
            }

            @Override
            public Credentials getCredentials() {
                if (credentials == null) {
                    throw new IllegalStateException("no OSS credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
                            + "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or concat.oss.access-key-id and -secret");
                }
                return credentials;
            }
        };
    }

    /** An object's bytes with its metadata. */
    public record Content(ObjectInfo info, byte[] bytes) {}

    /** One object of a listing. */
    public record Listed(String key, String etag, long size, java.time.Instant lastModified) {}

    /** One page of ListObjectsV2; {@code next} is the continuation token, or null on the last page. */
    public record Page(List<Listed> objects, String next) {}

    // ---- calls --------------------------------------------------------------------------------------------

    /** HEAD: the object's ETag, size and metadata, or empty when it (or its bucket) does not exist. */
    public Optional<ObjectInfo> head(String bucket, String key) {
        named(bucket, key);
        try {
            return Optional.of(info(bucket, key, objects.getObjectMetadata(new GenericRequest(bucket, key))));
        } catch (OSSException e) {
            if (MISSING.contains(e.getErrorCode())) {
                return Optional.empty();
            }
            throw failed("HEAD " + bucket + "/" + key, e);
        } catch (ClientException e) {
            throw failed("HEAD " + bucket + "/" + key, e);
        } catch (IllegalArgumentException e) {
            throw refused("HEAD", bucket, key, e);
        }
    }

    /** An object's content (at most {@code maxBytes}) and metadata, or empty when it does not exist. */
    public Optional<Content> get(String bucket, String key, long maxBytes) {
        named(bucket, key);
        try (OSSObject o = objects.getObject(new GetObjectRequest(bucket, key))) {
            ObjectInfo info = info(bucket, key, o.getObjectMetadata());
            if (info.size() > maxBytes) {
                throw new OssCallFailed(
                        "TooLarge",
                        bucket + "/" + key + " has " + info.size() + " bytes; at most " + maxBytes + " are read",
                        false,
                        null);
            }
            try (InputStream in = o.getObjectContent()) {
                return Optional.of(new Content(info, in.readNBytes((int) maxBytes)));
            }
        } catch (OSSException e) {
            if (MISSING.contains(e.getErrorCode())) {
                return Optional.empty();
            }
            throw failed("GET " + bucket + "/" + key, e);
        } catch (ClientException e) {
            throw failed("GET " + bucket + "/" + key, e);
        } catch (IOException e) {
            throw new OssCallFailed(
                    "ReadFailed", "reading " + bucket + "/" + key + " failed: " + e.getMessage(), true, e);
        } catch (IllegalArgumentException e) {
            throw refused("GET", bucket, key, e);
        }
    }

    /**
     * PUT. With {@code onlyIfAbsent} ({@code x-oss-forbid-overwrite}), returns false instead of replacing an
     * existing object: of several concurrent callers, exactly one gets true.
     */
    public boolean put(
            String bucket,
            String key,
            byte[] body,
            String contentType,
            Map<String, String> userMetadata,
            boolean onlyIfAbsent) {
        named(bucket, key);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentType(contentType);
        m.setContentLength(body.length);
        m.setUserMetadata(new HashMap<>(userMetadata));
        if (onlyIfAbsent) {
            m.setHeader("x-oss-forbid-overwrite", "true");
        }
        try {
            objects.putObject(new PutObjectRequest(bucket, key, new ByteArrayInputStream(body), m));
            return true;
        } catch (OSSException e) {
            if (onlyIfAbsent && "FileAlreadyExists".equals(e.getErrorCode())) {
                return false;
            }
            throw failed("PUT " + bucket + "/" + key, e);
        } catch (ClientException e) {
            throw failed("PUT " + bucket + "/" + key, e);
        } catch (IllegalArgumentException e) {
            throw refused("PUT", bucket, key, e);
        }
    }

    /**
     * Adds user metadata to an object by copying it onto itself with REPLACE, resending every existing content
     * header and user metadata entry (REPLACE keeps only what is sent). {@code ifMatch}, the ETag the caller read,
     * makes a concurrent content change fail with 412 instead of being overwritten.
     *
     * @return false when the object changed or vanished since it was read (412 or 404)
     */
    public boolean addMetadata(ObjectInfo current, Map<String, String> added) {
        named(current.bucket(), current.key());
        ObjectMetadata m = new ObjectMetadata();
        current.contentHeaders().forEach((name, value) -> m.setHeader(headerName(name), value));
        Map<String, String> user = new HashMap<>(current.userMetadata());
        user.putAll(added);
        m.setUserMetadata(user);
        CopyObjectRequest copy =
                new CopyObjectRequest(current.bucket(), current.key(), current.bucket(), current.key());
        copy.setNewObjectMetadata(m);
        copy.setMatchingETagConstraints(List.of(current.etag()));
        try {
            objects.copyObject(copy);
            return true;
        } catch (OSSException e) {
            if ("PreconditionFailed".equals(e.getErrorCode()) || MISSING.contains(e.getErrorCode())) {
                return false;
            }
            throw failed("CopyObject " + current.bucket() + "/" + current.key(), e);
        } catch (ClientException e) {
            throw failed("CopyObject " + current.bucket() + "/" + current.key(), e);
        } catch (IllegalArgumentException e) {
            throw refused("CopyObject", current.bucket(), current.key(), e);
        }
    }

    /**
     * OSS {@code video/info} (synchronous {@code x-oss-process}, IMM DetectMediaMeta underneath): the media facts of
     * an object as JSON, or empty when it does not exist. Needs the bucket bound to an IMM project, like concat.
     */
    public Optional<byte[]> videoInfo(String bucket, String key) {
        named(bucket, key);
        GetObjectRequest request = new GetObjectRequest(bucket, key);
        request.setProcess("video/info");
        try (OSSObject o = objects.getObject(request);
                InputStream in = o.getObjectContent()) {
            return Optional.of(in.readNBytes(1 << 20));
        } catch (OSSException e) {
            if (MISSING.contains(e.getErrorCode())) {
                return Optional.empty();
            }
            throw failed("video/info of " + bucket + "/" + key, e);
        } catch (ClientException e) {
            throw failed("video/info of " + bucket + "/" + key, e);
        } catch (IOException e) {
            throw new OssCallFailed(
                    "ReadFailed",
                    "reading video/info of " + bucket + "/" + key + " failed: " + e.getMessage(),
                    true,
                    e);
        } catch (IllegalArgumentException e) {
            throw refused("video/info", bucket, key, e);
        }
    }

    /** DELETE; deleting an object that does not exist is not an error (OSS answers 204 either way). */
    public void delete(String bucket, String key) {
        named(bucket, key);
        try {
            objects.deleteObject(new GenericRequest(bucket, key));
        } catch (OSSException e) {
            if (!MISSING.contains(e.getErrorCode())) {
                throw failed("DELETE " + bucket + "/" + key, e);
            }
        } catch (ClientException e) {
            throw failed("DELETE " + bucket + "/" + key, e);
        } catch (IllegalArgumentException e) {
            throw refused("DELETE", bucket, key, e);
        }
    }

    public Page list(String bucket, String prefix, String continuationToken, int maxKeys) {
        named(bucket, null);
        try {
            var r = buckets.listObjectsV2(new ListObjectsV2Request(bucket)
                    .withPrefix(prefix)
                    .withContinuationToken(continuationToken)
                    .withMaxKeys(maxKeys));
            List<Listed> listed = r.getObjectSummaries().stream()
                    .map(o -> new Listed(
                            o.getKey(),
                            trimQuotes(o.getETag()),
                            o.getSize(),
                            o.getLastModified().toInstant()))
                    .toList();
            return new Page(listed, r.isTruncated() ? r.getNextContinuationToken() : null);
        } catch (OSSException e) {
            throw failed("ListObjectsV2 " + bucket + "/" + prefix, e);
        } catch (ClientException e) {
            throw failed("ListObjectsV2 " + bucket + "/" + prefix, e);
        } catch (IllegalArgumentException e) {
            throw refused("ListObjectsV2", bucket, prefix, e);
        }
    }

    /**
     * {@code x-oss-async-process} on {@code bucket/key}, never retried: a blind retry after a lost answer could start
     * a second billed task.
     */
    public Submission submit(String bucket, String key, String process) {
        try {
            named(bucket, key);
        } catch (OssCallFailed e) {
            // refused before it was sent: nothing can have started, and the same names never succeed
            return new Submission.Rejected(e.code(), e.getMessage());
        }
        try {
            AsyncProcessObjectResult r =
                    submissions.asyncProcessObject(new AsyncProcessObjectRequest(bucket, key, process));
            return new Submission.Accepted(r.getTaskId(), r.getEventId(), r.getAsyncRequestId());
        } catch (OSSException e) {
            if (CALLER_REFUSED.contains(e.getErrorCode())) {
                return new Submission.Refused(e.getErrorCode(), e.getErrorMessage());
            }
            if (statusOf(e) < 500 && !"RequestTimeTooSkewed".equals(e.getErrorCode())) {
                return new Submission.Rejected(e.getErrorCode(), e.getErrorMessage());
            }
            return new Submission.Failed(e.getErrorCode() + ": " + e.getErrorMessage());
        } catch (ClientException e) {
            return notSent(e)
                    ? new Submission.Failed("OSS could not be reached: " + e.getErrorCode())
                    : new Submission.Unknown("no answer from OSS (" + e.getErrorCode() + "); the task may exist");
        } catch (IllegalArgumentException e) {
            // the SDK checks its arguments before it sends anything
            return new Submission.Rejected("InvalidArgument", e.getMessage());
        }
    }

    /** Connection refused or never established, or the host unknown: the request cannot have reached OSS. */
    private static boolean notSent(ClientException e) {
        Throwable c = e.getCause();
        return c instanceof HttpHostConnectException
                || c instanceof ConnectTimeoutException
                || c instanceof ConnectException
                || c instanceof UnknownHostException;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /**
     * Refuses a bucket name or key that OSS would refuse, before the SDK sees it: the SDK throws
     * IllegalArgumentException on some of them, and OSS answers the rest with an error that no retry changes.
     */
    private static void named(String bucket, String key) {
        String problem = OssNames.bucketProblem(bucket);
        if (problem != null) {
            throw new OssCallFailed("InvalidBucketName", problem, false, null);
        }
        problem = key == null ? null : OssNames.keyProblem(key);
        if (problem != null) {
            throw new OssCallFailed("InvalidObjectName", problem, false, null);
        }
    }

    /** The SDK refused its arguments before sending anything (a character it cannot put in a request, say). */
    private static OssCallFailed refused(String what, String bucket, String key, IllegalArgumentException e) {
        return new OssCallFailed(
                "InvalidArgument",
                what + " " + bucket + "/" + Untrusted.value(key) + " was not sent: " + e.getMessage(),
                false,
                e);
    }

    private static ObjectInfo info(String bucket, String key, ObjectMetadata m) {
        Map<String, String> content = new HashMap<>();
        m.getRawMetadata().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (CONTENT_HEADERS.contains(lower) && value != null) {
                content.put(lower, value.toString());
            }
        });
        Map<String, String> user = new HashMap<>();
        m.getUserMetadata().forEach((k, v) -> user.put(k.toLowerCase(Locale.ROOT), v));
        return new ObjectInfo(bucket, key, trimQuotes(m.getETag()), m.getContentLength(), content, user);
    }

    private static String headerName(String lower) {
        StringBuilder sb = new StringBuilder();
        for (String part : lower.split("-")) {
            sb.append(sb.length() == 0 ? "" : "-")
                    .append(Character.toUpperCase(part.charAt(0)))
                    .append(part.substring(1));
        }
        return sb.toString();
    }

    private static String trimQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static int statusOf(OSSException e) {
        // The SDK does not expose the HTTP status; OSS error codes tell the classes apart
        return switch (e.getErrorCode() == null ? "" : e.getErrorCode()) {
            case "InternalError",
                    "ServiceUnavailable",
                    "RequestTimeout",
                    "Throttling",
                    "TooManyRequests",
                    "ServerBusy" -> 500;
            default -> e.getErrorCode() != null && e.getErrorCode().startsWith("Unknown") ? 500 : 400;
        };
    }

    private static OssCallFailed failed(String what, OSSException e) {
        boolean retryable = statusOf(e) >= 500;
        return new OssCallFailed(
                e.getErrorCode(), what + " failed: " + e.getErrorCode() + " " + e.getErrorMessage(), retryable, e);
    }

    private static OssCallFailed failed(String what, ClientException e) {
        return new OssCallFailed(
                e.getErrorCode(), what + " failed: OSS could not be reached (" + e.getErrorCode() + ")", true, e);
    }
}
