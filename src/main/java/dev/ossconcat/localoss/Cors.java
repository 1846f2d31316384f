package dev.ossconcat.localoss;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded server's CORS rule, as OSS applies a bucket's: origins that may call it (each may hold one {@code *},
 * e.g. {@code http://localhost:*}), all the methods it implements, any request header, and the response headers a
 * page needs for uploads and ranged playback. An empty list turns CORS off: preflights are 403 AccessForbidden.
 */
public record Cors(List<String> origins) {

    static final String METHODS = "GET, PUT, POST, DELETE, HEAD";
    static final String EXPOSED = "ETag, x-oss-request-id, x-oss-hash-crc64ecma, Content-Range, Accept-Ranges, "
            + "Content-Length, Last-Modified, x-oss-object-type";
    static final String MAX_AGE = "600";

    public Cors {
        origins = List.copyOf(origins);
    }

    /** Only pages served from this machine: the documented local credentials are public, so other origins are not. */
    public static Cors localPages() {
        return new Cors(List.of("http://localhost:*", "http://127.0.0.1:*"));
    }

    boolean allows(String origin) {
        return origin != null && origins.stream().anyMatch(rule -> matches(rule, origin));
    }

    private static boolean matches(String rule, String origin) {
        int star = rule.indexOf('*');
        if (star < 0) {
            return rule.equals(origin);
        }
        String head = rule.substring(0, star);
        String tail = rule.substring(star + 1);
        return origin.length() >= head.length() + tail.length() && origin.startsWith(head) && origin.endsWith(tail);
    }

    /** The headers of an answer to an allowed cross-origin request; empty when it is not one. */
    Map<String, String> answerHeaders(String origin) {
        Map<String, String> h = new TreeMap<>();
        if (allows(origin)) {
            h.put("Access-Control-Allow-Origin", origin);
            h.put("Access-Control-Allow-Methods", METHODS);
            h.put("Access-Control-Expose-Headers", EXPOSED);
            h.put("Access-Control-Max-Age", MAX_AGE);
            h.put("Vary", "Origin");
        }
        return h;
    }

    /**
     * A preflight: the headers of a 200 answer, or OSS's 403 AccessForbidden when the origin or method is not
     * allowed.
     */
    Map<String, String> preflight(String origin, String method, Optional<String> requestHeaders) {
        if (origins.isEmpty()) {
            throw new OssError(403, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.");
        }
        if (!allows(origin)
                || method == null
                || !java.util.Set.of(METHODS.split(", ")).contains(method.trim())) {
            throw new OssError(
                    403,
                    "AccessForbidden",
                    "CORSResponse: This CORS request is not allowed. The Origin or Access-Control-Request-Method is "
                            + "not allowed by the embedded server's CORS rule.");
        }
        Map<String, String> h = answerHeaders(origin);
        requestHeaders.ifPresent(v -> h.put("Access-Control-Allow-Headers", v));
        return h;
    }
}
