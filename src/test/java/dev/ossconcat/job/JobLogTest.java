package dev.ossconcat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ossconcat.log.LogLines;
import io.quarkus.logging.json.runtime.JsonFormatter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

/**
 * A job's log lines in the format Function Compute gets: Quarkus's JSON formatter behind the console's filter, as
 * {@code quarkus.log.console.json.enabled} sets them up there. Each state change is one line that carries the job's
 * fields for the log service to index.
 */
class JobLogTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJobsLinesCarryItsFieldsInJson() throws Exception {
        JobRecord claimed = JobRecord.firstClaim(
                "0123456789abcdef0123456789abcdef",
                "video/concat,f_mp4",
                new JobRecord.Ref("media", "samples/two.mp4"),
                new JobRecord.Ref("media", "outputs/x.mp4"),
                null,
                JSON.createObjectNode(),
                "token",
                Instant.parse("2026-01-01T00:00:00Z"));
        JobRecord submitted = claimed.submitted(
                new JobRecord.Task("MediaConvert-1234", "event-1", "request-1", Instant.parse("2026-01-01T00:00:01Z")));
        JobRecord failed = submitted.taskFailed(
                Instant.parse("2026-01-01T00:00:05Z"),
                "InvalidArgument: the clip media/samples/two.mp4 is not media\nFFmpeg can read",
                FailureKind.PERMANENT,
                Instant.parse("2026-01-01T00:00:05Z"));

        List<JsonNode> lines = logged(() -> {
            JobLog.changed("media", claimed, null);
            JobLog.changed("media", submitted, null);
            JobLog.changed("media", failed, null);
        });

        assertEquals(3, lines.size(), lines.toString());
        for (JsonNode line : lines) {
            assertEquals(
                    "0123456789abcdef0123456789abcdef",
                    line.path("mdc").path("jobId").asText(),
                    line.toString());
            assertEquals("media", line.path("mdc").path("bucket").asText(), line.toString());
            assertFalse(line.has("exception"), "no stack trace for an expected failure: " + line);
        }
        assertEquals("job_claimed", lines.get(0).path("mdc").path("event").asText());
        assertFalse(lines.get(0).path("mdc").has("taskId"), "no task yet");
        assertEquals("job_submitted", lines.get(1).path("mdc").path("event").asText());
        assertEquals(
                "MediaConvert-1234", lines.get(1).path("mdc").path("taskId").asText());
        JsonNode last = lines.get(2);
        assertEquals("job_failed", last.path("mdc").path("event").asText());
        assertEquals("MediaConvert-1234", last.path("mdc").path("taskId").asText());
        assertEquals("INFO", last.path("level").asText());
        String message = last.path("message").asText();
        assertFalse(message.contains("\n"), "a newline from outside is escaped: " + message);
        assertTrue(
                message.startsWith("job 0123456789abcdef0123456789abcdef failed (attempt 1, task MediaConvert-1234,"
                        + " permanent): InvalidArgument: the clip media/samples/two.mp4"),
                message);
    }

    /** What {@code run} logs through the JSON formatter and the log-lines filter, one parsed object per line. */
    static List<JsonNode> logged(Runnable run) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(out, new JsonFormatter());
        handler.setFilter(new LogLines());
        Logger logger = Logger.getLogger(JobLog.class.getName());
        logger.addHandler(handler);
        try {
            run.run();
        } finally {
            logger.removeHandler(handler);
            handler.flush();
        }
        String text = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }
}
