package dev.ossconcat.fc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running on Function Compute (FC_REGION set): /invoke takes events from FC only. */
@QuarkusTest
@TestProfile(InvokeOnFunctionComputeTest.OnFc.class)
public class InvokeOnFunctionComputeTest {

    public static class OnFc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concat.fc-region", "cn-hangzhou");
        }
    }

    static final String EVENT = "{\"triggerTime\":\"2023-12-26T07:49:00Z\",\"triggerName\":\"t\",\"payload\":\"x\"}";

    @Test
    void aForgedEventWithoutTheControlPathIsRefused() {
        given().contentType(ContentType.BINARY)
                .body(EVENT.getBytes())
                .when()
                .post("/invoke")
                .then()
                .statusCode(403)
                .body("error", equalTo("not_an_event"))
                .header("x-fc-status", "200");
        given().contentType(ContentType.BINARY)
                .body(EVENT.getBytes())
                .header("x-fc-control-path", "/http-invoke")
                .when()
                .post("/invoke")
                .then()
                .statusCode(403);
    }

    @Test
    void anEventFromFunctionComputeIsHandled() {
        given().contentType(ContentType.BINARY)
                .body(EVENT.getBytes())
                .header("x-fc-control-path", "/invoke")
                .when()
                .post("/invoke")
                .then()
                .statusCode(400)
                .header("x-fc-status", "200")
                .body("error", equalTo("invalid_event"));
    }
}
