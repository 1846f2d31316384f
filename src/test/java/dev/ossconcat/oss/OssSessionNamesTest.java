package dev.ossconcat.oss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ossconcat.TestBuckets;
import dev.ossconcat.localoss.LocalOss;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * No session call hands the SDK a name it throws on: every call refuses invalid bucket names and keys itself, as a
 * failure that no retry changes, and a submission is rejected before anything is sent.
 */
@QuarkusTest
class OssSessionNamesTest {

    static final String BUCKET = TestBuckets.of(OssSessionNamesTest.class);

    @Inject
    OssGateway gateway;

    @Inject
    LocalOss local;

    @Test
    void everyCallRefusesAnInvalidBucketName() {
        OssSession oss = gateway.asInstance();
        List<Executable> calls = List.of(
                () -> oss.head("A", "k"),
                () -> oss.get("MEDIA", "k", 10),
                () -> oss.put("a", "k", new byte[0], "text/plain", Map.of(), false),
                () -> oss.addMetadata(new ObjectInfo("a_b", "k", "e", 0, Map.of(), Map.of()), Map.of()),
                () -> oss.videoInfo("", "k"),
                () -> oss.list("A", "x/", null, 10));
        for (Executable call : calls) {
            OssCallFailed e = assertThrows(OssCallFailed.class, call);
            assertEquals("InvalidBucketName", e.code());
            assertFalse(e.retryable());
        }
        assertEquals(6, calls.size());
    }

    @Test
    void everyCallRefusesAnInvalidKey() {
        OssSession oss = gateway.asInstance();
        String tooLong = "k".repeat(1024);
        List<Executable> calls = List.of(
                () -> oss.head(BUCKET, tooLong),
                () -> oss.get(BUCKET, "/leading", 10),
                () -> oss.put(BUCKET, "", new byte[0], "text/plain", Map.of(), false),
                () -> oss.videoInfo(BUCKET, "\\x"));
        for (Executable call : calls) {
            OssCallFailed e = assertThrows(OssCallFailed.class, call);
            assertEquals("InvalidObjectName", e.code());
            assertFalse(e.retryable());
        }
        assertEquals(4, calls.size());
    }

    @Test
    void aSubmissionWithAnInvalidNameIsRejectedWithoutBeingSent() {
        int before = local.server().orElseThrow().tasks().accepted().size();
        Submission s = gateway.asInstance().submit("A", "k.mp4", "video/concat,f_mp4|sys/saveas,o_b3V0");
        Submission.Rejected r = assertInstanceOf(Submission.Rejected.class, s);
        assertEquals("InvalidBucketName", r.code());
        assertEquals(before, local.server().orElseThrow().tasks().accepted().size());
    }
}
