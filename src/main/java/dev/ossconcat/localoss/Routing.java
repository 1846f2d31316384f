package dev.ossconcat.localoss;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which operation a request is, from its method, whether it names an object, its query and its headers. Anything
 * this server does not implement is OSS's 501 NotImplemented before the body is read, so that a request for a
 * feature it lacks ({@code PUT ?acl}, {@code PUT ?tagging}, {@code DELETE ?tagging}, {@code PUT ?symlink}, an
 * encryption header, ...) can never be mistaken for a plain write or delete and damage an object.
 */
final class Routing {

    /**
     * Every sub-resource of the OSS API reference (bucket and object operations, and what the SDKs sign): a query
     * parameter with one of these names selects an operation. The ones this server implements are in
     * {@link #ALLOWED}; the rest are 501 on every method.
     */
    static final List<String> OSS_SUBRESOURCES = List.of(
            "acl",
            "append",
            "position",
            "asyncFetch",
            "bucketInfo",
            "callback",
            "callback-var",
            "cname",
            "comp",
            "continuation-token",
            "cors",
            "delete",
            "encryption",
            "endTime",
            "httpsConfig",
            "img",
            "inventory",
            "inventoryId",
            "lifecycle",
            "live",
            "location",
            "logging",
            "metaQuery",
            "objectMeta",
            "partNumber",
            "policy",
            "policyStatus",
            "processConfiguration",
            "publicAccessBlock",
            "qos",
            "qosInfo",
            "redundancyTransition",
            "referer",
            "regionList",
            "replication",
            "replicationLocation",
            "replicationProgress",
            "requestPayment",
            "resourceGroup",
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding",
            "response-content-language",
            "response-content-type",
            "response-expires",
            "restore",
            "seal",
            "select",
            "sequential",
            "stat",
            "startTime",
            "status",
            "style",
            "styleName",
            "symlink",
            "tagging",
            "transferAcceleration",
            "udf",
            "uploadId",
            "uploads",
            "versionId",
            "versioning",
            "versions",
            "vod",
            "website",
            "worm",
            "wormExtend",
            "wormId",
            "x-oss-async-process",
            "x-oss-process",
            "x-oss-request-payer",
            "x-oss-traffic-limit");

    /** Parameters of the request's authentication, allowed on every operation (presigned URLs, STS). */
    static final Set<String> AUTH_PARAMETERS = Set.of(
            "security-token",
            "OSSAccessKeyId",
            "Expires",
            "Signature",
            "x-oss-signature-version",
            "x-oss-credential",
            "x-oss-date",
            "x-oss-expires",
            "x-oss-signature",
            "x-oss-additional-headers",
            // a V4 presigned URL signed with STS credentials carries the token here, as the SDK writes it
            "x-oss-security-token");

    private static final Set<String> RESPONSE_OVERRIDES = Set.of(
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding",
            "response-content-language",
            "response-content-type",
            "response-expires");

    /** The query parameters each implemented operation understands (besides {@link #AUTH_PARAMETERS}). */
    static final Map<OssOperation, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry(OssOperation.GET_OBJECT, RESPONSE_OVERRIDES),
            Map.entry(OssOperation.HEAD_OBJECT, Set.of()),
            Map.entry(OssOperation.GET_OBJECT_META, Set.of("objectMeta")),
            Map.entry(OssOperation.PUT_OBJECT, Set.of()),
            Map.entry(OssOperation.COPY_OBJECT, Set.of()),
            Map.entry(OssOperation.DELETE_OBJECT, Set.of()),
            Map.entry(OssOperation.VIDEO_INFO, Set.of("x-oss-process")),
            Map.entry(OssOperation.ASYNC_PROCESS, Set.of("x-oss-async-process")),
            Map.entry(OssOperation.INITIATE_MULTIPART_UPLOAD, Set.of("uploads", "encoding-type")),
            Map.entry(OssOperation.UPLOAD_PART, Set.of("partNumber", "uploadId")),
            Map.entry(OssOperation.UPLOAD_PART_COPY, Set.of("partNumber", "uploadId")),
            Map.entry(OssOperation.COMPLETE_MULTIPART_UPLOAD, Set.of("uploadId", "encoding-type")),
            Map.entry(OssOperation.ABORT_MULTIPART_UPLOAD, Set.of("uploadId")),
            Map.entry(OssOperation.LIST_PARTS, Set.of("uploadId", "max-parts", "part-number-marker", "encoding-type")),
            Map.entry(
                    OssOperation.LIST_OBJECTS,
                    Set.of(
                            "list-type",
                            "prefix",
                            "delimiter",
                            "max-keys",
                            "encoding-type",
                            "continuation-token",
                            "start-after",
                            "fetch-owner")),
            Map.entry(
                    OssOperation.LIST_OBJECTS_V1, Set.of("prefix", "delimiter", "marker", "max-keys", "encoding-type")),
            Map.entry(
                    OssOperation.LIST_MULTIPART_UPLOADS,
                    Set.of(
                            "uploads",
                            "prefix",
                            "delimiter",
                            "key-marker",
                            "upload-id-marker",
                            "max-uploads",
                            "encoding-type")),
            Map.entry(OssOperation.GET_BUCKET_LOCATION, Set.of("location")),
            Map.entry(OssOperation.GET_BUCKET_INFO, Set.of("bucketInfo")),
            Map.entry(OssOperation.DELETE_MULTIPLE_OBJECTS, Set.of("delete", "encoding-type")),
            Map.entry(OssOperation.CORS_PREFLIGHT, Set.of()));

    /**
     * Request headers that ask for something this server does not do (ACLs, storage classes, encryption, tagging,
     * symlinks, callbacks, copy conditions other than if-match, throttling): 501, since ignoring them would store
     * an object other than the one the client asked for. A header whose value is the default is accepted.
     */
    static final Map<String, String> UNSUPPORTED_HEADERS = Map.ofEntries(
            Map.entry("x-oss-object-acl", "default"),
            Map.entry("x-oss-acl", ""),
            Map.entry("x-oss-storage-class", "Standard"),
            Map.entry("x-oss-server-side-encryption", ""),
            Map.entry("x-oss-server-side-data-encryption", ""),
            Map.entry("x-oss-server-side-encryption-key-id", ""),
            Map.entry("x-oss-tagging", ""),
            Map.entry("x-oss-tagging-directive", "Copy"),
            Map.entry("x-oss-symlink-target", ""),
            Map.entry("x-oss-callback", ""),
            Map.entry("x-oss-callback-var", ""),
            Map.entry("x-oss-copy-source-if-none-match", ""),
            Map.entry("x-oss-copy-source-if-modified-since", ""),
            Map.entry("x-oss-copy-source-if-unmodified-since", ""),
            Map.entry("x-oss-traffic-limit", ""),
            Map.entry("x-oss-request-payer", ""));

    private Routing() {}

    /** The operation, or 501 NotImplemented naming what is not implemented. */
    static OssOperation route(HttpMethod method, String key, Map<String, String> query, Map<String, String> headers) {
        OssOperation op = key == null ? bucketOperation(method, query) : objectOperation(method, query, headers);
        if (op == OssOperation.UNSUPPORTED) {
            throw notImplemented(method + " " + (key == null ? "on a bucket" : "on an object")
                    + describe(query.keySet().stream()
                            .filter(p -> !AUTH_PARAMETERS.contains(p))
                            .collect(Collectors.toList())));
        }
        Set<String> allowed = ALLOWED.get(op);
        boolean reading = method == HttpMethod.GET || method == HttpMethod.HEAD;
        for (String p : query.keySet()) {
            if (allowed.contains(p) || AUTH_PARAMETERS.contains(p)) {
                continue;
            }
            // OSS ignores parameters it does not know on a read (a browser's cache buster); a sub-resource, or
            // anything at all on a write, could change what the request does, so it is refused
            if (!reading || OSS_SUBRESOURCES.contains(p) || p.startsWith("x-oss-")) {
                throw notImplemented(method + " with the parameter '" + p + "'");
            }
        }
        for (Map.Entry<String, String> h : UNSUPPORTED_HEADERS.entrySet()) {
            String value = headers.get(h.getKey());
            if (value != null && !value.trim().equalsIgnoreCase(h.getValue())) {
                throw notImplemented("the header " + h.getKey());
            }
        }
        if (headers.containsKey("x-oss-copy-source-range") && op != OssOperation.UPLOAD_PART_COPY) {
            throw notImplemented("the header x-oss-copy-source-range outside UploadPartCopy");
        }
        return op;
    }

    private static OssOperation bucketOperation(HttpMethod method, Map<String, String> query) {
        if (method == HttpMethod.OPTIONS) {
            return OssOperation.CORS_PREFLIGHT;
        }
        if (method == HttpMethod.GET) {
            if (query.containsKey("uploads")) {
                return OssOperation.LIST_MULTIPART_UPLOADS;
            }
            if (query.containsKey("location")) {
                return OssOperation.GET_BUCKET_LOCATION;
            }
            if (query.containsKey("bucketInfo")) {
                return OssOperation.GET_BUCKET_INFO;
            }
            return "2".equals(query.get("list-type")) ? OssOperation.LIST_OBJECTS : OssOperation.LIST_OBJECTS_V1;
        }
        if (method == HttpMethod.POST && query.containsKey("delete")) {
            return OssOperation.DELETE_MULTIPLE_OBJECTS;
        }
        return OssOperation.UNSUPPORTED;
    }

    private static OssOperation objectOperation(
            HttpMethod method, Map<String, String> query, Map<String, String> headers) {
        boolean upload = query.containsKey("uploadId");
        boolean copy = headers.containsKey("x-oss-copy-source");
        if (method == HttpMethod.OPTIONS) {
            return OssOperation.CORS_PREFLIGHT;
        }
        if (method == HttpMethod.PUT) {
            if (query.containsKey("partNumber") && upload) {
                return copy ? OssOperation.UPLOAD_PART_COPY : OssOperation.UPLOAD_PART;
            }
            return copy ? OssOperation.COPY_OBJECT : OssOperation.PUT_OBJECT;
        }
        if (method == HttpMethod.GET) {
            if (upload) {
                return OssOperation.LIST_PARTS;
            }
            return query.containsKey("x-oss-process") ? OssOperation.VIDEO_INFO : OssOperation.GET_OBJECT;
        }
        if (method == HttpMethod.HEAD) {
            return query.containsKey("objectMeta") ? OssOperation.GET_OBJECT_META : OssOperation.HEAD_OBJECT;
        }
        if (method == HttpMethod.DELETE) {
            return upload ? OssOperation.ABORT_MULTIPART_UPLOAD : OssOperation.DELETE_OBJECT;
        }
        if (method == HttpMethod.POST) {
            if (query.containsKey("uploads")) {
                return OssOperation.INITIATE_MULTIPART_UPLOAD;
            }
            if (upload) {
                return OssOperation.COMPLETE_MULTIPART_UPLOAD;
            }
            if (query.containsKey("x-oss-async-process")) {
                return OssOperation.ASYNC_PROCESS;
            }
        }
        return OssOperation.UNSUPPORTED;
    }

    private static String describe(List<String> params) {
        return params.isEmpty() ? "" : " with " + String.join(", ", params);
    }

    private static OssError notImplemented(String what) {
        return new OssError(
                501, "NotImplemented", "The embedded OSS server does not implement " + what + "; nothing was changed.");
    }
}
