package dev.ossconcat.notify;

import static io.restassured.RestAssured.given;

import dev.ossconcat.localoss.LocalOss;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Jobs made through /concat on two small "clips" in the embedded server, for the /notify tests; each test class passes
 * its own bucket.
 */
final class Jobs {

    /** @param source the key of the job's source object, which IMM names as {@code Sources[0]} */
    record Submitted(String jobId, String taskId, String source) {}

    private Jobs() {}

    /** Two clips under a fresh directory; returns the directory. */
    static String clips(LocalOss local, String bucket) throws IOException {
        String dir = "t-" + UUID.randomUUID() + "/";
        for (String clip : List.of("a.mp4", "b.mp4")) {
            Path f = local.server().orElseThrow().store().file(bucket, dir + clip);
            Files.createDirectories(f.getParent());
            Files.writeString(f, clip);
        }
        return dir;
    }

    /** The playlist of the two clips; its output key has a variable, as the quick start's does. */
    static String playlist(String bucket, String dir) {
        return "{\"bucket\":\"" + bucket + "\",\"clips\":[{\"key\":\"" + dir + "a.mp4\"},{\"key\":\"" + dir
                + "b.mp4\"}],\"output\":{\"key\":\"outputs/" + dir + "x.{autoext}\",\"preset\":\"mp4-h264-720p\"}}";
    }

    /** POST /concat of the playlist, whatever the answer. */
    static ValidatableResponse post(String bucket, String dir) {
        return given().contentType(ContentType.JSON)
                .body(playlist(bucket, dir))
                .when()
                .post("/concat")
                .then();
    }

    static Submitted submit(String bucket, String dir) {
        var r = post(bucket, dir).statusCode(200).extract();
        return new Submitted(r.path("jobId"), r.path("taskId"), r.path("source.key"));
    }

    /** IMM's content about the job's task, naming its source object and no output. */
    static String content(String bucket, Submitted job, String status, String code, String message) {
        return ImmMessages.content(job.taskId(), status, code, message, bucket, job.source());
    }

    static ValidatableResponse status(String bucket, String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", bucket)
                .when()
                .get("/status")
                .then()
                .statusCode(200);
    }

    static ValidatableResponse retry(String bucket, String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", bucket)
                .when()
                .post("/retry")
                .then();
    }
}
