package dev.ossconcat.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The media origin the page's CSP allows follows where presigned URLs point. */
class PageHeadersTest {

    @Test
    void onOssMediaComesFromTheBucketsVirtualHosts() {
        String csp = PageHeaders.policy(URI.create("https://oss-cn-hangzhou.aliyuncs.com"));
        assertTrue(csp.contains("media-src 'self' https://*.oss-cn-hangzhou.aliyuncs.com;"), csp);
    }

    @Test
    void onAnIpOrLocalhostEndpointUrlsArePathStyle() {
        assertTrue(PageHeaders.policy(URI.create("http://127.0.0.1:9100"))
                .contains("media-src 'self' http://127.0.0.1:9100;"));
        assertTrue(PageHeaders.policy(URI.create("http://localhost:9100"))
                .contains("media-src 'self' http://localhost:9100;"));
    }
}
