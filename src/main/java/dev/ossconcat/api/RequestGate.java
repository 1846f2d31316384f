package dev.ossconcat.api;

import dev.ossconcat.http.ErrorBody;
import dev.ossconcat.log.Untrusted;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What every request must be before a function sees it, answered in the documented error shape (docs/api.md):
 * <ul>
 *   <li>a URL of at most {@link #MAX_URL} characters (414 {@code url_too_long}) and headers of at most
 *       {@link #MAX_HEADERS} bytes in all (431 {@code headers_too_large});
 *   <li>a well-formed {@code Content-Type}, if any (400 {@code malformed_content_type});
 *   <li>a body in a media type the call reads (415 {@code unsupported_media_type}). Form and multipart bodies are
 *       refused on every call before anything reads them: the HTTP layer would decode them into fields and files
 *       (failing with a 500 on long fields, and writing uploads to disk) instead of handing the function the bytes.
 * </ul>
 * The HTTP server's own limits are set far above these (application.properties), so that such requests reach this
 * filter and get a JSON answer instead of the server's bare status line.
 */
@Singleton
public class RequestGate {

    /** Function Compute's own limit on the path and query of a request. */
    static final int MAX_URL = 4096;

    /**
     * Request headers in all, counted as name, value and 4 bytes of separators each. Function Compute takes 4 KB of
     * the caller's headers and adds its own (the STS credentials among them); this leaves room for both.
     */
    static final int MAX_HEADERS = 16384;

    /** What each call reads, by the essence of the media type; /status takes no body. */
    private static final Map<String, Reads> READS = Map.of(
            "/validate", Reads.JSON_OR_BYTES,
            "/concat", Reads.JSON_OR_BYTES,
            "/invoke", Reads.JSON_OR_BYTES,
            "/notify", Reads.ANY_BUT_FORMS,
            "/status", Reads.NOTHING,
            "/clips", Reads.NOTHING);

    /**
     * The one method each call takes, and what to send instead. Funqy would serve its functions on GET too, reading
     * the input from the query string, which no call here documents; and a GET must never start a billed task.
     */
    static final Map<String, Takes> METHODS = inOrder(
            Map.entry(
                    "/validate",
                    new Takes(HttpMethod.POST, "send POST /validate with a JSON playlist or process string")),
            Map.entry("/concat", new Takes(HttpMethod.POST, "send POST /concat with a JSON playlist")),
            Map.entry("/status", new Takes(HttpMethod.GET, "send GET /status?jobId=...&bucket=...")),
            Map.entry("/clips", new Takes(HttpMethod.GET, "send GET /clips?bucket=...&prefix=...")),
            Map.entry("/retry", new Takes(HttpMethod.POST, "send POST /retry?jobId=...&bucket=...")),
            Map.entry("/replay", new Takes(HttpMethod.POST, "send POST /replay?jobId=...&bucket=...")),
            Map.entry("/notify", new Takes(HttpMethod.POST, "/notify takes completion messages by POST")),
            Map.entry("/invoke", new Takes(HttpMethod.POST, "/invoke takes Function Compute events by POST")));

    /** Every call as "METHOD /path", in the order the API documentation lists them: for the 404 answer's advice. */
    static String calls() {
        var names = METHODS.entrySet().stream()
                .map(e -> e.getValue().method().name() + " " + e.getKey())
                .toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    @SafeVarargs
    private static Map<String, Takes> inOrder(Map.Entry<String, Takes>... entries) {
        var map = new java.util.LinkedHashMap<String, Takes>();
        for (var e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    record Takes(HttpMethod method, String advice) {}

    enum Reads {
        /** JSON, or the same bytes as Function Compute sends events ({@code application/octet-stream}). */
        JSON_OR_BYTES("JSON: send Content-Type: application/json (or application/octet-stream)"),
        /** Completion messages come as SMQ pushes them (XML or JSON) and are read as text. */
        ANY_BUT_FORMS("the body as it is (JSON or XML), never a form"),
        /** No body; a form sent anyway is refused like everywhere else, before anything decodes it. */
        NOTHING("no body, and never a form");

        final String says;

        Reads(String says) {
            this.says = says;
        }
    }

    private final HttpErrors errors;

    public RequestGate(HttpErrors errors) {
        this.errors = errors;
    }

    /**
     * The highest priority there is. Quarkus reads request bodies in a route of order {@code Integer.MIN_VALUE + 1}
     * (RouteConstants.ROUTE_ORDER_BODY_HANDLER), and a filter of priority p is a route of order -p registered before
     * it: only this priority makes the gate see a form before the body handler decodes it. So the gate also comes
     * before the bearer token; its answers say nothing about the deployment.
     */
    static final int PRIORITY = Integer.MAX_VALUE;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext rc) {
        if (sized(rc) && allowed(rc) && typed(rc)) {
            rc.next();
        }
    }

    private boolean sized(RoutingContext rc) {
        String uri = rc.request().uri();
        if (uri.length() > MAX_URL) {
            errors.write(
                    rc,
                    414,
                    new ErrorBody(
                            "url_too_long",
                            "the URL has " + uri.length() + " characters; at most " + MAX_URL + " are accepted"
                                    + " (Function Compute's limit): send long values in a POST body",
                            null,
                            null));
            return false;
        }
        int headers = 0;
        for (Map.Entry<String, String> h : rc.request().headers()) {
            headers += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headers > MAX_HEADERS) {
            errors.write(
                    rc,
                    431,
                    new ErrorBody(
                            "headers_too_large",
                            "the request headers have " + headers + " bytes; at most " + MAX_HEADERS + " are accepted",
                            null,
                            null));
            return false;
        }
        return true;
    }

    /** 405 with {@code Allow} for a method the call does not take; OPTIONS goes on to CORS, as before. */
    private boolean allowed(RoutingContext rc) {
        Takes takes = METHODS.get(rc.normalizedPath());
        HttpMethod method = rc.request().method();
        if (takes == null || method == takes.method() || method == HttpMethod.OPTIONS) {
            return true;
        }
        rc.response().putHeader("Allow", takes.method().name() + ", OPTIONS");
        errors.write(
                rc,
                405,
                new ErrorBody(
                        "method_not_allowed",
                        Untrusted.value(method.name()) + " " + rc.normalizedPath() + " is not allowed; "
                                + takes.advice(),
                        null,
                        null));
        return false;
    }

    private boolean typed(RoutingContext rc) {
        Reads reads = READS.get(rc.normalizedPath());
        List<String> given = rc.request().headers().getAll("Content-Type");
        if (reads == null || given.isEmpty()) {
            return true; // no body type to check: the call reads the body as its default type, if it reads one
        }
        String call = rc.request().method().name() + " " + rc.normalizedPath();
        String type = given.size() == 1 ? essence(given.get(0)) : null;
        if (type == null) {
            errors.write(
                    rc,
                    400,
                    new ErrorBody(
                            "malformed_content_type",
                            "Content-Type " + Untrusted.quoted(String.join(", ", given)) + " is not one media type"
                                    + " (type/subtype, then ;name=value parameters); " + call + " reads " + reads.says,
                            null,
                            null));
            return false;
        }
        boolean form = type.equals("application/x-www-form-urlencoded") || type.startsWith("multipart/");
        boolean read = !form
                && (reads != Reads.JSON_OR_BYTES
                        || rc.request().method() != HttpMethod.POST
                        || type.equals("application/json")
                        || type.endsWith("+json")
                        || type.equals("application/octet-stream"));
        if (!read) {
            errors.write(
                    rc,
                    415,
                    new ErrorBody(
                            "unsupported_media_type",
                            call + " reads " + reads.says + "; got " + Untrusted.quoted(type),
                            null,
                            null));
            return false;
        }
        return true;
    }

    /** Characters of an RFC 9110 token: media types and parameter names are made of them. */
    private static final Set<Character> TOKEN_MARKS =
            Set.of('!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~');

    /**
     * The media type ({@code type/subtype}, lower case) of a {@code Content-Type} value, or null when the value is
     * not one media type as RFC 9110 writes it: {@code type "/" subtype *(OWS ";" OWS [name "=" value])}, where a
     * value is a token or a quoted string.
     */
    static String essence(String value) {
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
        int slash = type.indexOf('/');
        if (slash <= 0
                || slash == type.length() - 1
                || !token(type, 0, slash)
                || !token(type, slash + 1, type.length())) {
            return null;
        }
        int i = semicolon;
        while (i >= 0 && i < value.length()) {
            i = parameter(value, i + 1); // past the ';', at the next ';' or the end; -1 when malformed
            if (i < 0) {
                return null;
            }
        }
        return type.toLowerCase(Locale.ROOT);
    }

    /** Reads {@code OWS [name=value] OWS} from {@code i}; the index of the next ';', the end, or -1 if malformed. */
    private static int parameter(String v, int i) {
        i = skipSpace(v, i);
        if (i == v.length() || v.charAt(i) == ';') {
            return i; // an empty parameter, which RFC 9110 allows
        }
        int name = i;
        while (i < v.length() && tokenChar(v.charAt(i))) {
            i++;
        }
        if (i == name || i == v.length() || v.charAt(i) != '=') {
            return -1;
        }
        i++;
        if (i < v.length() && v.charAt(i) == '"') {
            i++;
            while (i < v.length() && v.charAt(i) != '"') {
                i += v.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= v.length()) {
                return -1;
            }
            i++;
        } else {
            int start = i;
            while (i < v.length() && tokenChar(v.charAt(i))) {
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        i = skipSpace(v, i);
        return i == v.length() || v.charAt(i) == ';' ? i : -1;
    }

    private static int skipSpace(String v, int i) {
        while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean token(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!tokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TOKEN_MARKS.contains(c);
    }
}
