package dev.ossconcat.fc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.report.Findings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * s.yaml against the application's configuration: a trigger that fires on keys the function ignores (or the
 * reverse), or an output under the trigger prefix (a loop), fails here instead of in production.
 */
@QuarkusTest
class ServerlessYamlTest {

    @Inject
    UploadConfig upload;

    @Inject
    ConcatConfig config;

    JsonNode props() throws Exception {
        JsonNode yaml =
                new ObjectMapper(new YAMLFactory()).readTree(Path.of("s.yaml").toFile());
        return yaml.path("resources").path("concat").path("props");
    }

    /** The value as deployed: the s.yaml environment variable when set, else the application's default. */
    String env(JsonNode props, String name, String fallback) {
        JsonNode v = props.path("environmentVariables").path(name);
        return v.isTextual() && !v.textValue().isBlank() ? v.textValue() : fallback;
    }

    List<String> list(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    @Test
    void ossTriggersMatchTheUploadConfigurationAndNeverSeeOutputs() throws Exception {
        JsonNode props = props();
        String prefix = env(props, "CONCAT_UPLOAD_PREFIX", upload.prefix());
        List<String> suffixes = list(env(props, "CONCAT_UPLOAD_SUFFIXES", String.join(",", upload.suffixes())));
        List<String> outputs = list(env(props, "CONCAT_OUTPUT_PREFIXES", String.join(",", config.outputPrefixes())));
        String jobs = env(props, "CONCAT_JOBS_PREFIX", config.jobsPrefix());
        // with none of these, the loops below would check nothing and the final comparison would be of two empties
        assertFalse(suffixes.isEmpty(), "accepted playlist suffixes");
        assertFalse(outputs.isEmpty(), "output prefixes");

        List<String> triggerSuffixes = new ArrayList<>();
        for (JsonNode t : props.path("triggers")) {
            if (!t.path("triggerType").asText().equals("oss")) {
                continue;
            }
            JsonNode key = t.path("triggerConfig").path("filter").path("key");
            String tp = key.path("prefix").asText(null);
            String ts = key.path("suffix").asText(null);
            assertNotNull(tp, t + " needs a prefix filter");
            assertNotNull(ts, t + " needs a suffix filter");
            assertEquals(prefix, tp, "trigger " + t.path("triggerName") + " prefix vs CONCAT_UPLOAD_PREFIX");
            assertTrue(suffixes.contains(ts), "trigger suffix " + ts + " is not one of " + suffixes);
            triggerSuffixes.add(ts);
            assertFalse(t.path("triggerConfig").path("events").isEmpty(), t + " names its events");
            for (JsonNode e : t.path("triggerConfig").path("events")) {
                assertTrue(
                        UploadHandler.STARTING_EVENTS.contains(e.asText().replaceFirst("^oss:", "")),
                        "trigger event " + e + " would never start a job (or would fire per part)");
            }
            for (String out : outputs) {
                assertFalse(
                        out.startsWith(tp) || tp.startsWith(out),
                        "output prefix " + out + " overlaps the trigger prefix " + tp
                                + ": the function would trigger itself");
            }
            assertFalse(jobs.startsWith(tp), "job records under the trigger prefix " + tp);
        }
        assertEquals(
                suffixes.stream().sorted().toList(),
                triggerSuffixes.stream().sorted().toList(),
                "every accepted playlist suffix has a trigger, and no trigger another suffix");
    }

    @Test
    void theFunctionIsConfiguredForACustomRuntime() throws Exception {
        JsonNode props = props();
        assertEquals("custom.debian12", props.path("runtime").asText());
        assertEquals(9000, props.path("customRuntimeConfig").path("port").asInt());
        assertTrue(props.path("timeout").asInt() > 3, "explicit timeout (the fc3 default is 3 s)");
        assertTrue(props.path("instanceConcurrency").asInt() > 1, "explicit instanceConcurrency");
        assertTrue(props.path("asyncInvokeConfig").path("maxAsyncRetryAttempts").isInt());
        JsonNode http = null;
        for (JsonNode t : props.path("triggers")) {
            if (t.path("triggerType").asText().equals("http")) {
                http = t;
            }
        }
        assertNotNull(http);
        assertTrue(http.path("triggerConfig").path("methods").toString().contains("POST"));
    }

    @Test
    void theExampleTimerPayloadIsAValidHighlightSpec() throws Exception {
        int timers = 0;
        for (JsonNode t : props().path("triggers")) {
            if (t.path("triggerType").asText().equals("timer")) {
                timers++;
                JsonNode payload = new ObjectMapper()
                        .readTree(t.path("triggerConfig").path("payload").asText());
                Findings findings = new Findings();
                assertNotNull(
                        HighlightSpec.read(payload, findings), findings.all().toString());
                assertTrue(payload.path("output").path("key").asText().startsWith("highlights/"));
            }
        }
        assertEquals(1, timers, "s.yaml has the example timer trigger");
    }

    /**
     * One variable selects the flavour: s.yaml's pre-deploy runs src/package/build.sh, which builds the flavour
     * CONCAT_FLAVOUR names (jvm when unset) into the zip that {@code code} uploads; both flavours start as the
     * command s.yaml gives. FcPackageIT runs what build.sh makes.
     */
    @Test
    void oneVariableSelectsTheFlavourOfThePackageThatIsUploaded() throws Exception {
        JsonNode yaml =
                new ObjectMapper(new YAMLFactory()).readTree(Path.of("s.yaml").toFile());
        JsonNode preDeploy =
                yaml.path("resources").path("concat").path("actions").path("pre-deploy");
        assertEquals(1, preDeploy.size(), preDeploy.toString());
        assertEquals("src/package/build.sh", preDeploy.get(0).path("run").asText());
        Path script = Path.of("src/package/build.sh");
        assertTrue(Files.isExecutable(script));
        String build = Files.readString(script);
        assertTrue(build.contains("flavour=${1:-${CONCAT_FLAVOUR:-jvm}}"), "the flavour comes from CONCAT_FLAVOUR");
        String code = props().path("code").asText();
        assertEquals("./target/fc-package.zip", code, "the zip build.sh makes, bootstrap executable");
        assertTrue(build.contains("out=${2:-target/fc-package}"), "build.sh's default output is what is uploaded");
        assertEquals(
                "/code/bootstrap",
                props().path("customRuntimeConfig").path("command").get(0).asText());
        assertTrue(build.contains("\"$out/bootstrap\"") && build.contains("assemble.sh"), "both make bootstrap");

        // a flavour that does not exist is refused at once, naming the two that do
        ProcessBuilder pb = new ProcessBuilder(script.toAbsolutePath().toString()).redirectErrorStream(true);
        pb.environment().put("CONCAT_FLAVOUR", "graal");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("jvm or native, not 'graal'"), out);
    }

    /**
     * As shipped, no deployment leaves the billed calls open: either FC checks signatures (authType function, declared
     * to the function as CONCAT_API_AUTH=fc), or the token comes from the deployer's environment, so that an
     * unset one deploys a function that refuses (guard.BearerToken, SecureByDefaultTest), never an open one.
     */
    @Test
    void theShippedDeploymentIsSecure() throws Exception {
        JsonNode yaml =
                new ObjectMapper(new YAMLFactory()).readTree(Path.of("s.yaml").toFile());
        assertEquals("", insecurity(yaml), "s.yaml as shipped");

        // the check can fail: the old anonymous trigger with an empty token
        JsonNode open = yaml.deepCopy();
        JsonNode props = open.path("resources").path("concat").path("props");
        ((com.fasterxml.jackson.databind.node.ObjectNode) props.path("environmentVariables"))
                .put("CONCAT_API_TOKEN", "");
        assertTrue(insecurity(open).contains("CONCAT_API_TOKEN"), insecurity(open));
        ((com.fasterxml.jackson.databind.node.ObjectNode) props.path("environmentVariables"))
                .put("CONCAT_API_OPEN", "true");
        assertTrue(insecurity(open).contains("CONCAT_API_OPEN"), insecurity(open));
    }

    /** Why the deployment would serve anonymous callers, or "" when it cannot. */
    static String insecurity(JsonNode yaml) {
        JsonNode props = yaml.path("resources").path("concat").path("props");
        JsonNode env = props.path("environmentVariables");
        List<String> why = new ArrayList<>();
        if ("true".equalsIgnoreCase(env.path("CONCAT_API_OPEN").asText(""))) {
            why.add("CONCAT_API_OPEN is true");
        }
        List<JsonNode> http = new ArrayList<>();
        props.path("triggers").forEach(t -> {
            if ("http".equals(t.path("triggerType").asText())) {
                http.add(t);
            }
        });
        assertEquals(1, http.size(), "one HTTP trigger");
        String authType = http.get(0).path("triggerConfig").path("authType").asText();
        if (authType.equals("function")) {
            if (!"fc".equals(env.path("CONCAT_API_AUTH").asText())) {
                why.add("authType function without CONCAT_API_AUTH: fc, so the function refuses every call");
            }
        } else {
            // the token must come from the deployer's environment: a literal is a secret in the repository, an
            // empty one an open function
            String token = env.path("CONCAT_API_TOKEN").asText("");
            String var = token.matches("\\$\\{vars\\.(\\w+)}") ? token.substring(7, token.length() - 1) : null;
            String value = var == null ? token : yaml.path("vars").path(var).asText("");
            if (!value.matches("\\$\\{env\\('CONCAT_API_TOKEN'\\)}")) {
                why.add("authType " + authType + " with CONCAT_API_TOKEN "
                        + (value.isEmpty() ? "empty" : "not from the environment"));
            }
        }
        return String.join("; ", why);
    }
}
