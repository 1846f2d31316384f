package dev.ossconcat.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Reads an IMM task message in every shape it reaches {@code /notify}: the IMM message itself (docs/notifications.md,
 * its {@code content} a JSON string to parse again), or wrapped by an SMQ (MNS) HTTP push subscription, whose
 * envelope is XML or JSON and whose {@code Message} is the IMM message raw or Base64-encoded (SMQ's wrapping is
 * not documented for this case, so all of them are accepted).
 */
public final class NotificationParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationParser() {}

    /** Thrown for a body that is none of the accepted shapes; the message says what was wrong. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    public static Completion parse(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new Unreadable("the body is empty");
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
        String status = c.path("Status").asText("");
        if (status.isEmpty()) {
            throw new Unreadable("the IMM task content has no Status");
        }
        String uri = c.path("Sources").path(0).path("URI").asText("");
        String bucket = null;
        if (uri.startsWith("oss://")) {
            int slash = uri.indexOf('/', 6);
            bucket = slash < 0 ? uri.substring(6) : uri.substring(6, slash);
        }
        JsonNode target = c.path("Targets").path(0);
        String targetUri = target.path("URI").asText(target.path("URIs").path(0).asText(""));
        return new Completion(
                taskId,
                status,
                c.path("Code").asText(""),
                c.path("Message").asText(""),
                c.path("EndTime").asText(""),
                bucket,
                targetUri);
    }

    private static String xmlMessage(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // no DTDs or external entities from a request body
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            NodeList messages = doc.getElementsByTagNameNS("*", "Message");
            if (messages.getLength() == 0) {
                throw new Unreadable("the XML body has no Message element");
            }
            return messages.item(0).getTextContent();
        } catch (Unreadable e) {
            throw e;
        } catch (Exception e) {
            throw new Unreadable("the body is not well-formed XML: " + e.getMessage());
        }
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
            throw new Unreadable(what + " is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
    }
}
