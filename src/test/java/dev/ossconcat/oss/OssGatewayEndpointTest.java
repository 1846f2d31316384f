package dev.ossconcat.oss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ossconcat.config.ConcatConfig;
import dev.ossconcat.localoss.LocalOss;
import dev.ossconcat.localoss.LocalOssConfig;
import dev.ossconcat.localoss.LocalOssConfigs;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which OSS the gateway talks to, without starting Quarkus. */
class OssGatewayEndpointTest {

    static OssConfig oss(Optional<String> endpoint) {
        return oss(endpoint, Optional.empty());
    }

    static OssConfig oss(Optional<String> endpoint, Optional<String> publicEndpoint) {
        return new OssConfig() {
            public Optional<String> endpoint() {
                return endpoint;
            }

            public Optional<String> publicEndpoint() {
                return publicEndpoint;
            }

            public Optional<String> region() {
                return Optional.empty();
            }

            public Optional<String> accessKeyId() {
                return Optional.of("ak");
            }

            public Optional<String> accessKeySecret() {
                return Optional.of("sk");
            }

            public Optional<String> securityToken() {
                return Optional.empty();
            }

            public int maxConnections() {
                return 8;
            }

            public int connectTimeoutMillis() {
                return 1000;
            }

            public int socketTimeoutMillis() {
                return 1000;
            }

            public int maxErrorRetry() {
                return 0;
            }
        };
    }

    static ConcatConfig concat(Optional<String> fcRegion) {
        return new ConcatConfig() {
            public Optional<String> defaultBucket() {
                return Optional.empty();
            }

            public Optional<String> notifyTopic() {
                return Optional.empty();
            }

            public Optional<String> fcRegion() {
                return fcRegion;
            }

            public String jobsPrefix() {
                return "concat-jobs/";
            }

            public boolean verify() {
                return false;
            }

            public java.util.List<String> outputPrefixes() {
                return java.util.List.of("outputs/");
            }

            public Optional<String> prices() {
                return Optional.empty();
            }
        };
    }

    static LocalOss local() {
        LocalOssConfig c = LocalOssConfigs.of(
                () -> {
                    throw new AssertionError("the embedded server must not start");
                },
                0);
        return new LocalOss(null, c, java.time.Clock.systemUTC());
    }

    @Test
    void onFunctionComputeTheInternalEndpointOfTheRegionIsUsedAndNothingIsEmbedded() {
        LocalOss local = local();
        OssGateway g = new OssGateway(oss(Optional.empty()), concat(Optional.of("cn-shanghai")), Optional.of(local));
        assertEquals("https://oss-cn-shanghai-internal.aliyuncs.com", g.endpoint());
        assertFalse(g.embedded());
        assertTrue(local.server().isEmpty());
    }

    @Test
    void aConfiguredEndpointWinsEverywhere() {
        LocalOss local = local();
        OssGateway g = new OssGateway(
                oss(Optional.of("https://oss-eu-central-1.aliyuncs.com")),
                concat(Optional.empty()),
                Optional.of(local));
        assertEquals("https://oss-eu-central-1.aliyuncs.com", g.endpoint());
        assertTrue(local.server().isEmpty());
    }

    @Test
    void aRequestsFcCredentialsWinAndWithoutThemTheInstancesOwnAreChosenExplicitly() {
        OssGateway g = new OssGateway(
                oss(Optional.of("https://oss-eu-central-1.aliyuncs.com")),
                concat(Optional.empty()),
                Optional.of(local()));
        java.util.Map<String, String> fc = java.util.Map.of(
                "x-fc-access-key-id", "STS.request", "x-fc-access-key-secret", "s", "x-fc-security-token", "t");
        assertEquals("STS.request", g.forRequest(fc::get).accessKeyId());
        // the instance's own: ALIBABA_CLOUD_* when the environment has them, else concat.oss.access-key-id ("ak")
        assertEquals(g.asInstance().accessKeyId(), g.forRequest(name -> null).accessKeyId());
        assertEquals("other", g.as(RequestCredentials.of("other", "x", null)).accessKeyId());
        assertThrows(IllegalArgumentException.class, () -> g.as(null), "no session without credentials");
    }

    /** A Function Compute package has no embedded server: without an endpoint or FC_REGION it refuses to start. */
    @Test
    void withoutEndpointRegionOrEmbeddedServerStartUpIsRefusedSayingWhatToSet() {
        OssNotConfigured e = assertThrows(
                OssNotConfigured.class,
                () -> new OssGateway(oss(Optional.empty()), concat(Optional.empty()), Optional.empty()));
        assertTrue(e.getMessage().contains("CONCAT_OSS_ENDPOINT"), e.getMessage());
        assertTrue(e.getMessage().contains("FC_REGION"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        // with either one, the same build starts without an embedded server
        assertEquals(
                "https://oss-cn-shanghai-internal.aliyuncs.com",
                new OssGateway(oss(Optional.empty()), concat(Optional.of("cn-shanghai")), Optional.empty()).endpoint());
    }

    @Test
    void browsersGetThePublicTwinOfTheInternalEndpointUnlessOneIsConfigured() {
        OssGateway fc = new OssGateway(oss(Optional.empty()), concat(Optional.of("cn-shanghai")), Optional.empty());
        assertEquals("https://oss-cn-shanghai.aliyuncs.com", fc.publicEndpoint().toString());
        OssGateway custom = new OssGateway(
                oss(Optional.empty(), Optional.of("https://media.example.com")),
                concat(Optional.of("cn-shanghai")),
                Optional.empty());
        assertEquals("https://media.example.com", custom.publicEndpoint().toString());
        assertEquals("http://127.0.0.1:9100", OssGateway.publicOf("http://127.0.0.1:9100"));
        assertEquals("oss-eu-central-1.aliyuncs.com", OssGateway.publicOf("oss-eu-central-1-internal.aliyuncs.com"));
    }

    /** What a browser is handed: V4, for the public host, with the request's STS token, and nothing sent. */
    @Test
    void presignedUrlsAreV4ForThePublicEndpointAndCarryTheStsToken() {
        OssGateway fc = new OssGateway(oss(Optional.empty()), concat(Optional.of("cn-shanghai")), Optional.empty());
        java.util.Map<String, String> headers = java.util.Map.of(
                "x-fc-access-key-id", "STS.request", "x-fc-access-key-secret", "s", "x-fc-security-token", "tok");
        String url = fc.forRequest(headers::get)
                .presignGet("media", "clips/a b.mp4", java.time.Instant.now().plusSeconds(600));
        assertTrue(url.startsWith("https://media.oss-cn-shanghai.aliyuncs.com/clips/a%20b.mp4?"), url);
        assertTrue(url.contains("x-oss-signature-version=OSS4-HMAC-SHA256"), url);
        assertTrue(url.contains("x-oss-security-token=tok"), url);
        assertTrue(url.contains("STS.request"), url);
        assertFalse(url.contains("-internal"), url);
    }
}
