package dev.ossconcat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js verifier exactly as README.md prints it (its {@code js} block), on a request the receiver
 * got: the documentation's code is what is tested, not a copy of it.
 */
final class NodeVerifier {

    static final Path DOC = Path.of("README.md");

    private NodeVerifier() {}

    /** The documented {@code verify(...)} of the request under {@code secret}: "true" or "false". */
    static String run(String secret, CallbackTest.Receiver.Request r) throws IOException, InterruptedException {
        String script = documented()
                + "\nprocess.stdout.write(String(verify(process.env.SECRET, process.env.TS, process.env.SIG,"
                + " require(\"fs\").readFileSync(0))));\n";
        ProcessBuilder pb = new ProcessBuilder("node", "-e", script).redirectErrorStream(true);
        pb.environment().put("SECRET", secret);
        pb.environment().put("TS", r.timestamp());
        pb.environment().put("SIG", r.signature());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(r.body());
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "node ran");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), "node failed: " + out);
        return out;
    }

    /** The one {@code js} block of the doc. */
    static String documented() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("```js\n");
        assertTrue(start >= 0, DOC + " has a js block");
        int end = doc.indexOf("```", start + 6);
        String code = doc.substring(start + 6, end);
        assertTrue(code.lines().count() <= 6, "the verifier stays a few lines");
        return code;
    }
}
