package dev.ossconcat.playlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.report.Violation;
import java.util.List;

/**
 * An uploaded playlist file in any accepted encoding, recognised by its content: JSON when it starts with
 * {@code {}, an FFmpeg concat script when its first line is {@code ffconcat version ...}, else a plain list.
 */
public final class PlaylistFile {

    public enum Encoding {
        JSON,
        FFCONCAT,
        PLAIN
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PlaylistFile() {}

    public static Encoding detect(String text) {
        String t = text.stripLeading();
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1).stripLeading();
        }
        if (t.startsWith("{")) {
            return Encoding.JSON;
        }
        return FfconcatScript.looksLike(t) ? Encoding.FFCONCAT : Encoding.PLAIN;
    }

    /**
     * @param bucket bucket of the clips when the file does not say (the bucket it was uploaded to)
     * @param output output settings for encodings that carry none (ffconcat, plain list)
     */
    public static Decoded read(String text, String bucket, Output output) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        body = body.replace("\r\n", "\n");
        return switch (detect(body)) {
            case JSON -> readJson(body, bucket);
            case FFCONCAT -> FfconcatScript.read(body, bucket, output);
            case PLAIN -> PlainList.read(body, bucket, output);
        };
    }

    private static Decoded readJson(String text, String bucket) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Decoded(
                    new Playlist(Playlist.CURRENT_VERSION, bucket, List.of(), 0, null, null, null),
                    List.of(Violation.error("", "malformed_json", jsonProblem(e))));
        }
        Decoded d = PlaylistJson.read(root);
        Playlist p = d.playlist();
        return new Decoded(p.bucket() == null ? p.withBucket(bucket) : p, d.findings());
    }

    /** Jackson's description of a syntax error, with line and column, without the source excerpt. */
    public static String jsonProblem(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        var loc = e.getLocation();
        return "the body is not valid JSON: " + msg
                + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr());
    }
}
