package dev.ossconcat.notify;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.ossconcat.log.Untrusted;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature SMQ (formerly MNS) puts on every HTTP push: {@code Authorization} is Base64 of SHA1withRSA over
 * {@code METHOD\nContent-MD5\nContent-Type\nDate\n<x-mns-* headers>resource}, made with the key of the certificate
 * that {@code x-mns-signing-cert-url} (Base64) names. Pure: the caller fetches the certificate.
 *
 * <p>Checking is in two steps, so that a push that is malformed costs nothing: {@link #check} looks at the presence
 * and shape of every signature header, the date and the body's digest, all without I/O; only a push that passes it
 * has its certificate fetched, and then {@link #verify} checks the signature itself. Whatever is wrong, the answer is
 * {@link Refused}, which {@code /notify} answers with 403.
 */
public final class SmqSignature {

    /** SMQ refuses requests whose Date is 15 minutes off; an endpoint should refuse older pushes (replays) too. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /**
     * The certificate URLs SMQ documents ("Verify HTTP push message signatures"): on the host
     * {@code mnstest.oss-cn-hangzhou.aliyuncs.com} or {@code mns-cert.oss-cn-<region>.aliyuncs.com}. Anyone can sign
     * with a certificate of their own; only these count. The region is one short name with at most two short
     * suffixes, and the path plain characters only, so that nothing else (a port, user info, a query, a host label
     * too long for DNS) is ever fetched.
     */
    static final Pattern CERTIFICATE_URL = Pattern.compile("(?:https?)://"
            + "(mnstest\\.oss-cn-hangzhou\\.aliyuncs\\.com"
            + "|mns-cert\\.oss-cn-[a-z]{1,20}(?:-[a-z0-9]{1,12}){0,2}\\.aliyuncs\\.com)"
            + "(/[A-Za-z0-9._/-]{1,255})");

    /** An RSA signature of 512 to 8192 bits: 64 to 1024 bytes, Base64 of those at most 1368 characters. */
    static final int MIN_SIGNATURE_BYTES = 64;

    static final int MAX_SIGNATURE_BYTES = 1024;

    /** Longer than any genuine value of the header: refused before it is decoded or parsed. */
    static final int MAX_HEADER_CHARS = 2048;

    private SmqSignature() {}

    /**
     * One push as received.
     *
     * @param resource the request path with its query, as SMQ signed it ({@code /notify})
     * @param headers  names in lower case
     */
    public record Request(String method, String resource, Map<String, String> headers, byte[] body) {}

    /**
     * A push whose signature headers have the right shape: where its certificate is, and the signature to check
     * with it.
     */
    public record Signed(URI certificate, byte[] signature) {}

    /** Why a push is not taken as SMQ's; the message names the header and the rule, never the signature. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Everything that can be checked without fetching the certificate, in this order: that {@code Authorization},
     * {@code x-mns-signing-cert-url} and {@code Date} (or {@code x-mns-date}) are there at all; that the signature is
     * Base64 of an RSA signature's length; that the date is an HTTP date within {@link #MAX_SKEW} of {@code now};
     * that the certificate URL names a documented SMQ certificate; and that the body matches its
     * {@code Content-MD5}.
     */
    public static Signed check(Request r, Instant now) throws Refused {
        Map<String, String> h = r.headers();
        List<String> missing = new ArrayList<>();
        if (blank(h.get("authorization"))) {
            missing.add("Authorization");
        }
        if (blank(h.get("x-mns-signing-cert-url"))) {
            missing.add("x-mns-signing-cert-url");
        }
        if (blank(date(h))) {
            missing.add("Date");
        }
        if (!missing.isEmpty()) {
            throw new Refused(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing: the push is not signed by SMQ");
        }
        byte[] signature = signature(h.get("authorization"));
        checkDate(r, now);
        URI certificate = certificateUrl(r);
        checkBody(r);
        return new Signed(certificate, signature);
    }

    /**
     * Where to fetch the signing certificate. The documentation's own sample names it with {@code http://}; it is
     * fetched over https all the same, so that nobody on the way can swap it.
     */
    public static URI certificateUrl(Request r) throws Refused {
        String encoded = r.headers().get("x-mns-signing-cert-url");
        if (blank(encoded)) {
            throw new Refused("x-mns-signing-cert-url is missing: the push is not signed by SMQ");
        }
        String url;
        try {
            url = new String(Base64.getDecoder().decode(bounded("x-mns-signing-cert-url", encoded)), UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("x-mns-signing-cert-url is not the Base64 of a URL");
        }
        Matcher m = CERTIFICATE_URL.matcher(url);
        if (!m.matches()) {
            throw new Refused(
                    "x-mns-signing-cert-url names " + Untrusted.value(url) + ", which is not an SMQ certificate "
                            + "host (https://mnstest.oss-cn-hangzhou.aliyuncs.com/... or "
                            + "https://mns-cert.oss-cn-<region>.aliyuncs.com/...)");
        }
        return URI.create("https://" + m.group(1) + m.group(2));
    }

    /** Checks the signature of a push that passed {@link #check} against the signing certificate's key. */
    public static void verify(Request r, Signed signed, PublicKey key) throws Refused {
        boolean valid;
        try {
            Signature sha1WithRsa = Signature.getInstance("SHA1withRSA");
            sha1WithRsa.initVerify(key);
            sha1WithRsa.update(stringToSign(r).getBytes(UTF_8));
            valid = sha1WithRsa.verify(signed.signature());
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refused("Authorization does not verify with the SMQ certificate: signed by someone else, or "
                    + "a signed header or the path was changed");
        }
    }

    /** Both steps at once, for a caller that has the key already. */
    public static void verify(Request r, PublicKey key, Instant now) throws Refused {
        verify(r, check(r, now), key);
    }

    /** The string SMQ signs (its documentation, "Verify HTTP push message signatures", step 2). */
    static String stringToSign(Request r) {
        Map<String, String> h = r.headers();
        StringBuilder s = new StringBuilder(r.method())
                .append('\n')
                .append(h.getOrDefault("content-md5", ""))
                .append('\n')
                .append(h.getOrDefault("content-type", ""))
                .append('\n')
                .append(date(h))
                .append('\n');
        new TreeMap<>(h).forEach((name, value) -> {
            if (name.startsWith("x-mns-")) {
                s.append(name).append(':').append(value).append('\n');
            }
        });
        return s.append(r.resource()).toString();
    }

    private static String date(Map<String, String> h) {
        return h.getOrDefault("date", h.getOrDefault("x-mns-date", ""));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A header value short enough to decode or parse; the value itself is never repeated in the message. */
    private static String bounded(String header, String value) throws Refused {
        if (value.length() > MAX_HEADER_CHARS) {
            throw new Refused(header + " has " + value.length() + " characters; SMQ's are far shorter");
        }
        return value.strip();
    }

    private static byte[] signature(String authorization) throws Refused {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(bounded("Authorization", authorization));
        } catch (IllegalArgumentException e) {
            throw new Refused("Authorization is not Base64: the push is not signed by SMQ");
        }
        if (bytes.length < MIN_SIGNATURE_BYTES || bytes.length > MAX_SIGNATURE_BYTES) {
            throw new Refused("Authorization decodes to " + bytes.length + " bytes, which is no RSA signature");
        }
        return bytes;
    }

    private static void checkDate(Request r, Instant now) throws Refused {
        String date = bounded("Date", date(r.headers()));
        Instant sent;
        try {
            sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(
                    "Date '" + Untrusted.value(date) + "' is not an HTTP date (Wed, 25 May 2016 10:46:14 GMT)");
        }
        if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new Refused(
                    "Date " + Untrusted.value(date) + " is more than 15 minutes from now: a late or replayed push");
        }
    }

    /**
     * The signature covers Content-MD5, not the body, so the body must match it. SMQ sends the Base64 of the hex
     * digest (its sample); the Base64 of the raw digest, the HTTP convention, is taken too.
     */
    private static void checkBody(Request r) throws Refused {
        String declared = r.headers().get("content-md5");
        if (declared == null) {
            return; // unsigned as well, so absent from every genuine push that lacks it: nothing to hold it to
        }
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(r.body());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
        Base64.Encoder b64 = Base64.getEncoder();
        String hex = b64.encodeToString(HexFormat.of().formatHex(md5).getBytes(StandardCharsets.US_ASCII));
        String raw = b64.encodeToString(md5);
        String given = bounded("Content-MD5", declared);
        if (!given.equals(hex) && !given.equals(raw)) {
            throw new Refused("Content-MD5 does not match the body: the body was changed after SMQ signed it");
        }
    }
}
