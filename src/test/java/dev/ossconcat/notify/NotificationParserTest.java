package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqJson;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationParserTest {

    static final String CONTENT = content("MediaConvert-db7f", "Failed", "InvalidArgument", "bad codec", "media");
    static final Completion EXPECTED = new Completion(
            "MediaConvert-db7f",
            "Failed",
            "InvalidArgument",
            "bad codec",
            "2024-08-20T07:03:08.57Z",
            List.of(new OssUri("media", "clips/a.mp4")),
            null);

    @Test
    void everyEnvelopeGivesTheSameCompletion() {
        String message = imm(CONTENT);
        for (String body : List.of(
                message,
                smqXml(message),
                smqXml(base64(message)),
                smqJson(message),
                smqJson(base64(message)),
                CONTENT,
                "  \n" + message)) {
            assertEquals(EXPECTED, NotificationParser.parse(body), body);
        }
    }

    @Test
    void unreadableBodiesSayWhy() {
        for (String[] c : new String[][] {
            {"", "empty"},
            {"<Notification><Message>", "not well-formed XML"},
            {"<Notification/>", "no Message element"},
            {smqXml("%%%"), "neither JSON nor Base64"},
            {"{\"content\": \"{not json\"}", "content is not valid JSON"},
            {"{\"hello\": 1}", "expected an IMM message"},
            {imm("{\"Status\":\"Succeeded\"}"), "no TaskId"},
            {"[1,2]", "not a JSON object"},
            {
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Notification>"
                        + "<Message>&e;</Message></Notification>",
                "DOCTYPE"
            }
        }) {
            NotificationParser.Unreadable e =
                    assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    /** IMM's content with the Sources and Targets given, as JSON text. */
    static String withUris(String sources, String targets) {
        return CONTENT.replace(
                "\"Sources\":[{\"URI\":\"oss://media/clips/a.mp4\"}],\"Targets\":[]",
                "\"Sources\":" + sources + ",\"Targets\":" + targets);
    }

    @Test
    void sourcesAndTargetsAreReadAndEmptyTargetsAreNone() {
        Completion c = NotificationParser.parse(withUris(
                "[{\"URI\":\"oss://media/clips/a.mp4\"},{\"URI\":\"oss://media/clips/b%20c.mp4\"}]",
                "[{\"URI\":\"oss://out-bucket/outputs/j.mp4\"}]"));
        assertEquals(List.of(new OssUri("media", "clips/a.mp4"), new OssUri("media", "clips/b%20c.mp4")), c.sources());
        assertEquals(new OssUri("out-bucket", "outputs/j.mp4"), c.target());
        assertEquals("media", c.sourceBucket());
        assertTrue(c.sources().get(1).names("media", "clips/b c.mp4"), "a percent-encoded key names its object");
        assertNull(NotificationParser.parse(withUris("[{\"URI\":\"oss://media/a.mp4\"}]", "[{\"URI\":\"\"}]"))
                .target());
        assertEquals(
                new OssUri("media", "o/x.mp4"),
                NotificationParser.parse(
                                withUris("[{\"URI\":\"oss://media/a.mp4\"}]", "[{\"URIs\":[\"oss://media/o/x.mp4\"]}]"))
                        .target());
    }

    /**
     * Names OSS would refuse never get as far as the SDK: each is refused here with the field, a stable code, and the
     * rule it breaks.
     */
    @Test
    void invalidBucketsAndKeysAreRefusedNamingTheFieldAndTheRule() {
        String longKey = "k".repeat(1024);
        for (String[] c : new String[][] {
            {"[{\"URI\":\"oss://A/x\"}]", "[]", "Sources[0].URI", "bucket_name", "bucket 'A' is not a valid"},
            {"[{\"URI\":\"oss://\"}]", "[]", "Sources[0].URI", "bucket_name", "bucket '' is not a valid"},
            {"[{\"URI\":\"oss://media\"}]", "[]", "Sources[0].URI", "key_empty", "names no object key"},
            {"[{\"URI\":\"oss://media/\"}]", "[]", "Sources[0].URI", "key_empty", "names no object key"},
            {"[{\"URI\":\"oss://media//x\"}]", "[]", "Sources[0].URI", "key_leading_slash", "starts with a slash"},
            {"[{\"URI\":\"oss://media/" + longKey + "\"}]", "[]", "Sources[0].URI", "key_length", "1024 bytes"},
            {"[{\"URI\":\"https://media/x\"}]", "[]", "Sources[0].URI", "uri_scheme", "not an oss://bucket/key"},
            {"[{\"URI\":\"oss://media/a\"},{\"URI\":\"oss://ab/x\"}]", "[]", "Sources[1].URI", "bucket_name", "'ab'"},
            {
                "[{\"URI\":\"oss://media/a\"}]",
                "[{\"URI\":\"oss://Out_Bucket/x\"}]",
                "Targets[0].URI",
                "bucket_name",
                "'Out_Bucket'"
            },
            {"[]", "[]", "Sources", "required", "names no Sources"},
            {"[{\"URI\":\"\"}]", "[]", "Sources[0].URI", "required", "has no URI"}
        }) {
            NotificationParser.Unreadable e = assertThrows(
                    NotificationParser.Unreadable.class,
                    () -> NotificationParser.parse(withUris(c[0], c[1])),
                    c[0] + " " + c[1]);
            assertEquals(c[2], e.path(), e.getMessage());
            assertEquals(c[3], e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith(c[2] + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[4]), e.getMessage());
        }
    }

    @Test
    void taskIdsAndStatusesOfAnotherShapeAreRefusedAndNeverEchoedRaw() {
        String forged = "MediaConvert-1\nINFO job 0000 succeeded";
        NotificationParser.Unreadable e = assertThrows(
                NotificationParser.Unreadable.class,
                () -> NotificationParser.parse(CONTENT.replace("MediaConvert-db7f", forged.replace("\n", "\\n"))));
        assertEquals("TaskId", e.path());
        assertEquals("task_id", e.code());
        assertTrue(e.getMessage().contains("MediaConvert-1\\nINFO"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "the newline is escaped, not repeated");

        String huge = "T".repeat(200_000); // under the size bound: refused for its shape, and quoted capped
        e = assertThrows(
                NotificationParser.Unreadable.class,
                () -> NotificationParser.parse(CONTENT.replace("MediaConvert-db7f", huge)));
        assertTrue(
                e.getMessage().length() < 1000,
                "the 200,000-character TaskId is not repeated: "
                        + e.getMessage().length());

        e = assertThrows(
                NotificationParser.Unreadable.class,
                () -> NotificationParser.parse(CONTENT.replace("MediaConvert-db7f", "T".repeat(129))));
        assertEquals("task_id", e.code());
        e = assertThrows(
                NotificationParser.Unreadable.class,
                () -> NotificationParser.parse(CONTENT.replace("\"Status\":\"Failed\"", "\"Status\":\"Failed\\r\"")));
        assertEquals("Status", e.path());
    }

    /** A recursive parser given 10,000 levels overflows its stack; these are counted and refused instead. */
    @Test
    void deepNestingAndOversizedBodiesAreRefusedBeforeParsing() {
        String deepXml = "<a>".repeat(10_000) + "</a>".repeat(10_000);
        NotificationParser.Unreadable e =
                assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(deepXml));
        assertTrue(e.getMessage().contains("nests deeper than " + NotificationParser.MAX_DEPTH), e.getMessage());

        String deepMessage = smqXml(imm(CONTENT))
                .replace("<Message>", "<x>".repeat(40) + "<Message>")
                .replace("</Message>", "</Message>" + "</x>".repeat(40));
        e = assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(deepMessage));
        assertTrue(e.getMessage().contains("nests deeper"), e.getMessage());

        String deepJson = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        e = assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(deepJson));
        assertTrue(
                e.getMessage().contains("not valid JSON") && e.getMessage().contains("nesting depth"), e.getMessage());

        String deepContent =
                imm("{\"TaskId\":\"T-1\",\"Status\":\"Failed\",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}");
        e = assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(deepContent));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());

        String big = smqXml(" ".repeat(NotificationParser.MAX_CHARS) + "x");
        e = assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(big));
        assertTrue(e.getMessage().contains("at most " + NotificationParser.MAX_CHARS), e.getMessage());
    }
}
