package io.botdeck.graphql;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The GraphQL WebSocket endpoint (graphql-ws), releasing what a client that went away left unsent.
 * Spring GraphQL encodes each outgoing message into a pooled buffer before the socket takes it;
 * when the connection closes while messages wait, Reactor discards them, and its default discard
 * hook releases bare buffers, not buffers wrapped in a {@link WebSocketMessage}
 * (spring-projects/spring-graphql#1293); and an event that graphql-java delivers just after the
 * connection dropped is still encoded and handed to a socket that will never write it. Each one
 * leaked a pooled buffer. Here, a message for a closed socket is released instead of sent, and the
 * messages dropped on the way are released by a discard hook, so a dropped subscriber costs no memory.
 */
public class ReleasingWebSocketHandler extends GraphQlWebSocketHandler {

    public ReleasingWebSocketHandler(WebGraphQlHandler graphQlHandler, CodecConfigurer codecs, Duration initTimeout,
                                     Duration keepAlive, CorsConfiguration cors) {
        super(graphQlHandler, codecs, initTimeout, keepAlive, cors);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return super.handle(new Releasing(session));
    }

    /** The session, with every message stream it sends releasing its discarded messages. */
    private record Releasing(WebSocketSession session) implements WebSocketSession {

        @Override
        public Mono<Void> send(Publisher<WebSocketMessage> messages) {
            return session.send(Flux.from(messages)
                    // an event executed after the connection dropped still comes out encoded: it has nowhere to go
                    .filter(message -> {
                        if (session.isOpen()) {
                            return true;
                        }
                        DataBufferUtils.release(message.getPayload());
                        return false;
                    })
                    .doOnDiscard(WebSocketMessage.class, message -> DataBufferUtils.release(message.getPayload())));
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            return session.getHandshakeInfo();
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return session.bufferFactory();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return session.getAttributes();
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return session.receive();
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public Mono<Void> close(CloseStatus status) {
            return session.close(status);
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return session.closeStatus();
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return session.textMessage(payload);
        }

        @Override
        public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payload) {
            return session.binaryMessage(payload);
        }

        @Override
        public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payload) {
            return session.pingMessage(payload);
        }

        @Override
        public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payload) {
            return session.pongMessage(payload);
        }
    }
}
