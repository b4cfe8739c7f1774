package io.botdeck.security;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} headers Botdeck serves: the loopback names ({@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}) with any port, the configured {@code server.address}, and the
 * names in {@code botdeck.allowed-hosts} ({@code .example.com} also allows every name under it).
 * Bound to every interface ({@code 0.0.0.0}), the addresses of this machine's interfaces are served
 * too: an address typed into the browser cannot be rebound, only a name can.
 * <p>
 * This is the guard against DNS rebinding: a page at {@code http://evil.example:8080} whose name
 * an attacker points at 127.0.0.1 reaches the server with {@code Host: evil.example:8080}.
 */
public final class HostRule {

    private final Set<String> exact = new HashSet<>();
    private final List<String> suffixes;

    public HostRule(String serverAddress, List<String> allowedHosts) {
        exact.addAll(List.of("localhost", "127.0.0.1", "::1"));
        String address = serverAddress == null ? "" : normalize(serverAddress.trim());
        if (isWildcard(address)) {
            exact.addAll(interfaceAddresses());
        } else if (!address.isEmpty()) {
            exact.add(address);
        }
        List<String> names = allowedHosts == null ? List.of() : allowedHosts.stream()
                .map(String::trim).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).toList();
        names.stream().filter(h -> !h.startsWith(".")).map(HostRule::normalize).forEach(exact::add);
        suffixes = names.stream().filter(h -> h.startsWith(".")).toList();
    }

    /** Whether a request with this {@code Host} header is served. */
    public boolean allows(String hostHeader) {
        String host = hostOf(hostHeader);
        if (host == null) {
            return false;
        }
        return exact.contains(host) || suffixes.stream().anyMatch(host::endsWith);
    }

    /** The host part of a {@code Host} header, lower case, without port, brackets or a trailing dot; null if malformed. */
    static String hostOf(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.trim();
        String host;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = h.substring(1, end);
            String rest = h.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return null;
            }
        } else {
            int colon = h.indexOf(':');
            host = colon < 0 ? h : h.substring(0, colon);
            if (colon >= 0 && !h.substring(colon).matches(":\\d{1,5}")) {
                return null;
            }
        }
        return host.isEmpty() ? null : normalize(host);
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    static boolean isWildcard(String address) {
        return address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(normalize(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: the loopback names and allowed-hosts still apply
        }
        return out;
    }
}
