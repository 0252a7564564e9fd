package io.yutang.gateway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where a webhook may go: http or https, a host, no credentials in the URL, and, unless its host
 * is on the allow-list, no address in loopback, link-local, private, carrier-grade NAT, multicast
 * or other reserved ranges — for every address the name resolves to, so a webhook cannot become a
 * way into the company's network. Deliveries connect to the address checked here, not to a second
 * lookup (no DNS rebinding between check and use).
 */
@Component
class OutboundAddresses {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final Set<String> allowed;

    OutboundAddresses(WebhookSettings settings) {
        this.allowed = settings.allowedHosts().stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Checks what can be checked without a lookup; throws {@link UnsafeWebhookUrl}. */
    static URI shape(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new UnsafeWebhookUrl("malformed");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new UnsafeWebhookUrl("scheme");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new UnsafeWebhookUrl("host");
        }
        if (uri.getUserInfo() != null) {
            throw new UnsafeWebhookUrl("credentials");
        }
        return uri;
    }

    /** The address to connect to for {@code uri}, every resolved address checked; a lookup off the event loop. */
    Mono<InetSocketAddress> resolve(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return Mono.fromCallable(() -> InetAddress.getAllByName(host))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(LOOKUP_TIMEOUT)
                .onErrorMap(UnknownHostException.class, e -> new UnsafeWebhookUrl("unresolvable"))
                .map(addresses -> {
                    if (!allowed.contains(host) && Arrays.stream(addresses).anyMatch(OutboundAddresses::internal)) {
                        throw new UnsafeWebhookUrl("private-address");
                    }
                    return new InetSocketAddress(addresses[0], port);
                });
    }

    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first >= 240                       // this network; reserved and broadcast
                    || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0; // IETF protocol assignments
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mapped = Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).allMatch(i -> b[i] == 0)
                    && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return internal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
