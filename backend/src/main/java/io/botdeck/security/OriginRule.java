package io.botdeck.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;

/**
 * Whether a browser sent a request from another site. A browser names the page that made a
 * state-changing request or opened a WebSocket in {@code Origin} (and, in current browsers,
 * {@code Sec-Fetch-Site}); a page of Botdeck itself names Botdeck's own origin. Requests without
 * either header come from programs such as curl or a bot's HTTP client and are allowed: a web page
 * cannot send a state-changing request without them.
 * <p>
 * "Another site" includes another port of the same machine ({@code http://localhost:3000} is
 * {@code same-site} to a browser, but not Botdeck).
 */
public final class OriginRule {

    private final Set<String> allowedOrigins;

    public OriginRule(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins == null ? Set.of() : allowedOrigins.stream()
                .map(String::trim).filter(o -> !o.isEmpty()).map(OriginRule::normalizeOrigin).collect(Collectors.toSet());
    }

    /** Why the request counts as cross-site; null when it does not. */
    public String crossSiteReason(HttpHeaders headers) {
        String origin = headers.getOrigin();
        if (origin != null && allowedOrigins.contains(normalizeOrigin(origin))) {
            return null;
        }
        String fetchSite = headers.getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return "requests from other sites may not change anything here (Sec-Fetch-Site: " + abbreviate(fetchSite) + ")";
        }
        if (origin == null) {
            return null;
        }
        if (!sameAuthority(headers.getFirst(HttpHeaders.HOST), origin)) {
            return "requests from other sites may not change anything here (Origin: " + abbreviate(origin) + ")";
        }
        return null;
    }

    /**
     * Whether the origin names the host and port the request was sent to. A {@code Host} without a
     * port (behind a proxy on 80 or 443) matches an origin on its scheme's default port.
     */
    static boolean sameAuthority(String hostHeader, String origin) {
        String host = HostRule.hostOf(hostHeader);
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null || uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = "https".equals(scheme) || "wss".equals(scheme) ? 443 : 80;
        int theirPort = uri.getPort() >= 0 ? uri.getPort() : defaultPort;
        if (!host.equals(HostRule.hostOf(uri.getHost()))) {
            return false;
        }
        Integer ownPort = portOf(hostHeader);
        return ownPort == null ? theirPort == defaultPort : ownPort == theirPort;
    }

    private static Integer portOf(String hostHeader) {
        String h = hostHeader.trim();
        int at = h.startsWith("[") ? h.indexOf("]:") + 1 : h.indexOf(':');
        return at > 0 ? Integer.valueOf(h.substring(at + 1)) : null;
    }

    /** {@code http://Localhost} → {@code localhost:80}; the origin itself when malformed. */
    private static String normalizeOrigin(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() != null && uri.getHost() != null) {
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
                return scheme + "://" + HostRule.hostOf(uri.getHost()) + ":" + port;
            }
        } catch (IllegalArgumentException e) {
            // compared as written
        }
        return origin.trim().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
