package dev.ossconcat.notify;

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
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The signature SMQ (formerly MNS) puts on every HTTP push: {@code Authorization} is Base64 of SHA1withRSA over
 * {@code METHOD\nContent-MD5\nContent-Type\nDate\n<x-mns-* headers>resource}, made with the key of the certificate
 * that {@code x-mns-signing-cert-url} (Base64) names. Pure: the caller fetches the certificate.
 */
public final class SmqSignature {

    /** SMQ refuses requests whose Date is 15 minutes off; an endpoint should refuse older pushes (replays) too. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /**
     * The hosts SMQ documents for its signing certificates: mnstest.oss-cn-hangzhou.aliyuncs.com, and
     * mns-cert.oss-&lt;region&gt;.aliyuncs.com. Anyone can sign with a certificate of their own; only these count.
     */
    static final Pattern CERTIFICATE_HOST =
            Pattern.compile("mnstest\\.oss-cn-hangzhou\\.aliyuncs\\.com|mns-cert\\.oss-[a-z0-9-]+\\.aliyuncs\\.com");

    private SmqSignature() {}

    /**
     * One push as received.
     *
     * @param resource the request path with its query, as SMQ signed it ({@code /notify})
     * @param headers  names in lower case
     */
    public record Request(String method, String resource, Map<String, String> headers, byte[] body) {}

    /** Why a push is not taken as SMQ's; the message names the header and the rule, never the signature. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Where to fetch the signing certificate. The documentation's own sample names it with {@code http://}; it is
     * fetched over https all the same, so that nobody on the way can swap it.
     */
    public static URI certificateUrl(Request r) throws Refused {
        String encoded = r.headers().get("x-mns-signing-cert-url");
        if (encoded == null || encoded.isBlank()) {
            throw new Refused("x-mns-signing-cert-url is missing: the push is not signed by SMQ");
        }
        URI url;
        try {
            url = URI.create(new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new Refused("x-mns-signing-cert-url is not the Base64 of a URL");
        }
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                || url.getHost() == null
                || !CERTIFICATE_HOST.matcher(url.getHost()).matches()
                || url.getPort() != -1
                || url.getRawUserInfo() != null) {
            throw new Refused("x-mns-signing-cert-url names " + url + ", which is not an SMQ certificate host "
                    + "(mnstest.oss-cn-hangzhou.aliyuncs.com or mns-cert.oss-<region>.aliyuncs.com)");
        }
        return URI.create("https://" + url.getHost() + url.getRawPath());
    }

    /** Checks the push against the signing certificate's key, at {@code now}. */
    public static void verify(Request r, PublicKey key, Instant now) throws Refused {
        String authorization = r.headers().get("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new Refused("Authorization is missing: the push is not signed by SMQ");
        }
        checkDate(r, now);
        checkBody(r);
        boolean valid;
        try {
            Signature sha1WithRsa = Signature.getInstance("SHA1withRSA");
            sha1WithRsa.initVerify(key);
            sha1WithRsa.update(stringToSign(r).getBytes(StandardCharsets.UTF_8));
            valid = sha1WithRsa.verify(Base64.getDecoder().decode(authorization.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refused("Authorization does not verify with the SMQ certificate: signed by someone else, or "
                    + "a signed header or the path was changed");
        }
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

    private static void checkDate(Request r, Instant now) throws Refused {
        String date = date(r.headers());
        Instant sent;
        try {
            sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused("Date '" + date + "' is not an HTTP date (Wed, 25 May 2016 10:46:14 GMT)");
        }
        if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new Refused("Date " + date + " is more than 15 minutes from now: a late or replayed push");
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
        if (!declared.strip().equals(hex) && !declared.strip().equals(raw)) {
            throw new Refused("Content-MD5 does not match the body: the body was changed after SMQ signed it");
        }
    }
}
