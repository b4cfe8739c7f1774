package io.botdeck.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The access token ({@code botdeck.auth.token}): required on every API route, both WebSockets,
 * GraphiQL, Swagger UI and the OpenAPI and schema documents when set (and it must be set to listen
 * beyond loopback, see {@link ExposureCheck}). Clients send {@code Authorization: Bearer <token>};
 * the dashboard keeps it in the cookie {@value #COOKIE} ({@code SameSite=Strict}), which the
 * browser also sends when it opens a WebSocket or GraphiQL.
 */
public final class AccessToken {

    public static final String COOKIE = "botdeck_token";

    private final byte[] token;

    public AccessToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    public boolean required() {
        return token != null;
    }

    /** Whether the request carries the token (always true when none is configured). */
    public boolean presentIn(ServerHttpRequest request) {
        if (token == null) {
            return true;
        }
        String auth = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            return true;
        }
        for (HttpCookie cookie : request.getCookies().getOrDefault(COOKIE, java.util.List.of())) {
            if (matches(java.net.URLDecoder.decode(cookie.getValue(), StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
