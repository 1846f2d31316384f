package dev.ossconcat.localoss;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes OSS V1 ({@code OSS ak:signature}) and V4 ({@code OSS4-HMAC-SHA256}) request signatures the way OSS
 * checks them, in the Authorization header or in a presigned URL's query, so that a wrong secret, an expired URL or
 * a skewed clock is caught locally exactly as OSS would catch it.
 */
public final class SignatureCheck {

    /** The request as the signer saw it: decoded key path, decoded query (null value = no '='), headers. */
    public record SignedRequest(
            String method, String resourcePath, Map<String, String> query, Map<String, String> headers) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** OSS refuses a request whose time is further than this from its own: RequestTimeTooSkewed. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The longest validity of a V4 presigned URL. */
    static final long MAX_V4_EXPIRES_SECONDS = 7 * 24 * 3600;

    /**
     * Sub-resources that V1 signs: the SDKs' list of signed parameters. Every one of them is signed, including those
     * this server does not implement, so that such a request fails as 501 NotImplemented, not as a signature
     * mismatch.
     */
    private static final Set<String> V1_SUBRESOURCES = Set.of(
            "acl",
            "uploads",
            "location",
            "cors",
            "logging",
            "website",
            "referer",
            "lifecycle",
            "delete",
            "append",
            "tagging",
            "objectMeta",
            "uploadId",
            "partNumber",
            "security-token",
            "position",
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding",
            "response-content-language",
            "response-content-type",
            "response-expires",
            "img",
            "style",
            "styleName",
            "replication",
            "replicationProgress",
            "replicationLocation",
            "cname",
            "bucketInfo",
            "comp",
            "qos",
            "live",
            "status",
            "vod",
            "startTime",
            "endTime",
            "x-oss-process",
            "processConfiguration",
            "symlink",
            "stat",
            "udf",
            "udfName",
            "udfImage",
            "udfImageDesc",
            "udfApplication",
            "udfApplicationLog",
            "restore",
            "versions",
            "versioning",
            "versionId",
            "encryption",
            "policy",
            "requestPayment",
            "x-oss-traffic-limit",
            "qosInfo",
            "asyncFetch",
            "sequential",
            "x-oss-request-payer",
            "vpcip",
            "vip",
            "inventory",
            "inventoryId",
            "continuation-token",
            "worm",
            "wormId",
            "wormExtend",
            "callback",
            "callback-var",
            "x-oss-async-process");

    /**
     * The only payload hash OSS's V4 accepts: the body is not signed, so the signature is checked from the request
     * line and headers before the body is read.
     */
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final Map<String, String> secrets;
    private final Clock clock;

    /** @param secrets secret access key by access key id */
    public SignatureCheck(Map<String, String> secrets) {
        this(secrets, Clock.systemUTC());
    }

    /** @param clock OSS's time, against which request times and presigned URLs' expiry are checked */
    public SignatureCheck(Map<String, String> secrets, Clock clock) {
        this.secrets = new ConcurrentHashMap<>(secrets);
        this.clock = clock;
    }

    /** Accepts another key pair from now on. */
    public void grant(String accessKeyId, String secret) {
        secrets.put(accessKeyId, secret);
    }

    /** Throws the OSS error OSS would answer, or returns the access key id of a correctly signed request. */
    public String verify(SignedRequest r) {
        String auth = r.header("authorization");
        if (auth == null || auth.isBlank()) {
            if (r.query().containsKey("x-oss-signature")) {
                return verifyV4Presigned(r);
            }
            if (r.query().containsKey("Signature")) {
                return verifyV1Presigned(r);
            }
            throw new OssError(403, "AccessDenied", "Anonymous access is forbidden for this operation.");
        }
        if (auth.startsWith("OSS4-HMAC-SHA256 ")) {
            return verifyV4(r, auth);
        }
        if (auth.startsWith("OSS ")) {
            return verifyV1(r, auth);
        }
        throw new OssError(400, "InvalidArgument", "Authorization header is invalid.");
    }

    /**
     * V1 in the header. The date line is the {@code Date} header, or {@code x-oss-date} when there is no
     * {@code Date} (as some official SDKs send it); the request time is {@code x-oss-date} when present, as OSS
     * takes it.
     */
    private String verifyV1(SignedRequest r, String auth) {
        String credential = auth.substring(4);
        int colon = credential.lastIndexOf(':');
        if (colon < 0) {
            throw new OssError(400, "InvalidArgument", "Authorization header is invalid.");
        }
        String accessKeyId = credential.substring(0, colon);
        String secret = secret(accessKeyId);
        String date = r.header("date") != null ? r.header("date") : r.header("x-oss-date");
        String time = r.header("x-oss-date") != null ? r.header("x-oss-date") : r.header("date");
        if (date == null) {
            throw new OssError(403, "AccessDenied", "The request has neither a Date nor an x-oss-date header.");
        }
        Instant at = HttpDates.parse(time)
                .or(() -> HttpDates.parseIsoBasic(time))
                .orElseThrow(() -> new OssError(403, "AccessDenied", "The request's date is not an HTTP date."));
        checkSkew(at);
        if (!matches(v1Signature(r, secret, date.trim()), credential.substring(colon + 1))) {
            throw mismatch();
        }
        return accessKeyId;
    }

    /** A V1 presigned URL: {@code OSSAccessKeyId}, {@code Expires} (epoch seconds) and {@code Signature}. */
    private String verifyV1Presigned(SignedRequest r) {
        String accessKeyId = r.query().get("OSSAccessKeyId");
        String expires = r.query().get("Expires");
        if (accessKeyId == null || expires == null || !expires.matches("[0-9]{1,12}")) {
            throw new OssError(400, "InvalidArgument", "A presigned URL needs OSSAccessKeyId, Expires and Signature.");
        }
        String secret = secret(accessKeyId);
        if (!matches(v1Signature(r, secret, expires), orEmpty(r.query().get("Signature")))) {
            throw mismatch();
        }
        if (clock.instant().isAfter(Instant.ofEpochSecond(Long.parseLong(expires)))) {
            throw expired();
        }
        return accessKeyId;
    }

    private static String v1Signature(SignedRequest r, String secret, String dateLine) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append('\n');
        sb.append(orEmpty(r.header("content-md5")).trim()).append('\n');
        sb.append(orEmpty(r.header("content-type")).trim()).append('\n');
        sb.append(dateLine).append('\n');
        TreeMap<String, String> ossHeaders = new TreeMap<>();
        r.headers().forEach((k, v) -> {
            if (k.startsWith("x-oss-")) {
                ossHeaders.put(k, v.trim());
            }
        });
        ossHeaders.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
        sb.append(r.resourcePath());
        char separator = '?';
        for (Map.Entry<String, String> p : new TreeMap<>(r.query()).entrySet()) {
            if (V1_SUBRESOURCES.contains(p.getKey())) {
                sb.append(separator).append(p.getKey());
                if (p.getValue() != null) {
                    sb.append('=').append(p.getValue());
                }
                separator = '&';
            }
        }
        return Base64.getEncoder()
                .encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), sb.toString()));
    }

    private String verifyV4(SignedRequest r, String auth) {
        Map<String, String> fields = new TreeMap<>();
        for (String part : auth.substring("OSS4-HMAC-SHA256 ".length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String signature = fields.get("Signature");
        String dateTime = r.header("x-oss-date");
        String payload = r.header("x-oss-content-sha256");
        if (payload != null && !payload.isEmpty() && !payload.equals(UNSIGNED_PAYLOAD)) {
            // OSS's V4 signs no payload hash; a client that sends one gets this answer, not a body check
            throw new OssError(400, "InvalidArgument", "x-oss-content-sha256 must be UNSIGNED-PAYLOAD.");
        }
        if (signature == null || dateTime == null) {
            throw new OssError(400, "InvalidArgument", "Authorization header or x-oss-date is invalid.");
        }
        Instant at = HttpDates.parseIsoBasic(dateTime)
                .orElseThrow(() -> new OssError(400, "InvalidArgument", "x-oss-date is not yyyyMMddTHHmmssZ."));
        checkSkew(at);
        String additional = fields.getOrDefault("AdditionalHeaders", "");
        return verifyV4Signature(r, fields.get("Credential"), dateTime, additional, r.query(), signature);
    }

    /**
     * A V4 presigned URL: {@code x-oss-credential}, {@code x-oss-date}, {@code x-oss-expires} (seconds, at most 7
     * days) and {@code x-oss-signature}; every other query parameter is signed.
     */
    private String verifyV4Presigned(SignedRequest r) {
        Map<String, String> q = r.query();
        String dateTime = q.get("x-oss-date");
        String expires = q.get("x-oss-expires");
        if (!"OSS4-HMAC-SHA256".equals(q.get("x-oss-signature-version"))
                || dateTime == null
                || expires == null
                || !expires.matches("[0-9]{1,9}")
                || Long.parseLong(expires) > MAX_V4_EXPIRES_SECONDS) {
            throw new OssError(
                    400,
                    "InvalidArgument",
                    "A V4 presigned URL needs x-oss-signature-version=OSS4-HMAC-SHA256, x-oss-credential, "
                            + "x-oss-date and x-oss-expires of at most 7 days.");
        }
        Instant at = HttpDates.parseIsoBasic(dateTime)
                .orElseThrow(() -> new OssError(400, "InvalidArgument", "x-oss-date is not yyyyMMddTHHmmssZ."));
        Map<String, String> signed = new TreeMap<>(q);
        signed.remove("x-oss-signature");
        String accessKeyId = verifyV4Signature(
                r,
                q.get("x-oss-credential"),
                dateTime,
                orEmpty(q.get("x-oss-additional-headers")),
                signed,
                q.get("x-oss-signature"));
        if (clock.instant().isAfter(at.plusSeconds(Long.parseLong(expires)))) {
            throw expired();
        }
        return accessKeyId;
    }

    private String verifyV4Signature(
            SignedRequest r,
            String credential,
            String dateTime,
            String additionalHeaders,
            Map<String, String> signedQuery,
            String signature) {
        String[] scope = orEmpty(credential).split("/");
        if (scope.length != 5 || signature == null || !scope[4].equals("aliyun_v4_request")) {
            throw new OssError(400, "InvalidArgument", "The V4 credential scope is invalid.");
        }
        String accessKeyId = scope[0];
        String date = scope[1];
        String region = scope[2];
        String product = scope[3];
        String secret = secret(accessKeyId);
        List<String> additional = additionalHeaders.isEmpty() ? List.of() : List.of(additionalHeaders.split(";"));

        StringBuilder canonical = new StringBuilder();
        canonical.append(r.method()).append('\n');
        canonical.append(encode(r.resourcePath(), true)).append('\n');
        TreeMap<String, String> query = new TreeMap<>();
        signedQuery.forEach((k, v) -> query.put(encode(k.trim(), false), encode(v == null ? null : v.trim(), false)));
        String sep = "";
        for (Map.Entry<String, String> p : query.entrySet()) {
            canonical.append(sep).append(p.getKey());
            if (!p.getValue().isEmpty()) {
                canonical.append('=').append(p.getValue());
            }
            sep = "&";
        }
        canonical.append('\n');
        TreeMap<String, String> signedHeaders = new TreeMap<>();
        r.headers().forEach((k, v) -> {
            if (k.equals("content-type")
                    || k.equals("content-md5")
                    || k.startsWith("x-oss-")
                    || additional.contains(k)) {
                signedHeaders.put(k, v.trim());
            }
        });
        signedHeaders.forEach(
                (k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        canonical.append('\n');
        canonical.append(String.join(";", additional)).append('\n');
        canonical.append(UNSIGNED_PAYLOAD);

        String stringToSign = "OSS4-HMAC-SHA256\n" + dateTime + "\n" + date + "/" + region + "/" + product
                + "/aliyun_v4_request\n" + HexFormat.of().formatHex(sha256(canonical.toString()));
        byte[] key = hmac("HmacSHA256", ("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac("HmacSHA256", key, region);
        key = hmac("HmacSHA256", key, product);
        key = hmac("HmacSHA256", key, "aliyun_v4_request");
        String expected = HexFormat.of().formatHex(hmac("HmacSHA256", key, stringToSign));
        if (!matches(expected, signature)) {
            throw mismatch();
        }
        return accessKeyId;
    }

    private void checkSkew(Instant at) {
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new OssError(
                    403,
                    "RequestTimeTooSkewed",
                    "The difference between the request time and the current time is too large.");
        }
    }

    private static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), orEmpty(given).getBytes(StandardCharsets.UTF_8));
    }

    private static OssError expired() {
        return new OssError(403, "AccessDenied", "Request has expired.");
    }

    private String secret(String accessKeyId) {
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            throw new OssError(
                    403,
                    "InvalidAccessKeyId",
                    "The OSS Access Key Id you provided does not exist in our " + "records.");
        }
        return secret;
    }

    private static OssError mismatch() {
        return new OssError(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the "
                        + "signature you provided. Check your key and signing method.");
    }

    /** HttpUtil.urlEncode of the SDK: form encoding with %20, %2A, ~ and, for paths, literal slashes. */
    static String encode(String value, boolean keepSlashes) {
        if (value == null) {
            return "";
        }
        String e = URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
        return keepSlashes ? e.replace("%2F", "/") : e;
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
