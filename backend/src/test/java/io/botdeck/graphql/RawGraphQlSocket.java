package io.botdeck.graphql;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A bare WebSocket speaking sub-protocol {@code graphql-transport-ws} with hand-written
 * messages, to check the server's side of the protocol message by message.
 */
final class RawGraphQlSocket implements AutoCloseable {

    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<String> inbound = Sinks.many().replay().all();
    private final Sinks.One<CloseStatus> closed = Sinks.one();
    private final Sinks.One<String> protocol = Sinks.one();
    private final Disposable connection;

    RawGraphQlSocket(URI uri) {
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return List.of("graphql-transport-ws");
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                protocol.tryEmitValue(String.valueOf(session.getHandshakeInfo().getSubProtocol()));
                session.closeStatus().subscribe(status -> closed.tryEmitValue(status));
                Mono<Void> in = session.receive().map(WebSocketMessage::getPayloadAsText)
                        .doOnNext(inbound::tryEmitNext)
                        .doFinally(s -> inbound.tryEmitComplete())
                        .then();
                Mono<Void> out = session.send(outbound.asFlux().map(session::textMessage));
                return Mono.when(in, out.onErrorResume(e -> Mono.empty()));
            }
        };
        connection = new ReactorNettyWebSocketClient().execute(uri, handler).subscribe(v -> { }, e -> inbound.tryEmitComplete());
    }

    /** The sub-protocol the server agreed to. */
    String protocol(Duration wait) {
        return protocol.asMono().block(wait);
    }

    RawGraphQlSocket send(String json) {
        outbound.tryEmitNext(json);
        return this;
    }

    RawGraphQlSocket init() {
        return send("{\"type\":\"connection_init\",\"payload\":{}}");
    }

    /** Every message received so far and from now on. */
    Flux<String> messages() {
        return inbound.asFlux();
    }

    /** The first received message of the given type. */
    String next(String type, Duration wait) {
        return messages().filter(m -> m.contains("\"type\":\"" + type + "\"")).next().block(wait);
    }

    CloseStatus closeStatus(Duration wait) {
        return closed.asMono().block(wait);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
