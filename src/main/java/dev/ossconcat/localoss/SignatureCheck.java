package dev.ossconcat.localoss;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
 * Recomputes OSS V1 ({@code OSS ak:signature}) and V4 ({@code OSS4-HMAC-SHA256}) request signatures the way
 * aliyun-sdk-oss 3.18 computes them (its SignUtils and OSSV4Signer), so that a wrong secret is caught locally
 * exactly as OSS would catch it. Request-time skew is not checked.
 */
public final class SignatureCheck {

    /** The request as the signer saw it: decoded key path, decoded query (null value = no '='), headers. */
    public record SignedRequest(
            String method, String resourcePath, Map<String, String> query, Map<String, String> headers) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /**
     * Sub-resources that V1 signs (SignParameters.SIGNED_PARAMTERS of the SDK, the part this server can receive).
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
            "x-oss-process",
            "continuation-token",
            "x-oss-async-process",
            "x-oss-request-payer",
            "x-oss-traffic-limit",
            "versionId",
            "versions",
            "versioning",
            "symlink",
            "restore",
            "stat",
            "sequential");

    /**
     * The only payload hash OSS's V4 accepts: the body is not signed, so the signature is checked from the request
     * line and headers before the body is read.
     */
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final Map<String, String> secrets;

    /** @param secrets secret access key by access key id */
    public SignatureCheck(Map<String, String> secrets) {
        this.secrets = new ConcurrentHashMap<>(secrets);
    }

    /** Accepts another key pair from now on. */
    public void grant(String accessKeyId, String secret) {
        secrets.put(accessKeyId, secret);
    }

    /** Throws the OSS error OSS would answer, or returns the access key id of a correctly signed request. */
    public String verify(SignedRequest r) {
        String auth = r.header("authorization");
        if (auth == null || auth.isBlank()) {
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

    private String verifyV1(SignedRequest r, String auth) {
        String credential = auth.substring(4);
        int colon = credential.lastIndexOf(':');
        if (colon < 0) {
            throw new OssError(400, "InvalidArgument", "Authorization header is invalid.");
        }
        String accessKeyId = credential.substring(0, colon);
        String secret = secret(accessKeyId);
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append('\n');
        sb.append(orEmpty(r.header("content-md5")).trim()).append('\n');
        sb.append(orEmpty(r.header("content-type")).trim()).append('\n');
        sb.append(orEmpty(r.header("date")).trim()).append('\n');
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
        String expected = Base64.getEncoder()
                .encodeToString(hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), sb.toString()));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8),
                credential.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            throw mismatch();
        }
        return accessKeyId;
    }

    private String verifyV4(SignedRequest r, String auth) {
        Map<String, String> fields = new TreeMap<>();
        for (String part : auth.substring("OSS4-HMAC-SHA256 ".length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String[] scope = orEmpty(fields.get("Credential")).split("/");
        String signature = fields.get("Signature");
        String dateTime = r.header("x-oss-date");
        if (scope.length != 5 || signature == null || dateTime == null || !scope[4].equals("aliyun_v4_request")) {
            throw new OssError(400, "InvalidArgument", "Authorization header or x-oss-date is invalid.");
        }
        String payload = r.header("x-oss-content-sha256");
        if (payload != null && !payload.isEmpty() && !payload.equals(UNSIGNED_PAYLOAD)) {
            // OSS's V4 signs no payload hash; a client that sends one gets this answer, not a body check
            throw new OssError(400, "InvalidArgument", "x-oss-content-sha256 must be UNSIGNED-PAYLOAD.");
        }
        String accessKeyId = scope[0];
        String date = scope[1];
        String region = scope[2];
        String product = scope[3];
        String secret = secret(accessKeyId);
        List<String> additional = fields.containsKey("AdditionalHeaders")
                ? List.of(fields.get("AdditionalHeaders").split(";"))
                : List.of();

        StringBuilder canonical = new StringBuilder();
        canonical.append(r.method()).append('\n');
        canonical.append(encode(r.resourcePath(), true)).append('\n');
        TreeMap<String, String> query = new TreeMap<>();
        r.query().forEach((k, v) -> query.put(encode(k.trim(), false), encode(v == null ? null : v.trim(), false)));
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
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            throw mismatch();
        }
        return accessKeyId;
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
