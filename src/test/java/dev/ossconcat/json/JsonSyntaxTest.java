package dev.ossconcat.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSyntaxTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String describe(String text) {
        return JsonSyntax.describe(assertThrows(JsonProcessingException.class, () -> JSON.readTree(text)));
    }

    @Test
    void eachKindOfErrorIsSaidInOurWordsWithLineAndColumn() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"a\": 1", "the JSON ends early: an object, array or string is not closed");
        cases.put(
                "a=xxxx",
                "expected an object, an array, a string in double quotes, a number, true, false or null;"
                        + " found 'a'");
        cases.put("{\"a\": nope}", "found 'nope'");
        cases.put("{a: 1}", "a field name must be a string in double quotes; found 'a'");
        cases.put("{\"a\": 1 \"b\": 2}", "entries must be separated by ','; found '\"'");
        cases.put("{\"a\" 1}", "a field name must be followed by ':'; found '1'");
        cases.put("{\"a\": \"x\ny\"}", "a string holds a raw control character (code 10)");
        cases.put("{\"a\": \"\\q\"}", "a string holds an escape JSON does not have");
        cases.put("[1}", "a closing ']' or '}' does not match the bracket it closes");
        cases.put("{\"a\": 01}", "a number is not written as JSON writes numbers");
        cases.put("{\"a\": NaN}", "a number is not written as JSON writes numbers");
        cases.put("[".repeat(1200), "objects and arrays are nested more than 1000 levels deep");
        cases.put("{\"a\": " + "1".repeat(1200) + "}", "a number has more than 1000 digits");
        cases.put("\u0001", "a control character (code 1) stands between values");
        for (var c : cases.entrySet()) {
            String said = describe(c.getKey());
            assertTrue(said.contains(c.getValue()), c.getKey() + " -> " + said);
            // Jackson gives no location for its size limits
            boolean limit = said.contains("nested") || said.contains("digits");
            assertEquals(!limit, said.matches(".*\\(line \\d+, column \\d+\\)$"), said);
            assertFalse(said.contains("JSON String, Number"), said);
            assertFalse(said.contains("StreamReadConstraints"), said);
            assertFalse(said.contains("(code 10))"), said);
        }
        assertEquals(14, cases.size());
    }

    @Test
    void invalidUtf8IsNamed() throws Exception {
        byte[] bytes = "{\"a\": \"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JSON.readTree(bytes));
        assertTrue(JsonSyntax.describe(e).startsWith("the text is not valid UTF-8"), JsonSyntax.describe(e));
    }

    @Test
    void aLongTokenIsQuotedCut() {
        String said = describe("x".repeat(10_000));
        assertTrue(said.contains("found '" + "x".repeat(40) + "...'"), said);
        assertTrue(said.length() < 200, said);
    }
}
