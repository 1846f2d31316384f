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

    record Submitted(String jobId, String taskId) {}

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

    static Submitted submit(String bucket, String dir) {
        var r = given().contentType(ContentType.JSON)
                .body("{\"bucket\":\"" + bucket + "\",\"clips\":[{\"key\":\""
                        + dir + "a.mp4\"},{\"key\":\"" + dir + "b.mp4\"}],\"output\":{\"key\":\"outputs/" + dir
                        + "x.{autoext}\",\"preset\":\"mp4-h264-720p\"}}")
                .when()
                .post("/concat")
                .then()
                .statusCode(200)
                .extract();
        return new Submitted(r.path("jobId"), r.path("taskId"));
    }

    static ValidatableResponse status(String bucket, String jobId) {
        return given().queryParam("jobId", jobId)
                .queryParam("bucket", bucket)
                .when()
                .get("/status")
                .then()
                .statusCode(200);
    }
}
