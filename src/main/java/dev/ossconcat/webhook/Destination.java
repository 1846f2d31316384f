package dev.ossconcat.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a job event may be sent. A callback URL comes from whoever wrote the playlist, and the function runs inside
 * a cloud network: an unchecked URL would let a playlist make the function call the instance metadata service
 * (100.100.100.200 on Alibaba Cloud, which hands out the role's credentials), internal services, or itself.
 *
 * <p>So, in the cloud: https only; when an allow-list is configured, only its hosts (a leading dot allows
 * subdomains); and every address the host resolves to must be public: no loopback, private, link-local, carrier-grade
 * NAT (where the metadata service lives), multicast, unspecified or unique-local address, IPv4-mapped forms
 * included. Locally (the embedded server), http and loopback receivers are allowed, because a developer's receiver
 * runs on the same machine. The sender ({@link Sender}) connects only to the addresses checked here ({@link Checked}),
 * so a DNS answer that changes between the check and the connection (rebinding) is never asked for, and with
 * redirects off, so a public host cannot bounce the request inward.
 */
public final class Destination {

    /** Resolves a host name; {@link InetAddress#getAllByName} in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The policy.
     *
     * @param local      whether the function runs locally (http and loopback allowed)
     * @param allowHosts hosts callbacks may go to; empty = any public host
     */
    public record Policy(boolean local, List<String> allowHosts) {

        public Policy {
            allowHosts =
                    allowHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        }
    }

    /** What {@link #decide} says of a URL. */
    public sealed interface Decision permits Checked, Refusal {}

    /** A callback URL that passed the policy, with the addresses it was checked against: the only ones to use. */
    public record Checked(URI uri, List<InetAddress> addresses) implements Decision {}

    /** Why a callback URL is refused: a stable code and a sentence for the caller. */
    public record Refusal(String code, String message) implements Decision {}

    private Destination() {}

    /** The refusal of {@code url} under {@code policy}, or {@code null} when it may be used. */
    public static Refusal check(String url, Policy policy, Resolver resolver) {
        return decide(url, policy, resolver) instanceof Refusal r ? r : null;
    }

    /** {@code url} with the addresses to connect to, or why it may not be used. */
    public static Decision decide(String url, Policy policy, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return new Refusal("invalid_url", "callback.url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(policy.local() && scheme.equals("http"))) {
            return new Refusal(
                    "scheme_not_allowed",
                    "callback.url must use https" + (policy.local() ? " or http" : "") + ", not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            return new Refusal("invalid_url", "callback.url must not contain credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return new Refusal("invalid_url", "callback.url has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!policy.allowHosts().isEmpty() && !allowed(host, policy.allowHosts())) {
            return new Refusal("host_not_allowed", "callback host " + host + " is not in CONCAT_CALLBACK_HOSTS");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return new Refusal("host_unknown", "callback host " + host + " does not resolve");
        }
        if (!policy.local()) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    return new Refusal(
                            "address_not_allowed",
                            "callback host " + host + " resolves to " + a.getHostAddress()
                                    + ", which is not a public address");
                }
            }
        }
        if (addresses.length == 0) {
            return new Refusal("host_unknown", "callback host " + host + " does not resolve");
        }
        return new Checked(uri, List.of(addresses));
    }

    private static boolean allowed(String host, List<String> allowHosts) {
        for (String allowed : allowHosts) {
            if (allowed.startsWith(".") ? host.endsWith(allowed) : host.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code a} is an address on the public internet. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7, unique local
            }
            if (isMappedOrCompatible(b)) {
                byte[] v4 = {b[12], b[13], b[14], b[15]};
                try {
                    return isPublic(InetAddress.getByAddress(v4));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // 0.0.0.0/8, "this network"
                    && !(first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10, CGNAT: the metadata service
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15, benchmarking
                    && first < 240; // 240.0.0.0/4 reserved, broadcast
        }
        return false;
    }

    /** ::ffff:a.b.c.d and the deprecated ::a.b.c.d: an IPv4 address in IPv6 clothing. */
    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}
