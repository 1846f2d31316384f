package dev.ossconcat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationTest {

    static final Destination.Policy CLOUD = new Destination.Policy(false, List.of());
    static final Destination.Policy LOCAL = new Destination.Policy(true, List.of());

    /** A DNS of our own: names to addresses, literals as themselves. */
    static final Destination.Resolver DNS = host -> {
        Map<String, String> table = Map.of(
                "hooks.example.com", "93.184.216.34",
                "rebind.example.com", "10.0.0.7",
                "meta.example.com", "100.100.100.200",
                "v6.example.com", "2606:4700::1111");
        String address = table.get(host);
        if (address == null && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address == null ? host : address)};
    };

    @Test
    void aPublicHttpsReceiverIsAllowedInTheCloud() {
        assertNull(Destination.check("https://hooks.example.com/concat", CLOUD, DNS));
        assertNull(Destination.check("https://v6.example.com/concat", CLOUD, DNS));
    }

    @Test
    void inTheCloudOnlyHttpsToPublicAddresses() {
        assertEquals("scheme_not_allowed", code("http://hooks.example.com/x", CLOUD));
        assertEquals("scheme_not_allowed", code("file:///etc/passwd", CLOUD));
        assertEquals("scheme_not_allowed", code("gopher://hooks.example.com/", CLOUD));
        for (String inward : List.of(
                "https://127.0.0.1/",
                "https://localhost.localdomain.invalid/",
                "https://10.1.2.3/",
                "https://172.16.0.1/",
                "https://192.168.1.1/",
                "https://169.254.169.254/latest/meta-data/",
                "https://meta.example.com/", // resolves to Alibaba Cloud's metadata service
                "https://100.100.100.200/latest/meta-data/ram/security-credentials/",
                "https://rebind.example.com/",
                "https://0.0.0.0/",
                "https://[::1]/",
                "https://[fd00::1]/",
                "https://[fe80::1]/",
                "https://[::ffff:10.0.0.1]/",
                "https://224.0.0.1/")) {
            Destination.Refusal r = Destination.check(inward, CLOUD, DNS);
            assertTrue(r != null && !r.code().equals("scheme_not_allowed"), inward + " refused for its address: " + r);
        }
    }

    @Test
    void locallyHttpAndLoopbackReceiversWork() {
        assertNull(Destination.check("http://127.0.0.1:8099/hook", LOCAL, DNS));
        assertNull(Destination.check("https://hooks.example.com/concat", LOCAL, DNS));
        assertEquals("scheme_not_allowed", code("ftp://127.0.0.1/", LOCAL));
    }

    @Test
    void theAllowListNamesHostsAndDotPrefixedDomains() {
        Destination.Policy policy = new Destination.Policy(false, List.of(".Example.com", "partner.io"));
        assertNull(Destination.check("https://hooks.example.com/", policy, DNS));
        assertEquals("host_not_allowed", code("https://example.com.evil.io/", policy));
        assertEquals("host_not_allowed", code("https://badexample.com/", policy));
        assertEquals(
                "address_not_allowed", code("https://rebind.example.com/", policy), "allowed host, private address");
    }

    @Test
    void malformedUrlsAndCredentialsAreRefused() {
        assertEquals("invalid_url", code("https://exa mple.com/", CLOUD));
        assertEquals("invalid_url", code("https:///path-only", CLOUD));
        assertEquals("invalid_url", code("https://user:secret@hooks.example.com/", CLOUD));
        assertEquals("host_unknown", code("https://nowhere.invalid/", CLOUD));
    }

    @Test
    void publicAddressesArePublic() throws Exception {
        assertTrue(Destination.isPublic(InetAddress.getByName("8.8.8.8")));
        assertTrue(Destination.isPublic(InetAddress.getByName("100.128.0.1")), "just above the CGNAT range");
        assertFalse(Destination.isPublic(InetAddress.getByName("100.64.0.1")));
        assertFalse(Destination.isPublic(InetAddress.getByName("198.18.0.1")));
        assertFalse(Destination.isPublic(InetAddress.getByName("255.255.255.255")));
    }

    private static String code(String url, Destination.Policy policy) {
        Destination.Refusal r = Destination.check(url, policy, DNS);
        return r == null ? null : r.code();
    }
}
