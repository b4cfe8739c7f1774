package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The server's side of the graphql-ws protocol on {@code /graphql}, checked with a raw
 * WebSocket and hand-written messages.
 */
class GraphQlWebSocketProtocolTest extends GraphQlIntegrationTest {

    private static final Duration SHORT = Duration.ofSeconds(5);
    private static final String WATCH = "{\"id\":\"%s\",\"type\":\"subscribe\",\"payload\":{\"query\":"
            + "\"subscription { sessionUpdated { sessionId kind } }\"}}";

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.graphql.server.webflux.GraphQlWebSocketHandler endpoint;

    @Test
    void theEndpointIsTheOneThatReleasesWhatADroppedClientLeft() {
        assertThat(endpoint).isInstanceOf(ReleasingWebSocketHandler.class);
    }

    @Test
    void theServerSpeaksGraphqlTransportWsAndAcknowledgesTheConnection() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            assertThat(socket.protocol(SHORT)).isEqualTo("graphql-transport-ws");
            assertThat(socket.init().next("connection_ack", SHORT)).isNotNull();
        }
    }

    @Test
    void aConnectionThatNeverInitialisesIsClosedWith4408() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            Instant opened = Instant.now();
            assertThat(socket.protocol(SHORT)).isEqualTo("graphql-transport-ws");
            CloseStatus status = socket.closeStatus(Duration.ofSeconds(15));
            assertThat(status.getCode()).isEqualTo(4408);
            assertThat(status.getReason()).isEqualTo("Connection initialisation timeout");
            // spring.graphql.websocket.connection-init-timeout: 5s
            assertThat(Duration.between(opened, Instant.now())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        }
    }

    @Test
    void aPingIsAnsweredWithAPong() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.next("pong", SHORT)).contains("\"type\":\"pong\"");
        }
    }

    @Test
    void anIdleConnectionGetsKeepAlivePings() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            // spring.graphql.websocket.keep-alive: 10s; the first period still counts the ack as traffic
            assertThat(socket.next("ping", Duration.ofSeconds(25))).contains("\"type\":\"ping\"");
            socket.send("{\"type\":\"pong\"}");
        }
    }

    @Test
    void subscribingBeforeInitialisingIsUnauthorised() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.send(WATCH.formatted("1"));
            assertThat(socket.closeStatus(SHORT).getCode()).isEqualTo(4401);
        }
    }

    @Test
    void aSecondSubscriptionWithAnIdInUseClosesTheConnectionWith4409() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            socket.send(WATCH.formatted("same"));
            sleep(500);
            socket.send(WATCH.formatted("same"));
            CloseStatus status = socket.closeStatus(SHORT);
            assertThat(status.getCode()).isEqualTo(4409);
            assertThat(status.getReason()).isEqualTo("Subscriber for same already exists");
        }
    }

    @Test
    void aSecondConnectionInitClosesTheConnectionWith4429() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            socket.init();
            assertThat(socket.closeStatus(SHORT).getCode()).isEqualTo(4429);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"shout\"}", "{\"id\":\"x\"}", "not json"})
    void aMalformedMessageEndsTheConnection(String message) {
        // graphql-ws asks for close code 4400; Spring for GraphQL 2.0.4 fails decoding and drops the socket
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            socket.send(message);
            assertThat(socket.closeStatus(SHORT)).isNotNull();
        }
    }

    @Test
    void subscriptionsOverTheCapPerConnectionAreRefusedWhileTheOthersCarryOn() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            for (int i = 1; i <= 50; i++) {
                socket.send(WATCH.formatted("s" + i));
            }
            sleep(500);
            socket.send(WATCH.formatted("one-too-many"));
            String error = socket.next("error", SHORT);
            assertThat(error).contains("\"id\":\"one-too-many\"").contains("TOO_MANY_SUBSCRIPTIONS");

            // completing one frees a place; the connection is still open
            socket.send("{\"id\":\"s1\",\"type\":\"complete\"}");
            sleep(300);
            socket.send(WATCH.formatted("now-fits"));
            String created = createTestSession();
            String update = socket.messages()
                    .filter(m -> m.contains("\"id\":\"now-fits\"") && m.contains(created))
                    .next().block(SHORT);
            assertThat(update).contains("\"type\":\"next\"").contains("CREATED");
            // the refused one is the only error: the other fifty still run
            assertThat(socket.messages().filter(m -> m.contains("\"type\":\"error\""))
                    .take(Duration.ofMillis(300)).count().block(SHORT)).isEqualTo(1);
        }
    }

    @Test
    void aQueryOverTheSocketIsAnsweredWithNextThenComplete() {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", SHORT);
            socket.send("{\"id\":\"q\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ markets { symbol } }\"}}");
            List<String> answer = socket.messages().filter(m -> m.contains("\"id\":\"q\"")).take(2).collectList().block(SHORT);
            assertThat(answer.get(0)).contains("\"type\":\"next\"").contains("XBTUSD");
            assertThat(answer.get(1)).contains("\"type\":\"complete\"");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
