package dev.ossconcat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classification of IMM's error codes: the table, and the copy of it that docs/idempotency.md prints. */
class TaskFailuresTest {

    @Test
    void imMsCodesAreClassifiedByTheTableAndUnknownOnesArePermanent() {
        for (String[] c : new String[][] {
            {"InternalError", "TRANSIENT"},
            {"internalerror", "TRANSIENT"},
            {" ServiceUnavailable ", "TRANSIENT"},
            {"Throttling.User", "TRANSIENT"},
            {"RequestTimeout", "TRANSIENT"},
            {"InvalidArgument", "PERMANENT"},
            {"InvalidParameter.Sources", "PERMANENT"},
            {"MissingTargets", "PERMANENT"},
            {"ResourceNotFound", "PERMANENT"},
            {"Forbidden", "PERMANENT"},
            {"RenderFailed", "PERMANENT"},
            {"SomethingNobodyDocumented", "PERMANENT"},
            {"", "PERMANENT"},
            {null, "PERMANENT"}
        }) {
            assertEquals(FailureKind.valueOf(c[1]), TaskFailures.classify(c[0]), c[0]);
        }
        assertNull(TaskFailures.row("SomethingNobodyDocumented"), "unknown codes match no row");
        assertNull(TaskFailures.row("Internal"), "a code is matched whole unless its row ends in *");
    }

    /** docs/idempotency.md shows the table to deployers: row for row what the code does. */
    @Test
    void theDocumentedTableIsTheTable() throws Exception {
        String doc = Files.readString(Path.of("docs/idempotency.md"));
        int start = doc.indexOf("<!-- task-failures -->");
        int end = doc.indexOf("<!-- /task-failures -->");
        assertTrue(start >= 0 && end > start, "docs/idempotency.md marks the table");
        List<String> documented = doc.substring(start, end)
                .lines()
                .filter(l -> l.startsWith("| `"))
                .toList();
        List<String> expected = new ArrayList<>();
        for (TaskFailures.Row r : TaskFailures.TABLE) {
            expected.add("| `" + r.code() + "` | " + r.kind().wire() + " | " + r.why() + " |");
        }
        assertEquals(expected, documented);
    }
}
