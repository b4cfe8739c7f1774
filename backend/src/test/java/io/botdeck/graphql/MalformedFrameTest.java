package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A frame that is no graphql-ws message closes the socket with 4400, as the protocol asks. */
class MalformedFrameTest extends GraphQlIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"shout\"}", "{\"id\":\"x\"}", "not json", "[]", "{\"type\":7}",
            "{\"type\":\"subscribe\",\"id\":\"1\"}", "{\"type\":\"complete\"}", "{\"type\":\"subscribe\",\"id\":1,\"payload\":{}}"})
    void aMalformedFrameClosesWith4400(String message) {
        try (RawGraphQlSocket socket = new RawGraphQlSocket(socketUri())) {
            socket.init().next("connection_ack", Duration.ofSeconds(5));
            socket.send(message);
            assertThat(socket.closeStatus(Duration.ofSeconds(5)).getCode()).isEqualTo(4400);
        }
    }
}
