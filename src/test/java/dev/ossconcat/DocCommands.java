package dev.ossconcat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shell commands of README and docs, run exactly as written, so that the documentation and the tests cannot
 * drift. A command block is a fenced block (no language) that calls {@code curl} or changes {@code local-oss/}; a
 * fenced {@code json} block after it is the answer it documents, with {@code …} standing for any value. Only two things
 * are changed before a block runs: {@code localhost:9000} becomes the port the function under test listens on, and
 * {@code <jobId>} the job ID of the latest answer that named one. It runs in a directory whose {@code local-oss} is
 * the embedded server's data directory under test, with {@code FC_URL} set to the function under test and
 * {@code CONCAT_API_TOKEN} to a token (which a function without one ignores).
 */
public final class DocCommands {

    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param where    file and line, for messages
     * @param command  the block as written
     * @param expected the documented answer of its last curl, or null
     */
    public record Block(String where, String command, String expected) {}

    /** One curl's answer. */
    public record Answer(int status, String body) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private DocCommands() {}

    /** The command blocks of a Markdown file, in order. */
    public static List<Block> blocks(Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            // a block inside a list item is indented like the item's text
            int indent = lines.get(i).indexOf('`');
            int start = i;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                String line = lines.get(i);
                body.append(
                                line.length() >= indent
                                                && line.substring(0, indent).isBlank()
                                        ? line.substring(indent)
                                        : line)
                        .append('\n');
            }
            String text = body.toString();
            String where = markdown + ":" + (start + 1);
            if (fence.equals("```json") && !blocks.isEmpty()) {
                Block last = blocks.remove(blocks.size() - 1);
                blocks.add(new Block(last.where(), last.command(), text));
            } else if (fence.equals("```") && (text.contains("curl ") || text.contains(" local-oss/"))) {
                blocks.add(new Block(where, text, null));
            }
        }
        return blocks;
    }

    /**
     * Runs a block with bash; every curl's status and body, in order.
     *
     * @param dataDir the embedded server's data directory, which {@code local-oss} stands for
     */
    public static List<Answer> run(Block b, int port, Path dataDir, String jobId) throws Exception {
        Path dir = Files.createTempDirectory("doc-commands");
        Files.createSymbolicLink(dir.resolve("local-oss"), dataDir.toAbsolutePath());
        String command = b.command().replace("localhost:9000", "localhost:" + port);
        if (jobId != null) {
            command = command.replace("<jobId>", jobId);
        }
        // every curl's status on a line of its own after its body, which this application writes as one line
        String script = "set -e\ncurl() { command curl -w '\\n%{http_code}\\n' \"$@\"; }\n" + command;
        Path out = dir.resolve("out");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
        // README's Deploy section calls the deployed function as "$FC_URL" with "$CONCAT_API_TOKEN"
        builder.environment().put("FC_URL", "http://localhost:" + port);
        builder.environment().put("CONCAT_API_TOKEN", "a-token-from-the-shell");
        Process p = builder.directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(b.where() + ": did not end within 120 s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(b.where() + ": exit " + p.exitValue() + ": " + output);
        }
        List<String> lines = output.lines().toList();
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            answers.add(new Answer(Integer.parseInt(lines.get(i + 1).strip()), lines.get(i)));
        }
        return answers;
    }

    /** Where {@code actual} differs from the documented answer ({@code …} matches anything), or null. */
    public static String differs(String documented, JsonNode actual) throws IOException {
        return differs("", JSON.readTree(documented), actual);
    }

    private static String differs(String path, JsonNode doc, JsonNode actual) {
        if (doc.isTextual() && doc.textValue().equals("…")) {
            return actual == null || actual.isNull() || actual.isMissingNode() ? path + ": missing" : null;
        }
        if (actual == null || doc.getNodeType() != actual.getNodeType()) {
            return path + ": documented " + doc + ", got " + actual;
        }
        if (doc.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
                String name = it.next().getKey();
                if (!doc.has(name)) {
                    return path + "." + name + ": not documented, got " + actual.get(name);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String d = differs(path + "." + f.getKey(), f.getValue(), actual.get(f.getKey()));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (doc.isArray()) {
            if (doc.size() != actual.size()) {
                return path + ": documented " + doc.size() + " items, got " + actual.size();
            }
            for (int i = 0; i < doc.size(); i++) {
                String d = differs(path + "[" + i + "]", doc.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return doc.equals(actual) ? null : path + ": documented " + doc + ", got " + actual;
    }
}
