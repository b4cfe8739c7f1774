package io.botdeck.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may talk to Botdeck and for how long ({@code botdeck.*}).
 *
 * @param allowedHosts    {@code Host} names served besides the loopback names and {@code server.address}
 *                        (DNS rebinding: a page of another name is refused)
 * @param allowedOrigins  origins (e.g. {@code https://desk.example:8443}) whose pages may change state
 *                        besides the server's own
 * @param auth            the access token required when listening on anything but loopback
 * @param connections     HTTP connection limits
 * @param websocket       WebSocket limits (log stream and graphql-ws)
 */
@ConfigurationProperties("botdeck")
public record SecurityProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue Auth auth,
        @DefaultValue Connections connections,
        @DefaultValue WebSocket websocket) {

    /** @param token the shared secret; empty = none (allowed only on loopback) */
    public record Auth(@DefaultValue("") String token) {
        public boolean enabled() {
            return token != null && !token.isBlank();
        }
    }

    /**
     * @param idleTimeout    a connection that sends no request for this long is closed
     * @param requestTimeout a request whose headers have not all arrived this long after the connection
     *                       opened (or after the previous response) is closed: a byte every few seconds
     *                       does not keep a connection open
     * @param readTimeout    longest pause while a request body is being read
     * @param maxPerClient   open connections one remote address may hold; more are closed at once
     */
    public record Connections(
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("20s") Duration requestTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("1000") int maxPerClient) {
    }

    /**
     * @param pingInterval   how often the server pings a WebSocket
     * @param idleTimeout    a WebSocket from which nothing (not even a pong) arrived for this long is closed
     * @param stallTimeout   a reader whose socket stays full (accepts nothing) this long is disconnected;
     *                       it resumes by sequence ({@code after} / {@code afterSequence})
     * @param maxPerClient   open WebSockets one remote address may hold
     * @param maxSubscriptionsPerClient  graphql-ws subscriptions plus log streams one remote address may run
     */
    public record WebSocket(
            @DefaultValue("20s") Duration pingInterval,
            @DefaultValue("60s") Duration idleTimeout,
            @DefaultValue("30s") Duration stallTimeout,
            @DefaultValue("500") int maxPerClient,
            @DefaultValue("2000") int maxSubscriptionsPerClient) {
    }
}
