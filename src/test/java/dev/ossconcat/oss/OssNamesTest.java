package dev.ossconcat.oss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.report.Findings;
import dev.ossconcat.report.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OssNamesTest {

    @Test
    void bucketNamesFollowOssNaming() {
        for (String ok : List.of("abc", "media-bucket", "a1-2b", "x".repeat(63))) {
            assertNull(OssNames.bucketProblem(ok), ok);
        }
        List<String> bad = List.of("A", "", "a", "ab", "MEDIA", "-abc", "abc-", "a_b", "a.b", "x".repeat(64), "ab\nc");
        for (String name : bad) {
            Findings f = new Findings();
            OssNames.checkBucket(f, "bucket", name);
            assertEquals(1, f.errors().size(), name);
            Violation v = f.errors().get(0);
            assertEquals("bucket", v.path());
            assertEquals("bucket_name", v.code());
            assertTrue(v.message().contains("not a valid OSS bucket name"), v.message());
        }
        assertEquals(11, bad.size());
        assertTrue(OssNames.bucketProblem("ab\nc").contains("'ab\\nc'"), "the value is shown escaped");
        assertTrue(OssNames.bucketProblem(null).contains("(none)"));
    }

    @Test
    void keysFollowOssNaming() {
        assertNull(OssNames.keyProblem("playlists/%zz.txt"));
        assertNull(OssNames.keyProblem("x".repeat(1023)));
        assertNull(OssNames.keyProblem("ü".repeat(511)), "1022 bytes");
        assertEquals("required", code(""));
        assertEquals("required", code(null));
        assertEquals("key_length", code("x".repeat(1024)));
        assertEquals("key_length", code("ü".repeat(512)), "512 characters, 1024 bytes");
        assertEquals("key_leading_slash", code("/a.mp4"));
        assertEquals("key_leading_slash", code("\\a.mp4"));
        String message = OssNames.keyProblem("x".repeat(900_000));
        assertTrue(message.contains("900000 bytes"), message);
        assertTrue(message.length() < 1000, "the value is shown cut: " + message.length());
    }

    private static String code(String key) {
        Findings f = new Findings();
        OssNames.checkKey(f, "events[0].oss.object.key", key);
        return f.errors().isEmpty() ? null : f.errors().get(0).code();
    }
}
