package dev.ossconcat.render;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.DocCommands;
import dev.ossconcat.DocCommands.Answer;
import dev.ossconcat.DocCommands.Block;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.verify.MediaInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command of README and docs, run as written against the function in the quick start's set-up (rendering on,
 * sample clips in bucket {@code media}): each curl gets the status its text promises, each documented answer matches
 * the real one, and the jobs they start finish as the text says. Blocks run in document order, README first.
 * {@code JarQuickStartIT} runs the README's quick start against the packaged jar.
 */
@QuarkusTest
@TestProfile(LocalRenderTest.Rendering.class)
class DocumentedCommandsTest {

    /** The documents with commands, in the order a reader meets them. */
    static final List<String> DOCUMENTS = List.of("README.md", "docs/api.md", "docs/events.md");

    /** Answers other than 200 that the text around a command documents. */
    static final Map<String, Set<Integer>> DOCUMENTED_STATUS = Map.of(
            // README/api.md: a submitted or succeeded job "answers 409 not_retryable"
            "/retry?", Set.of(200, 409));

    @Inject
    LocalOss local;

    Path data() {
        return local.server().orElseThrow().store().root();
    }

    /**
     * Docs whose {@code ```sh} blocks hold commands for somewhere the tests cannot reach, and where they are proven
     * instead. A {@code ```sh} block with a curl in any other doc fails the test, so the escape cannot spread.
     */
    static final Map<String, String> ELSEWHERE = Map.of(
            "docs/native.md",
                    "the native smoke test needs a native executable and Docker; FcPackageIT runs the JVM one",
            "docs/local.md", "the timer command needs dev mode's local triggers; OssTriggersTest fires it over HTTP",
            "docs/webhooks.md",
                    "the replay needs a job with a callback and a receiver; CallbackTest replays over HTTP");

    /** The lines calling curl, except those in {@code ```sh} blocks of a doc {@link #ELSEWHERE} lists. */
    static long curlsOutsideElsewhereBlocks(Path doc) throws IOException {
        boolean exempt = ELSEWHERE.containsKey(doc.toString());
        long curls = 0;
        boolean inSh = false;
        for (String line : Files.readAllLines(doc)) {
            String fence = line.strip();
            if (fence.startsWith("```")) {
                inSh = !inSh && fence.equals("```sh");
                continue;
            }
            if (line.contains("curl -") && !(inSh && exempt)) {
                curls++;
            }
        }
        return curls;
    }

    @Test
    void everyCurlInTheDocsIsACommandBlockThatRuns() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path doc : docs) {
            long curls = curlsOutsideElsewhereBlocks(doc);
            long run = DocCommands.blocks(doc).stream()
                    .mapToLong(b -> b.command()
                            .lines()
                            .filter(l -> l.contains("curl -"))
                            .count())
                    .sum();
            assertEquals(curls, run, doc + ": every curl is in a command block");
            if (run > 0) {
                assertTrue(DOCUMENTS.contains(doc.toString()), doc + " has commands: add it to DOCUMENTS");
            }
        }
    }

    @Test
    void theDocumentedCommandsWorkAsWritten() throws Exception {
        String jobId = null;
        for (String doc : DOCUMENTS) {
            List<Block> blocks = DocCommands.blocks(Path.of(doc));
            assertFalse(blocks.isEmpty(), doc);
            for (Block b : blocks) {
                List<Answer> answers = DocCommands.run(b, RestAssured.port, data(), jobId);
                for (Answer a : answers) {
                    Set<Integer> allowed = DOCUMENTED_STATUS.entrySet().stream()
                            .filter(e -> b.command().contains(e.getKey()))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(Set.of(200));
                    assertTrue(allowed.contains(a.status()), b.where() + ": " + a);
                    JsonNode json = a.json();
                    for (String id : jobIds(json)) {
                        awaitFinished(id);
                        jobId = id;
                    }
                }
                if (b.expected() != null) {
                    assertFalse(answers.isEmpty(), b.where());
                    JsonNode last = answers.get(answers.size() - 1).json();
                    assertNull(DocCommands.differs(b.expected(), last), b.where() + ": " + last);
                }
                if (b.command().contains("/status?")) {
                    // README: the status shows "state": "succeeded" and "verified": "true"
                    JsonNode status = answers.get(0).json();
                    assertEquals("succeeded", status.path("state").asText(), b.where() + ": " + status);
                    assertEquals("true", status.path("verified").asText(), b.where() + ": " + status);
                }
            }
        }
    }

    /** README's quick start, then "start over", then the quick start again: rendered anew, not a duplicate. */
    @Test
    void theQuickStartRendersTheJoinedVideoAndStartsOver() throws Exception {
        List<Block> readme = DocCommands.blocks(Path.of("README.md"));
        Block quickStart = readme.stream()
                .filter(b -> b.command().contains("/concat"))
                .findFirst()
                .orElseThrow();
        Block startOver = readme.stream()
                .filter(b -> b.command().startsWith("rm -rf local-oss/"))
                .findFirst()
                .orElseThrow();
        Ffmpeg ffmpeg = Ffmpeg.find().orElseThrow();
        for (QuickStartSamples.Sample s : QuickStartSamples.SAMPLES) {
            MediaInfo sample = ffmpeg.probe(data().resolve("media").resolve(s.key()));
            assertEquals(s.seconds() * 1000L, sample.durationMs(), 100, s.key());
            assertEquals(s.size(), sample.video().width() + "x" + sample.video().height());
            assertEquals(s.sampleRate(), sample.audio().sampleRate());
        }

        JsonNode first = DocCommands.run(quickStart, RestAssured.port, data(), null)
                .get(0)
                .json();
        String jobId = first.path("jobId").asText();
        assertTrue(first.path("taskId").asText().startsWith("MediaConvert-"), first.toString());
        assertEquals("succeeded", awaitFinished(jobId).path("state").asText());
        Path output = data().resolve("media/outputs/quickstart.mp4");
        assertEquals(6000, ffmpeg.probe(output).durationMs(), 100, "README: the joined 6-second video");
        assertTrue(Files.isRegularFile(data().resolve("media/concat-jobs/" + jobId + ".json")), "the job record");

        JsonNode again = DocCommands.run(quickStart, RestAssured.port, data(), null)
                .get(0)
                .json();
        assertTrue(again.path("duplicate").asBoolean(), "README: the same curl again is a duplicate: " + again);

        DocCommands.run(startOver, RestAssured.port, data(), null);
        assertFalse(Files.exists(output));
        JsonNode fresh = DocCommands.run(quickStart, RestAssured.port, data(), null)
                .get(0)
                .json();
        assertFalse(fresh.path("duplicate").asBoolean(), "after starting over: " + fresh);
        assertEquals(jobId, fresh.path("jobId").asText(), "the same job, submitted anew");
        assertEquals("succeeded", awaitFinished(jobId).path("state").asText());
        assertTrue(Files.isRegularFile(output), "rendered again");
    }

    static List<String> jobIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        if (answer.path("jobId").isTextual()) {
            ids.add(answer.get("jobId").asText());
        }
        answer.path("outcomes").forEach(o -> {
            if (o.path("jobId").isTextual()) {
                ids.add(o.get("jobId").asText());
            }
        });
        return ids;
    }

    /** The job's record once it succeeded or failed and, when it succeeded, its output check is recorded. */
    static JsonNode awaitFinished(String jobId) throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 480; i++) {
            status = DocCommands.JSON.readTree(given().queryParam("jobId", jobId)
                    .queryParam("bucket", "media")
                    .when()
                    .get("/status")
                    .asString());
            String state = status.path("state").asText();
            if (state.equals("failed")
                    || state.equals("rejected")
                    || (state.equals("succeeded") && status.path("verified").isTextual())) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish: " + status);
    }
}
