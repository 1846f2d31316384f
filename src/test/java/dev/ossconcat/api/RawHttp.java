package dev.ossconcat.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no client library would send: any request line, any headers, no
 * Content-Type at all. Every read has a timeout, so a server that never answers fails the test instead of hanging it.
 */
final class RawHttp {

    static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {}

    /** What came back; {@code status} is -1 when the connection closed without a status line. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static String request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    static Answer send(int port, String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + (body == null ? 0 : body.length)];
        System.arraycopy(h, 0, all, 0, h.length);
        if (body != null) {
            System.arraycopy(body, 0, all, h.length, body.length);
        }
        return send(port, all, false);
    }

    /**
     * @param halfClose end the output after the request: for bytes that are no complete request, so that the server
     *     sees the end instead of waiting for the rest. Not for requests that a worker thread answers: Vert.x closes
     *     a half-closed connection before that answer is out.
     */
    static Answer send(int port, byte[] request, boolean halfClose) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (SocketException e) {
                // the server may answer and close before it has read everything (a refused oversized request)
            }
            return parse(readAll(s.getInputStream()));
        }
    }

    /**
     * Reads one answer: up to the end of its body when Content-Length says where that is, or to the end of the last
     * chunk, else until the server closes the connection.
     */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
                if (complete(buf.toByteArray())) {
                    break;
                }
            }
        } catch (SocketException e) {
            // a reset after the answer: keep what arrived
        }
        return buf.toByteArray();
    }

    private static boolean complete(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return raw.length - end - 4 >= Long.parseLong(line.substring(15).trim());
            }
        }
        if (head.contains("transfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
        }
        return false;
    }

    static Answer parse(byte[] raw) {
        String head = new String(raw, StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (!head.startsWith("HTTP/") || end < 0) {
            return new Answer(-1, Map.of(), new String(raw, StandardCharsets.UTF_8));
        }
        String[] lines = head.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1); // one char per byte: indexes agree
        int i = 0;
        while (i < text.length()) {
            int eol = text.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
            i = eol + 2 + size + 2;
        }
        return body.toByteArray();
    }
}
