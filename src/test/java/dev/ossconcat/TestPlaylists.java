package dev.ossconcat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.playlist.Defaults;
import dev.ossconcat.playlist.PlaylistJson;
import dev.ossconcat.rules.Plan;
import java.util.function.UnaryOperator;

/** A valid playlist (the docs' example without preset) and small edits of it, for rule tests. */
public final class TestPlaylists {

    public static final ObjectMapper JSON = new ObjectMapper();

    public static final String VALID = """
            {
              "bucket": "media-bucket",
              "clips": [
                { "key": "intro.mov" },
                { "key": "match.mkv", "start": 10000 },
                { "key": "outro.mov", "duration": 10000 }
              ],
              "source": 1,
              "output": {
                "key": "highlights/final.{autoext}",
                "format": "mp4",
                "video": { "codec": "h264", "fps": 25, "bitrate": 1000000 },
                "audio": { "codec": "aac", "bitrate": 96000, "sampleRate": 48000, "channels": 2 },
                "align": 1
              }
            }
            """;

    private TestPlaylists() {}

    public static ObjectNode valid() {
        return (ObjectNode) parse(VALID);
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Plan plan(JsonNode playlist) {
        return Plan.of(PlaylistJson.read(playlist), Defaults.NONE);
    }

    @SafeVarargs
    public static ObjectNode edit(UnaryOperator<ObjectNode>... edits) {
        ObjectNode n = valid();
        for (UnaryOperator<ObjectNode> e : edits) {
            n = e.apply(n);
        }
        return n;
    }

    /** Sets {@code path} ({@code output.audio.sampleRate}, {@code clips[1].start}), creating objects on the way. */
    public static UnaryOperator<ObjectNode> set(String path, Object value) {
        return root -> {
            parent(root, path).set(last(path), JSON.valueToTree(value));
            return root;
        };
    }

    public static UnaryOperator<ObjectNode> remove(String path) {
        return root -> {
            parent(root, path).remove(last(path));
            return root;
        };
    }

    private static ObjectNode parent(ObjectNode root, String path) {
        String[] parts = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = child((ObjectNode) node, parts[i]);
        }
        return (ObjectNode) node;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Replaces the clips by {@code n} whole clips {@code c0.mp4 ... c<n-1>.mp4} with source 0 and align 0. */
    public static UnaryOperator<ObjectNode> clips(int n) {
        return root -> {
            ArrayNode clips = root.putArray("clips");
            for (int i = 0; i < n; i++) {
                clips.addObject().put("key", "c" + i + ".mp4");
            }
            root.put("source", 0);
            ((ObjectNode) root.get("output")).put("align", 0);
            return root;
        };
    }

    private static JsonNode child(ObjectNode node, String part) {
        int bracket = part.indexOf('[');
        if (bracket >= 0) {
            int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
            return node.get(part.substring(0, bracket)).get(index);
        }
        JsonNode c = node.get(part);
        return c != null && c.isObject() ? c : node.putObject(part);
    }
}
