package io.botdeck.graphql;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

/**
 * Base of the full-stack GraphQL tests: the real server on a random port and a real MariaDB;
 * {@link #graphQl} speaks HTTP to {@code /graphql}, {@link #socket()} graphql-ws to the same path.
 */
abstract class GraphQlIntegrationTest extends IntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int serverPort;

    protected HttpGraphQlTester graphQl;

    private final java.util.List<WebSocketGraphQlTester> sockets = new java.util.ArrayList<>();
    private final java.util.Set<String> started = new java.util.LinkedHashSet<>();

    @BeforeEach
    void graphQlClient() {
        // a client of its own: the shared one's URI factory would ignore another base URL
        graphQl = HttpGraphQlTester.create(WebTestClient.bindToServer()
                .baseUrl(baseUrl() + "/graphql").responseTimeout(WAIT).build());
    }

    @AfterEach
    void closeSocketsAndStopSessions() {
        sockets.forEach(s -> s.stop().block(WAIT));
        sockets.clear();
        for (String id : started) {
            // stop what a test left running; a CONFLICT just means it was stopped already
            graphQl.document("mutation($id: ID!) { stopSession(id: $id) { id } }").variable("id", id).execute();
        }
        started.clear();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + serverPort;
    }

    URI socketUri() {
        return URI.create("ws://127.0.0.1:" + serverPort + "/graphql");
    }

    /** A new graphql-ws connection; closed after the test. */
    WebSocketGraphQlTester socket() {
        WebSocketGraphQlTester tester = WebSocketGraphQlTester.builder(socketUri(), new ReactorNettyWebSocketClient())
                .responseTimeout(WAIT)
                .build();
        sockets.add(tester);
        return tester;
    }

    /** Creates a TEST session of TestBot on XBTUSD through GraphQL; returns its id. */
    String createTestSession() {
        return graphQl.documentName("createSession")
                .variable("input", Map.of("type", "TEST", "market", "XBTUSD", "strategy", "TestBot"))
                .execute()
                .path("createSession.id").entity(String.class).get();
    }

    String startSession(String id) {
        started.add(id);
        return graphQl.document("mutation($id: ID!) { startSession(id: $id) { status } }").variable("id", id).execute()
                .path("startSession.status").entity(String.class).get();
    }

    @SuppressWarnings("unchecked")
    static Class<Map<String, Object>> mapType() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }
}
