package dev.ossconcat.localoss;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requests no well-behaved client sends, over a plain socket: malformed escapes in the request line, bodies that stop
 * halfway, broken chunk encodings. The SDK and {@code java.net.http} refuse to send these, so tests of how the
 * embedded server answers them need bytes on a socket.
 */
final class RawHttp implements AutoCloseable {

    /**
     * Only a guard against a server that never answers: no answer and no close within this is a hang. Every answer
     * expected here comes at once, so the value does not matter as long as it is generous.
     */
    static final int HANG_GUARD_MILLIS = 30_000;

    /** The status, lower-case headers and body of an answer. */
    record Response(int status, Map<String, String> headers, String body) {

        /** The OSS error code of the XML body, or of {@code x-oss-err} for HEAD; null when there is none. */
        String code() {
            String xml = body;
            if (xml.isEmpty() && headers.containsKey("x-oss-err")) {
                xml = new String(Base64.getDecoder().decode(headers.get("x-oss-err")), StandardCharsets.UTF_8);
            }
            int start = xml.indexOf("<Code>");
            int end = xml.indexOf("</Code>");
            return start < 0 || end < start ? null : xml.substring(start + "<Code>".length(), end);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(HANG_GUARD_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes bytes; false when the server has already closed the connection (it may refuse a request early). */
    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Half-closes: the server sees the end of the request stream, as when a client dies after writing. */
    void endOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset instead of a FIN, as an aborted client does. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Reads one answer; null when the server closed the connection instead of answering. Fails the test when
     * neither happens within {@link #HANG_GUARD_MILLIS}.
     */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads the answer to a HEAD request: its Content-Length describes a body that is not sent. */
    Response readHead() throws IOException {
        return read(true);
    }

    private Response read(boolean head) throws IOException {
        Response r = readInterim(head);
        return r != null && r.status() == 100 ? read(head) : r;
    }

    /** Like {@link #read()}, but returns an interim {@code 100 Continue} too. */
    Response readInterim() throws IOException {
        return readInterim(false);
    }

    private Response readInterim(boolean head) throws IOException {
        try {
            String statusLine = line();
            if (statusLine == null) {
                return null;
            }
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(
                        h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = head ? new byte[0] : in.readNBytes(length);
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return fail("the server neither answered nor closed the connection within " + HANG_GUARD_MILLIS + " ms");
        } catch (SocketException e) {
            return null; // reset by the server: closed, not answered
        }
    }

    /** True once the server has closed the connection: a read sees its end (or a reset). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // an answer sent before the close is not what this asks about
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * The headers of a V1-signed request, computed by hand from OSS's documented algorithm (HMAC-SHA1 over verb,
     * Content-MD5, Content-Type, Date, the {@code x-oss-} headers and the resource), for requests the SDK will not
     * send.
     *
     * @param resource  the decoded {@code /bucket/key}, with the signed sub-resources, e.g. {@code ?continuation-token=x}
     * @param ossHeaders lower-case {@code x-oss-} headers to send and sign
     */
    static Map<String, String> signV1(
            String method, String resource, Map<String, String> ossHeaders, String accessKeyId, String secret) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        StringBuilder toSign =
                new StringBuilder(method).append("\n\n\n").append(date).append('\n');
        new TreeMap<>(ossHeaders)
                .forEach((k, v) -> toSign.append(k).append(':').append(v).append('\n'));
        toSign.append(resource);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder()
                    .encodeToString(mac.doFinal(toSign.toString().getBytes(StandardCharsets.UTF_8)));
            Map<String, String> headers = new LinkedHashMap<>(ossHeaders);
            headers.put("Date", date);
            headers.put("Authorization", "OSS " + accessKeyId + ":" + signature);
            return headers;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request head: request line, Host, the given headers, and the blank line. */
    static String head(String method, String target, Map<String, String> headers) {
        StringBuilder head =
                new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        return head.append("\r\n").toString();
    }
}
