package dev.ossconcat.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.log.Untrusted;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an IMM task message in every shape it reaches {@code /notify}: the IMM message itself (docs/notifications.md,
 * its {@code content} a JSON string to parse again), or wrapped by an SMQ (MNS) HTTP push subscription, whose
 * envelope is XML or JSON and whose {@code Message} is the IMM message raw or Base64-encoded (SMQ's wrapping is
 * not documented for this case, so all of them are accepted).
 *
 * <p>The body is untrusted until the pipeline has matched it with a job, and {@code /notify} may be public, so the
 * reading is bounded before anything is parsed: the size ({@link #MAX_CHARS}), the nesting of XML and JSON
 * ({@link #MAX_DEPTH}; a recursive parser given 10,000 levels overflows its stack), and the number of sources. Every
 * value that is later used or logged has its shape checked here: the task ID, the status, and the objects, which must
 * be valid OSS names.
 */
public final class NotificationParser {

    /**
     * An SMQ message is at most 64 KB; Base64 and an XML envelope make that about 90 KB. Four times the largest
     * genuine body, and a quarter of the route's own limit.
     */
    public static final int MAX_CHARS = 256 * 1024;

    /** A genuine message nests 7 levels (content, Targets, Image, Snapshots, URI); the SMQ envelope adds 2. */
    static final int MAX_DEPTH = 32;

    /** A concat task has at most 11 videos; a message naming more sources is not about one of ours. */
    static final int MAX_SOURCES = 64;

    /** IMM task IDs are the task type and a UUID, {@code MediaConvert-db7faf5a-...}. */
    static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** IMM's Status is one word: Running, Succeeded, Failed. */
    static final Pattern STATUS = Pattern.compile("[A-Za-z]{1,32}");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_CHARS)
                    .build())
            .build());

    private static final XMLInputFactory XML = xmlFactory();

    private NotificationParser() {}

    /**
     * Thrown for a body that is none of the accepted shapes; the message says what was wrong. {@code path} and
     * {@code code} name the field and the rule when one field is at fault (such as {@code Sources[0].URI},
     * {@code bucket_name}); both are null for a body that is unreadable as a whole.
     */
    public static final class Unreadable extends RuntimeException {

        private final String path;
        private final String code;

        Unreadable(String message) {
            this(null, null, message);
        }

        Unreadable(String path, String code, String message) {
            super(path == null ? message : path + ": " + message, null, false, false);
            this.path = path;
            this.code = code;
        }

        public String path() {
            return path;
        }

        public String code() {
            return code;
        }
    }

    public static Completion parse(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new Unreadable("the body is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new Unreadable(
                    "the body has " + text.length() + " characters; a completion message has at most " + MAX_CHARS);
        }
        if (text.startsWith("<")) {
            return fromMessage(xmlMessage(text), "the SMQ XML envelope's Message");
        }
        JsonNode node = json(text, "the body");
        if (node.has("TaskId")) {
            return fromContent(node); // the content alone (it has a Message of its own: check it first)
        }
        if (node.has("content")) {
            return fromImm(node);
        }
        if (node.has("Message")) {
            return fromMessage(node.get("Message").asText(), "the SMQ JSON envelope's Message");
        }
        throw new Unreadable("expected an IMM message (with content), an SMQ envelope (with Message) or IMM task "
                + "content (with TaskId)");
    }

    /** SMQ's Message: the IMM message as JSON, or the same Base64-encoded. */
    private static Completion fromMessage(String message, String where) {
        String m = message.strip();
        if (!m.startsWith("{")) {
            try {
                m = new String(Base64.getDecoder().decode(m), StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                throw new Unreadable(where + " is neither JSON nor Base64");
            }
            if (!m.startsWith("{")) {
                throw new Unreadable(where + " is neither JSON nor Base64 of JSON");
            }
        }
        JsonNode node = json(m, where);
        return node.has("content") ? fromImm(node) : fromContent(node);
    }

    private static Completion fromImm(JsonNode imm) {
        JsonNode content = imm.get("content");
        JsonNode parsed = content.isTextual() ? json(content.textValue(), "the IMM message's content") : content;
        return fromContent(parsed);
    }

    private static Completion fromContent(JsonNode c) {
        String taskId = c.path("TaskId").asText("");
        if (taskId.isEmpty()) {
            throw new Unreadable("the IMM task content has no TaskId");
        }
        if (!TASK_ID.matcher(taskId).matches()) {
            throw new Unreadable(
                    "TaskId",
                    "task_id",
                    "'" + Untrusted.value(taskId)
                            + "' is not an IMM task ID (1..128 letters, digits, '.', '_' and '-')");
        }
        String status = c.path("Status").asText("");
        if (status.isEmpty()) {
            throw new Unreadable("the IMM task content has no Status");
        }
        if (!STATUS.matcher(status).matches()) {
            throw new Unreadable("Status", "status", "'" + Untrusted.value(status) + "' is not an IMM task status");
        }
        return new Completion(
                taskId,
                status,
                c.path("Code").asText(""),
                c.path("Message").asText(""),
                c.path("EndTime").asText(""),
                sources(c.path("Sources")),
                target(c.path("Targets").path(0)));
    }

    /**
     * Every {@code Sources[i].URI}, each a valid OSS object. At least one: the job of a task is found in the bucket of
     * its sources, and a completion must name the job's source object to count.
     */
    private static List<OssUri> sources(JsonNode sources) {
        if (!sources.isArray() || sources.isEmpty()) {
            throw new Unreadable("Sources", "required", "the IMM task content names no Sources");
        }
        if (sources.size() > MAX_SOURCES) {
            throw new Unreadable(
                    "Sources",
                    "too_many",
                    "the IMM task content names " + sources.size() + " sources; a concat task has at most "
                            + MAX_SOURCES);
        }
        List<OssUri> uris = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String path = "Sources[" + i + "].URI";
            String uri = sources.get(i).path("URI").asText("");
            if (uri.isEmpty()) {
                throw new Unreadable(path, "required", "the source has no URI");
            }
            uris.add(OssUri.parse(uri, path));
        }
        return uris;
    }

    /** {@code Targets[0].URI} (or its {@code URIs[0]}), or null when it is absent or empty, as in IMM's sample. */
    private static OssUri target(JsonNode target) {
        boolean listed = !target.has("URI") && target.path("URIs").isArray();
        String uri = listed
                ? target.path("URIs").path(0).asText("")
                : target.path("URI").asText("");
        return uri.isEmpty() ? null : OssUri.parse(uri, listed ? "Targets[0].URIs[0]" : "Targets[0].URI");
    }

    /**
     * The text of the first {@code Message} element. Read with a streaming reader, which keeps no stack of elements,
     * so nesting is counted rather than recursed into; a DOCTYPE is refused outright (no DTDs or entities from a
     * request body).
     */
    private static String xmlMessage(String xml) {
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(new StringReader(xml));
            String message = null;
            int depth = 0;
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.DTD -> throw new Unreadable("the XML body has a DOCTYPE, which is refused");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > MAX_DEPTH) {
                            throw new Unreadable("the XML body nests deeper than " + MAX_DEPTH + " elements");
                        }
                        if (message == null && "Message".equals(r.getLocalName())) {
                            message = r.getElementText(); // leaves the reader on the end tag
                            depth--;
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {}
                }
            }
            if (message == null) {
                throw new Unreadable("the XML body has no Message element");
            }
            return message;
        } catch (XMLStreamException e) {
            throw new Unreadable("the body is not well-formed XML: " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing is held open: the reader reads from a string
                }
            }
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    private static JsonNode json(String text, String what) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new Unreadable(what + " is not a JSON object");
            }
            return n;
        } catch (Unreadable e) {
            throw e;
        } catch (Exception e) {
            throw new Unreadable(what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Parser messages quote the input; one line of it, made safe, is enough to say where it went wrong. */
    private static String firstLine(String message) {
        return Untrusted.value(message == null ? "" : message.split("\n")[0]);
    }
}
