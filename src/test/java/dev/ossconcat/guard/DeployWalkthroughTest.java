package dev.ossconcat.guard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ossconcat.DocCommands;
import dev.ossconcat.DocCommands.Answer;
import dev.ossconcat.DocCommands.Block;
import dev.ossconcat.TestPlaylists;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README's Deploy walk-through against the local emulation of a deployment made as it says: on Function Compute
 * (FC_REGION) with the token exported before {@code s deploy}. Its first call works as written; without the token
 * the same call is refused.
 */
@QuarkusTest
@TestProfile(DeployWalkthroughTest.Deployed.class)
class DeployWalkthroughTest {

    public static class Deployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the token DocCommands exports, as the walk-through's shell would
            return Map.of("concat.fc-region", "cn-hangzhou", "concat.api-token", "a-token-from-the-shell");
        }
    }

    @Test
    void theFirstCallWorksAsWrittenAndOnlyWithTheToken() throws Exception {
        List<Block> deploy = DocCommands.blocks(Path.of("README.md")).stream()
                .filter(b -> b.command().contains("$FC_URL"))
                .toList();
        assertEquals(1, deploy.size(), "README's Deploy section has its first call");
        List<Answer> answers =
                DocCommands.run(deploy.get(0), RestAssured.port, Files.createTempDirectory("deploy"), null);
        assertEquals(1, answers.size());
        assertEquals(200, answers.get(0).status(), answers.toString());
        JsonNode answer = answers.get(0).json();
        assertTrue(answer.path("valid").asBoolean(), "README: the answer has \"valid\": true: " + answer);

        given().contentType(ContentType.JSON)
                .body(TestPlaylists.VALID)
                .when()
                .post("/validate")
                .then()
                .statusCode(401)
                .body("error", equalTo("unauthorized"));
    }
}
