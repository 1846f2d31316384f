package dev.ossconcat.notify;

import static dev.ossconcat.notify.ImmMessages.base64;
import static dev.ossconcat.notify.ImmMessages.content;
import static dev.ossconcat.notify.ImmMessages.imm;
import static dev.ossconcat.notify.ImmMessages.smqJson;
import static dev.ossconcat.notify.ImmMessages.smqXml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationParserTest {

    static final String CONTENT = content("MediaConvert-db7f", "Failed", "InvalidArgument", "bad codec", "media");
    static final Completion EXPECTED = new Completion(
            "MediaConvert-db7f", "Failed", "InvalidArgument", "bad codec", "2024-08-20T07:03:08.57Z", "media", "");

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
                "not well-formed XML"
            }
        }) {
            NotificationParser.Unreadable e =
                    assertThrows(NotificationParser.Unreadable.class, () -> NotificationParser.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
