package dev.ossconcat.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ossconcat.verify.Verification;
import dev.ossconcat.webhook.JobEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job record's wire format and life cycle, without OSS. */
class JobRecordTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Byte for byte what the previous JobRecord (18 positional fields, Jackson-mapped) wrote for a job that was
     * uploaded as a playlist, resubmitted, finished and verified: every field it had, IMM's EndTime copied as text.
     */
    static final String SUCCEEDED_BEFORE = """
            {
              "jobId" : "5d41402abc4b2a76b9719d911017c592",
              "state" : "succeeded",
              "attempt" : 2,
              "claimToken" : "0b7f3c9e-8f1d-4a4e-9a53-2f6c1d0e7a11",
              "process" : "video/concat,f_mp4,vcodec_h264,acodec_aac/pre,o_Y2xpcHMvYS5tcDQ|sys/saveas,b_bWVkaWE,o_b3V0cHV0cy9qb2luZWQue2F1dG9leHR9",
              "source" : {
                "bucket" : "media",
                "key" : "clips/b.mp4"
              },
              "target" : {
                "bucket" : "media",
                "key" : "outputs/joined.{autoext}"
              },
              "taskId" : "MediaConvert-1b6d3f1e-2b3c-4d5e-8f90-a1b2c3d4e5f6",
              "eventId" : "181-1kZUlN60OH4fWKa8bixNd2xhqQO",
              "requestId" : "4C2A1E1A-0F7B-5C8D-9E2F-3A4B5C6D7E8F",
              "claimedAt" : "2024-08-20T07:01:59.120Z",
              "submittedAt" : "2024-08-20T07:02:00.004Z",
              "updatedAt" : "2024-08-20T07:03:10Z",
              "finishedAt" : "2024-08-20T07:03:08.57Z",
              "error" : null,
              "origin" : {
                "bucket" : "media",
                "key" : "playlists/match.json"
              },
              "playlist" : {
                "version" : 1,
                "bucket" : "media",
                "clips" : [ {
                  "key" : "clips/a.mp4",
                  "start" : 0,
                  "duration" : 0
                }, {
                  "key" : "clips/b.mp4",
                  "start" : 1000,
                  "duration" : 0
                } ],
                "source" : 1,
                "output" : {
                  "key" : "outputs/joined.{autoext}",
                  "format" : "mp4"
                }
              },
              "verified" : "true"
            }""";

    /** What the previous version wrote for a claim whose submission answer was lost (no task, an error). */
    static final String LOST_ANSWER_BEFORE = """
            {
              "jobId" : "5d41402abc4b2a76b9719d911017c592",
              "state" : "claimed",
              "attempt" : 1,
              "claimToken" : "0b7f3c9e-8f1d-4a4e-9a53-2f6c1d0e7a11",
              "process" : "video/concat,f_mp4,vcodec_h264,acodec_aac/pre,o_Y2xpcHMvYS5tcDQ|sys/saveas,b_bWVkaWE,o_b3V0cHV0cy9qb2luZWQue2F1dG9leHR9",
              "source" : {
                "bucket" : "media",
                "key" : "clips/b.mp4"
              },
              "target" : {
                "bucket" : "media",
                "key" : "outputs/joined.{autoext}"
              },
              "taskId" : null,
              "eventId" : null,
              "requestId" : null,
              "claimedAt" : "2024-08-20T07:01:59.120Z",
              "submittedAt" : null,
              "updatedAt" : "2024-08-20T07:02:01.500Z",
              "finishedAt" : null,
              "error" : "no answer from OSS (SocketTimeout); the task may exist",
              "origin" : null,
              "playlist" : {
                "version" : 1,
                "bucket" : "media",
                "clips" : [ {
                  "key" : "clips/a.mp4",
                  "start" : 0,
                  "duration" : 0
                } ],
                "source" : 0,
                "output" : {
                  "key" : "outputs/joined.{autoext}",
                  "format" : "mp4"
                }
              },
              "verified" : null
            }""";

    static JobRecord read(String json) throws IOException {
        return JobRecord.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aRecordTheEarlierVersionWroteReadsIntoTypedParts() throws Exception {
        JobRecord r = read(SUCCEEDED_BEFORE);
        assertEquals("5d41402abc4b2a76b9719d911017c592", r.jobId());
        assertEquals(JobState.SUCCEEDED, r.state());
        assertEquals(
                new JobRecord.Claim(
                        2, "0b7f3c9e-8f1d-4a4e-9a53-2f6c1d0e7a11", Instant.parse("2024-08-20T07:01:59.120Z")),
                r.claim());
        assertEquals(
                new JobRecord.Task(
                        "MediaConvert-1b6d3f1e-2b3c-4d5e-8f90-a1b2c3d4e5f6",
                        "181-1kZUlN60OH4fWKa8bixNd2xhqQO",
                        "4C2A1E1A-0F7B-5C8D-9E2F-3A4B5C6D7E8F",
                        Instant.parse("2024-08-20T07:02:00.004Z")),
                r.task());
        assertEquals(new JobRecord.Outcome(Instant.parse("2024-08-20T07:03:08.570Z"), null), r.outcome());
        assertEquals(Verification.verified(), r.verification());
        assertEquals(new JobRecord.Ref("media", "clips/b.mp4"), r.source());
        assertEquals(new JobRecord.Ref("media", "outputs/joined.{autoext}"), r.target());
        assertEquals(new JobRecord.Ref("media", "playlists/match.json"), r.origin());
        assertEquals(1000, r.playlist().path("clips").get(1).path("start").asInt());
        assertEquals(Instant.parse("2024-08-20T07:03:10Z"), r.updatedAt());
    }

    @Test
    void verifiedFalseKeepsItsReason() throws Exception {
        JobRecord r = read(SUCCEEDED_BEFORE.replace(
                "\"verified\" : \"true\"",
                "\"verified\" : \"false: duration 4200 ms, expected 5000 ms (+-140); no audio stream\""));
        assertEquals(Verification.Result.MISMATCH, r.verification().result());
        assertEquals(
                "duration 4200 ms, expected 5000 ms (+-140); no audio stream",
                r.verification().reason());
        assertEquals(
                "false: duration 4200 ms, expected 5000 ms (+-140); no audio stream",
                r.toTree().path("verified").asText());
        assertEquals(
                "false: duration 4200 ms, expected 5000 ms (+-140); no audio stream",
                r.metadata().get("concat-verified"));

        JobRecord skipped = read(SUCCEEDED_BEFORE.replace(
                "\"verified\" : \"true\"", "\"verified\" : \"skipped: segmented outputs are not probed\""));
        assertEquals(Verification.notChecked("segmented outputs are not probed"), skipped.verification());
    }

    @Test
    void aClaimWithALostAnswerReadsAndIsWrittenBackByteForByte() throws Exception {
        JobRecord r = read(LOST_ANSWER_BEFORE);
        assertEquals(JobState.CLAIMED, r.state());
        assertNull(r.task());
        assertNull(r.origin());
        assertEquals(
                new JobRecord.Outcome(null, "no answer from OSS (SocketTimeout); the task may exist"), r.outcome());
        assertTrue(r.claimedWith("0b7f3c9e-8f1d-4a4e-9a53-2f6c1d0e7a11"));
        // every time in it is already in Instant's own form, so nothing at all changes
        assertEquals(LOST_ANSWER_BEFORE, new String(r.toJson(), StandardCharsets.UTF_8));
        Map<String, String> before = new LinkedHashMap<>();
        before.put("concat-job-id", "5d41402abc4b2a76b9719d911017c592");
        before.put("concat-state", "claimed");
        before.put("concat-target", "media/outputs/joined.%7Bautoext%7D");
        before.put("concat-error", "no answer from OSS (SocketTimeout); the task may exist");
        assertEquals(before, r.metadata());
    }

    /**
     * What /status shows and what lands on OSS keep the same names, order and value formats. The one value that
     * changes is finishedAt: IMM's EndTime text becomes the same instant in the form every other time has.
     */
    @Test
    void writingKeepsEveryFieldNameOrderAndFormat() throws Exception {
        JsonNode before = JSON.readTree(SUCCEEDED_BEFORE);
        ObjectNode after = read(SUCCEEDED_BEFORE).toTree();
        assertEquals(fieldNames(before), fieldNames(after));
        for (String field : fieldNames(before)) {
            if (!field.equals("finishedAt")) {
                assertEquals(before.get(field), after.get(field), field);
            }
        }
        assertEquals("2024-08-20T07:03:08.570Z", after.get("finishedAt").asText());

        Map<String, String> meta = read(SUCCEEDED_BEFORE).metadata();
        assertEquals(
                List.of(
                        "concat-job-id",
                        "concat-state",
                        "concat-target",
                        "concat-task-id",
                        "concat-event-id",
                        "concat-request-id",
                        "concat-submitted-at",
                        "concat-finished-at",
                        "concat-verified"),
                new ArrayList<>(meta.keySet()));
        assertEquals("succeeded", meta.get("concat-state"));
        assertEquals("media/outputs/joined.%7Bautoext%7D", meta.get("concat-target"));
        assertEquals("2024-08-20T07:02:00.004Z", meta.get("concat-submitted-at"));
        assertEquals("2024-08-20T07:03:08.570Z", meta.get("concat-finished-at"));
        assertEquals("true", meta.get("concat-verified"));
    }

    @Test
    void fieldsANewerVersionAddsAreIgnoredAndMissingRequiredOnesAreNamed() throws Exception {
        JobRecord r = read(LOST_ANSWER_BEFORE.replace("{\n  \"jobId\"", "{\n  \"priority\" : 3,\n  \"jobId\""));
        assertEquals("5d41402abc4b2a76b9719d911017c592", r.jobId());

        IOException noClaimTime = assertThrows(
                IOException.class,
                () -> read(LOST_ANSWER_BEFORE.replace(
                        "\"claimedAt\" : \"2024-08-20T07:01:59.120Z\"", "\"claimedAt\" : null")));
        assertTrue(noClaimTime.getMessage().contains("claimedAt"), noClaimTime.getMessage());
        IOException unknownState = assertThrows(
                IOException.class,
                () -> read(LOST_ANSWER_BEFORE.replace("\"state\" : \"claimed\"", "\"state\" : \"paused\"")));
        assertTrue(unknownState.getMessage().contains("paused"), unknownState.getMessage());
    }

    @Test
    void anUnreadableEndTimeDoesNotMakeTheRecordUnreadable() throws Exception {
        JobRecord r = read(
                SUCCEEDED_BEFORE.replace("\"finishedAt\" : \"2024-08-20T07:03:08.57Z\"", "\"finishedAt\" : \"soon\""));
        assertEquals(JobState.SUCCEEDED, r.state());
        assertNull(r.outcome(), "no end time and no error: nothing to keep");
        assertEquals(
                Instant.parse("2024-08-20T07:03:08Z"),
                JobRecord.parseTime("2024-08-20T15:03:08+08:00").orElseThrow());
        assertEquals(
                Instant.parse("2024-08-20T07:03:08Z"),
                JobRecord.parseTime("2024-08-20T07:03:08").orElseThrow());
    }

    // ---- life cycle ---------------------------------------------------------------------------------------

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static JobRecord claim() throws Exception {
        JobRecord before = read(LOST_ANSWER_BEFORE);
        return JobRecord.firstClaim(
                before.jobId(),
                before.process(),
                before.source(),
                before.target(),
                null,
                before.playlist(),
                "token-1",
                T0);
    }

    static JobRecord.Task task(Instant at) {
        return new JobRecord.Task("MediaConvert-1", "event-1", "request-1", at);
    }

    /**
     * A chunked job is submitted without a task of its own while its parts run, then takes its final task's; each
     * record reads back as written, and a part failure ends it through the same transition as a task failure.
     */
    @Test
    void aChunkedJobIsSubmittedWithoutATaskUntilItsFinalTask() throws Exception {
        JobRecord started = claim().chunkStarted(T0.plusSeconds(1));
        assertEquals(JobState.SUBMITTED, started.state());
        assertEquals(null, started.taskId());
        assertEquals(started, JobRecord.fromJson(started.toJson()));
        assertEquals(
                JobRecord.Redelivery.ANSWER, started.onRedelivery(3, Duration.ofMinutes(10), T0.plusSeconds(9999)));
        assertThrows(IllegalStateException.class, () -> started.chunkStarted(T0), "only a claim starts its parts");

        JobRecord last = started.finalSubmitted(task(T0.plusSeconds(90)));
        assertEquals("MediaConvert-1", last.taskId());
        assertEquals("MediaConvert-1", last.metadata().get("concat-task-id"));
        assertEquals(last, JobRecord.fromJson(last.toJson()));
        assertEquals(
                JobState.SUCCEEDED,
                last.succeeded(T0.plusSeconds(120), T0.plusSeconds(121)).state());

        JobRecord failed = started.taskFailed(
                T0.plusSeconds(30),
                "part L1-P002 (clips 9-16) failed: X: y",
                FailureKind.PERMANENT,
                T0.plusSeconds(31));
        assertEquals(failed, JobRecord.fromJson(failed.toJson()));
        assertThrows(IllegalStateException.class, () -> claim().finalSubmitted(task(T0)));
    }

    @Test
    void eachEndIsOneCallbackEventAndRunningJobsHaveNone() throws Exception {
        JobRecord claimed = claim();
        JobRecord submitted = claimed.submitted(task(T0.plusSeconds(1)));
        assertNull(claimed.endEvent());
        assertNull(submitted.endEvent());

        JobRecord succeeded = submitted.succeeded(T0.plusSeconds(60), T0.plusSeconds(61));
        JobEvent s = succeeded.endEvent();
        assertEquals(JobEvent.Type.SUCCEEDED, s.type());
        assertEquals(claimed.jobId() + "-1-succeeded", s.id());
        assertEquals("MediaConvert-1", s.taskId());
        assertEquals(T0.plusSeconds(61), s.at(), "when the record took the state");
        assertNull(s.error());
        JobEvent v = succeeded
                .verified(Verification.mismatch("no audio"), T0.plusSeconds(62))
                .endEvent();
        assertEquals(JobEvent.Type.VERIFIED, v.type());
        assertEquals("succeeded", v.state());
        assertEquals("false: no audio", v.verification());

        JobEvent r = claimed.rejected("InvalidArgument: bad string", T0.plusSeconds(2))
                .endEvent();
        assertEquals(JobEvent.Type.REJECTED, r.type());
        assertNull(r.taskId(), "no task ran");
        assertEquals("InvalidArgument: bad string", r.error());
        assertEquals("permanent", r.failure());
        JobEvent f = submitted
                .taskFailed(T0.plusSeconds(9), "InternalError: x", FailureKind.TRANSIENT, T0.plusSeconds(9))
                .endEvent();
        assertEquals(JobEvent.Type.FAILED, f.type());
        assertEquals("transient", f.failure());
        assertEquals(
                f.toTree(), JobEvent.fromTree(f.toTree()).toTree(), "a pending delivery reads back the event it kept");
    }

    @Test
    void aJobGoesFromClaimToVerifiedKeepingWhatItIs() throws Exception {
        JobRecord claimed = claim();
        assertEquals(new JobRecord.Claim(1, "token-1", T0), claimed.claim());
        assertEquals(JobState.CLAIMED, claimed.state());

        JobRecord submitted = claimed.submitted(task(T0.plusSeconds(1)));
        assertEquals(JobState.SUBMITTED, submitted.state());
        assertEquals("MediaConvert-1", submitted.taskId());
        assertEquals(T0.plusSeconds(1), submitted.updatedAt());

        JobRecord succeeded = submitted.succeeded(T0.plusSeconds(60), T0.plusSeconds(61));
        assertEquals(new JobRecord.Outcome(T0.plusSeconds(60), null), succeeded.outcome());
        JobRecord verified = succeeded.verified(Verification.mismatch("no audio stream"), T0.plusSeconds(62));
        assertEquals("false: no audio stream", verified.metadata().get("concat-verified"));
        assertEquals(T0.plusSeconds(62), verified.updatedAt());
        for (JobRecord r : List.of(submitted, succeeded, verified)) {
            assertEquals(claimed.jobId(), r.jobId());
            assertEquals(claimed.process(), r.process());
            assertEquals(claimed.source(), r.source());
            assertEquals(claimed.target(), r.target());
            assertEquals(claimed.playlist(), r.playlist());
            assertEquals(claimed.claim(), r.claim());
        }
    }

    @Test
    void theNextAttemptStartsCleanFromAFailedTask() throws Exception {
        JobRecord failed = claim().submitted(task(T0))
                .taskFailed(T0.plusSeconds(5), "InvalidArgument: x", FailureKind.PERMANENT, T0);
        assertEquals("InvalidArgument: x", failed.error());
        assertEquals("MediaConvert-1", failed.taskId(), "a failed task stays named, for stale messages");

        JobRecord next = failed.nextAttempt("token-2", T0.plusSeconds(10));
        assertEquals(JobState.CLAIMED, next.state());
        assertEquals(new JobRecord.Claim(2, "token-2", T0.plusSeconds(10)), next.claim());
        assertNull(next.task());
        assertNull(next.outcome());
        assertNull(next.verification());
        assertEquals(
                List.of(new JobRecord.Attempt(
                        1,
                        JobState.FAILED,
                        T0,
                        task(T0),
                        new JobRecord.Outcome(T0.plusSeconds(5), "InvalidArgument: x", FailureKind.PERMANENT))),
                next.earlier(),
                "the failed attempt is kept, as it was");
    }

    @Test
    void aTransitionFromTheWrongStateFailsInsteadOfWritingNonsense() throws Exception {
        JobRecord claimed = claim();
        assertThrows(IllegalStateException.class, () -> claimed.succeeded(T0, T0));
        assertThrows(IllegalStateException.class, () -> claimed.verified(Verification.verified(), T0));
        JobRecord submitted = claimed.submitted(task(T0));
        assertThrows(IllegalStateException.class, () -> submitted.submitted(task(T0)));
        assertThrows(IllegalStateException.class, () -> submitted.rejected("x", T0));
        assertThrows(IllegalStateException.class, () -> submitted.nextAttempt("t", T0));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> submitted.succeeded(T0, T0).taskFailed(T0, "late", FailureKind.TRANSIENT, T0));
        assertTrue(e.getMessage().contains("succeeded"), e.getMessage());
    }

    @Test
    void errorsAndReasonsBecomeMetadataSafeAscii() throws Exception {
        JobRecord rejected = claim().rejected("Imm Client: bad \u00e9\nvalue " + "x".repeat(600), T0);
        assertEquals(JobRecord.ERROR_MAX, rejected.error().length());
        assertTrue(rejected.error().startsWith("Imm Client: bad ??value "), rejected.error());
        JobRecord verified =
                claim().submitted(task(T0)).succeeded(T0, T0).verified(Verification.mismatch("\u00fc".repeat(600)), T0);
        String wire = verified.metadata().get("concat-verified");
        assertEquals(JobRecord.ERROR_MAX, wire.length());
        assertTrue(wire.startsWith("false: ???"), wire);
        assertEquals(Verification.Result.MISMATCH, verified.verification().result());
    }

    // ---- failures, attempts and the retry policy ------------------------------------------------------------

    /** What the previous version wrote for a job whose task IMM reported failed (it had no failure kind). */
    static final String TASK_FAILED_BEFORE = SUCCEEDED_BEFORE
            .replace("\"state\" : \"succeeded\"", "\"state\" : \"failed\"")
            .replace("\"error\" : null", "\"error\" : \"InvalidArgument: the clip has no video stream\"")
            .replace("\"verified\" : \"true\"", "\"verified\" : null");

    /** ... and for a job whose submission OSS answered with 503: no task ran. */
    static final String SUBMISSION_FAILED_BEFORE = LOST_ANSWER_BEFORE
            .replace("\"state\" : \"claimed\"", "\"state\" : \"failed\"")
            .replace("no answer from OSS (SocketTimeout); the task may exist", "ServiceUnavailable: try later");

    @Test
    void failuresTheEarlierVersionWroteAreClassifiedAsTheyWouldBeNow() throws Exception {
        assertEquals(FailureKind.PERMANENT, read(TASK_FAILED_BEFORE).failure(), "IMM's InvalidArgument repeats");
        assertEquals(
                FailureKind.TRANSIENT,
                read(TASK_FAILED_BEFORE.replace("InvalidArgument: the clip", "InternalError: the clip"))
                        .failure());
        assertEquals(
                FailureKind.PERMANENT,
                read(TASK_FAILED_BEFORE.replace("InvalidArgument: the clip", "SomethingNew: the clip"))
                        .failure(),
                "an unknown code is permanent");
        assertEquals(FailureKind.TRANSIENT, read(SUBMISSION_FAILED_BEFORE).failure(), "no task ran: nothing paid");
        assertEquals(
                FailureKind.PERMANENT,
                read(SUBMISSION_FAILED_BEFORE.replace("\"state\" : \"failed\"", "\"state\" : \"rejected\""))
                        .failure());
        assertNull(read(SUCCEEDED_BEFORE).failure());
        assertNull(read(LOST_ANSWER_BEFORE).failure());
        assertTrue(read(TASK_FAILED_BEFORE).earlier().isEmpty(), "earlier versions kept no history");
    }

    /**
     * The two new fields come after every old one, and only when they say something: the old fields keep their
     * names, order and values, so a reader of the old format reads a new record.
     */
    @Test
    void theNewFieldsFollowTheOldOnesAndRoundTrip() throws Exception {
        JobRecord failed = read(TASK_FAILED_BEFORE);
        JobRecord again = failed.nextAttempt("token-3", T0)
                .submitted(task(T0.plusSeconds(1)))
                .taskFailed(T0.plusSeconds(9), "InternalError: busy", FailureKind.TRANSIENT, T0.plusSeconds(10));
        ObjectNode tree = again.toTree();
        List<String> names = fieldNames(tree);
        List<String> old = fieldNames(JSON.readTree(SUCCEEDED_BEFORE));
        assertEquals(old, names.subList(0, old.size()));
        assertEquals(List.of("failure", "attempts"), names.subList(old.size(), names.size()));
        assertEquals("transient", tree.path("failure").asText());
        JsonNode earlier = tree.path("attempts").get(0);
        assertEquals(
                List.of(
                        "attempt",
                        "state",
                        "claimedAt",
                        "taskId",
                        "eventId",
                        "requestId",
                        "submittedAt",
                        "finishedAt",
                        "error",
                        "failure"),
                fieldNames(earlier));
        assertEquals(2, earlier.path("attempt").asInt());
        assertEquals("failed", earlier.path("state").asText());
        assertEquals(
                "MediaConvert-1b6d3f1e-2b3c-4d5e-8f90-a1b2c3d4e5f6",
                earlier.path("taskId").asText());
        assertEquals("2024-08-20T07:03:08.570Z", earlier.path("finishedAt").asText());
        assertEquals(
                "InvalidArgument: the clip has no video stream",
                earlier.path("error").asText());
        assertEquals("permanent", earlier.path("failure").asText(), "classified when read, written as such");

        JobRecord back = JobRecord.fromJson(again.toJson());
        assertEquals(again, back);
        assertEquals("transient", again.metadata().get("concat-failure"));
    }

    @Test
    void theHistoryKeepsTheLatestAttemptsOnly() throws Exception {
        JobRecord r = claim();
        for (int i = 0; i < JobRecord.MAX_EARLIER + 5; i++) {
            r = r.submissionFailed("ServiceUnavailable: " + i, T0).nextAttempt("t" + i, T0);
        }
        assertEquals(JobRecord.MAX_EARLIER + 6, r.attempt());
        assertEquals(JobRecord.MAX_EARLIER, r.earlier().size());
        assertEquals(6, r.earlier().get(0).attempt(), "the oldest ones make room");
        assertEquals(
                "ServiceUnavailable: 54",
                r.earlier().get(JobRecord.MAX_EARLIER - 1).outcome().error());
    }

    /** The retry policy, from the record alone: one row per state and circumstance. */
    @Test
    void whatANewDeliveryDoesFollowsFromTheRecord() throws Exception {
        Duration window = Duration.ofMinutes(10);
        Instant soon = T0.plusSeconds(1);
        Instant later = T0.plus(window).plusSeconds(1);
        JobRecord claimed = claim();
        JobRecord submitted = claimed.submitted(task(T0));
        JobRecord transientTask = submitted.taskFailed(T0, "InternalError: x", FailureKind.TRANSIENT, T0);
        JobRecord permanentTask = submitted.taskFailed(T0, "InvalidArgument: x", FailureKind.PERMANENT, T0);
        JobRecord failedSubmission = claimed.submissionFailed("ServiceUnavailable: x", T0);
        JobRecord rejected = claimed.rejected("Imm Client: x", T0);
        JobRecord third =
                failedSubmission.nextAttempt("2", T0).submissionFailed("x", T0).nextAttempt("3", T0);

        record Row(JobRecord record, int maxAttempts, Instant now, JobRecord.Redelivery expected) {}
        List<Row> rows = List.of(
                new Row(claimed, 3, soon, JobRecord.Redelivery.WAIT),
                new Row(claimed, 3, later, JobRecord.Redelivery.RESUBMIT),
                new Row(claimed, 1, later, JobRecord.Redelivery.GIVE_UP),
                new Row(third, 3, soon, JobRecord.Redelivery.WAIT),
                new Row(third, 3, later, JobRecord.Redelivery.GIVE_UP),
                new Row(third, 4, later, JobRecord.Redelivery.RESUBMIT),
                new Row(submitted, 3, later, JobRecord.Redelivery.ANSWER),
                new Row(submitted.succeeded(T0, T0), 3, later, JobRecord.Redelivery.ANSWER),
                new Row(transientTask, 3, soon, JobRecord.Redelivery.RESUBMIT),
                new Row(transientTask, 1, soon, JobRecord.Redelivery.ANSWER),
                new Row(permanentTask, 3, soon, JobRecord.Redelivery.ANSWER),
                new Row(failedSubmission, 3, soon, JobRecord.Redelivery.RESUBMIT),
                new Row(third.submissionFailed("x", T0), 3, soon, JobRecord.Redelivery.ANSWER),
                new Row(rejected, 3, soon, JobRecord.Redelivery.ANSWER));
        assertEquals(14, rows.size());
        for (Row row : rows) {
            assertEquals(
                    row.expected(),
                    row.record().onRedelivery(row.maxAttempts(), window, row.now()),
                    row.record().state() + " " + row.record().failure() + " attempt "
                            + row.record().attempt() + " of " + row.maxAttempts());
        }

        // an explicit retry may submit any failure or rejection, and an abandoned claim; nothing that may be running
        for (JobRecord r :
                List.of(transientTask, permanentTask, failedSubmission, rejected, third.submissionFailed("x", T0))) {
            assertTrue(r.explicitlyRetryable(window, soon), r.state() + " " + r.failure());
        }
        assertTrue(claimed.explicitlyRetryable(window, later));
        for (JobRecord r : List.of(claimed, submitted, submitted.succeeded(T0, T0))) {
            assertFalse(r.explicitlyRetryable(window, soon), r.state().wire());
        }
    }

    @Test
    void anAbandonedClaimThatIsGivenUpIsFailedWithWhy() throws Exception {
        JobRecord given = claim().answerLost("no answer", T0).gaveUp("attempt 1 of 1 left without a task ID", T0);
        assertEquals(JobState.FAILED, given.state());
        assertEquals(FailureKind.TRANSIENT, given.failure());
        assertEquals("attempt 1 of 1 left without a task ID", given.error());
        assertThrows(IllegalStateException.class, () -> given.gaveUp("again", T0));
    }
}
