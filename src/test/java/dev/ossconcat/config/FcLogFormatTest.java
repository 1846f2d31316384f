package dev.ossconcat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON log lines exactly when Function Compute's FC_REGION is set, below the environment's own say. */
class FcLogFormatTest {

    @Test
    void jsonOnlyOnFunctionCompute() {
        assertEquals(
                "true", new FcLogFormat(Map.of("FC_REGION", "cn-hangzhou")::get).getValue(FcLogFormat.JSON_ENABLED));
        assertNull(new FcLogFormat(Map.<String, String>of()::get).getValue(FcLogFormat.JSON_ENABLED));
        assertNull(new FcLogFormat(Map.of("FC_REGION", " ")::get).getValue(FcLogFormat.JSON_ENABLED));
        // above application.properties (250), below environment variables (300)
        assertEquals(275, new FcLogFormat(Map.<String, String>of()::get).getOrdinal());
    }
}
