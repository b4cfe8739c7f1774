package io.botdeck.security;

import io.botdeck.web.ClientLimits;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits for every WebSocket, the raw log stream and graphql-ws alike (Origin, Host and token are
 * checked on the handshake by {@link RequestGuard}):
 * <ul>
 *   <li>one remote address may hold {@code botdeck.websocket.max-per-client} sockets; one more is
 *       refused with 429 before the upgrade;</li>
 *   <li>the server pings every {@code ping-interval}; a socket from which nothing arrived (not even
 *       the pong every browser and client library sends back) for {@code idle-timeout} is closed
 *       with 4408;</li>
 *   <li>a reader whose socket stays full (the server cannot write to it) for {@code stall-timeout}
 *       is disconnected at once, so it holds at most one socket's buffers meanwhile; it resumes
 *       where it was by sequence ({@code after=} on the log stream, {@code afterSequence} on the
 *       log subscriptions);</li>
 *   <li>a raw log stream counts as a subscription of its client ({@link ClientLimits});</li>
 *   <li>a graphql-ws frame that is not a message a client may send (a JSON object with a known
 *       {@code type}, and the {@code id} and {@code payload} that type needs) closes the socket with
 *       4400, as the protocol says.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketGuard implements WebFluxConfigurer {

    private static final Logger log = LoggerFactory.getLogger(WebSocketGuard.class);

    static final CloseStatus IDLE = new CloseStatus(4408, "");
    static final CloseStatus INVALID_MESSAGE = new CloseStatus(4400, "Invalid message");
    static final CloseStatus TOO_MANY = new CloseStatus(4429, "");

    private final SecurityProperties.WebSocket settings;
    private final ClientLimits limits;
    private final JsonMapper json;
    private final String graphQlPath;

    public WebSocketGuard(SecurityProperties settings, ClientLimits limits, JsonMapper json,
                          @org.springframework.beans.factory.annotation.Value("${spring.graphql.websocket.path:/graphql}") String graphQlPath) {
        this.settings = settings.websocket();
        this.limits = limits;
        this.json = json;
        this.graphQlPath = graphQlPath;
    }

    @Override
    public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService() {
            @Override
            public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
                String client = ClientLimits.client(exchange.getRequest().getRemoteAddress());
                if (!limits.openSocket(client)) {
                    var response = exchange.getResponse();
                    response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
                    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
                    byte[] body = json.writeValueAsBytes(Map.of("success", false, "error",
                            "this client already has " + limits.maxSockets() + " WebSockets open; close some first"));
                    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
                }
                AtomicBoolean released = new AtomicBoolean();
                Runnable release = () -> {
                    if (released.compareAndSet(false, true)) {
                        limits.closeSocket(client);
                    }
                };
                String path = exchange.getRequest().getPath().pathWithinApplication().value();
                Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
                Connection connection = nativeRequest instanceof Connection c ? c : null;
                WebSocketHandler guarded = new WebSocketHandler() {
                    @Override
                    public java.util.List<String> getSubProtocols() {
                        return handler.getSubProtocols();
                    }

                    @Override
                    public Mono<Void> handle(WebSocketSession session) {
                        return guard(session, handler, client, path, connection).doFinally(s -> release.run());
                    }
                };
                return super.handleRequest(exchange, guarded)
                        .doOnError(e -> release.run())
                        .doOnCancel(release)
                        .doOnSuccess(v -> {
                            if (exchange.getResponse().getStatusCode() != null
                                    && exchange.getResponse().getStatusCode().value() != HttpStatus.SWITCHING_PROTOCOLS.value()
                                    && !exchange.getResponse().isCommitted()) {
                                release.run();
                            }
                        });
            }
        };
    }

    private Mono<Void> guard(WebSocketSession session, WebSocketHandler handler, String client, String path,
                             Connection connection) {
        boolean logStream = path.startsWith("/sessions/");
        boolean graphQl = path.equals(graphQlPath);
        if (logStream && !limits.startSubscription(client)) {
            return session.close(TOO_MANY.withReason("this client already runs " + limits.maxSubscriptions()
                    + " subscriptions and log streams"));
        }
        Guarded guarded = new Guarded(session, graphQl, connection);
        Mono<Void> run = handler.handle(guarded);
        if (logStream) {
            // nobody else reads what a log-stream client sends: read it here, for pongs and close frames
            guarded.drainInbound();
        }
        return run.doFinally(s -> {
            guarded.stop();
            if (logStream) {
                limits.endSubscription(client);
            }
        });
    }

    /** A session with pings, the idle and stall watch and (on graphql-ws) the frame check. */
    private final class Guarded implements WebSocketSession {

        private final WebSocketSession delegate;
        private final boolean graphQl;
        private final Connection connection;
        private final Sinks.Many<WebSocketMessage> pings = Sinks.many().unicast().onBackpressureBuffer();
        private final Disposable watch;
        private final AtomicReference<Disposable> drain = new AtomicReference<>();
        private volatile long lastInbound = System.nanoTime();
        private volatile long lastPing = System.nanoTime();
        private volatile long unwritableSince;
        private volatile long closingSince;

        Guarded(WebSocketSession delegate, boolean graphQl, Connection connection) {
            this.delegate = delegate;
            this.graphQl = graphQl;
            this.connection = connection;
            long tick = Math.max(250, Math.min(settings.pingInterval().toMillis(),
                    Math.min(settings.idleTimeout().toMillis(), settings.stallTimeout().toMillis()) / 4));
            this.watch = Flux.interval(Duration.ofMillis(tick)).subscribe(t -> check());
        }

        private void check() {
            long now = System.nanoTime();
            if (connection != null && !connection.channel().isWritable()) {
                if (unwritableSince == 0) {
                    unwritableSince = now;
                } else if (now - unwritableSince > settings.stallTimeout().toNanos()) {
                    log.info("WebSocket {} from {}: the reader accepted nothing for {}; disconnected",
                            getId(), delegate.getHandshakeInfo().getRemoteAddress(), settings.stallTimeout());
                    disconnect();
                    return;
                }
            } else {
                unwritableSince = 0;
            }
            if (closingSince != 0) {
                if (now - closingSince > settings.stallTimeout().toNanos()) {
                    // the close frame did not get through
                    disconnect();
                }
                return;
            }
            if (now - lastInbound > settings.idleTimeout().toNanos()) {
                closingSince = now;
                delegate.close(IDLE.withReason("nothing received for " + settings.idleTimeout().toSeconds()
                        + " s (not even a pong)")).subscribe(null, e -> { });
                return;
            }
            if (now - lastPing >= settings.pingInterval().toNanos()) {
                lastPing = now;
                pings.tryEmitNext(delegate.pingMessage(DataBufferFactory::allocateBuffer));
            }
        }

        /** Closes the connection without a close frame: its socket is full, a frame would never get through. */
        private void disconnect() {
            stop();
            if (connection != null) {
                connection.dispose();
            } else {
                delegate.close(IDLE).subscribe(null, e -> { });
            }
        }

        void drainInbound() {
            drain.set(delegate.receive().subscribe(m -> lastInbound = System.nanoTime(), e -> { }));
        }

        void stop() {
            watch.dispose();
            pings.tryEmitComplete();
            Disposable d = drain.get();
            if (d != null) {
                d.dispose();
            }
        }

        @Override
        public Flux<WebSocketMessage> receive() {
            return delegate.receive().handle((message, sink) -> {
                lastInbound = System.nanoTime();
                if (message.getType() == WebSocketMessage.Type.PONG || message.getType() == WebSocketMessage.Type.PING) {
                    return;
                }
                if (graphQl && !isProtocolMessage(message)) {
                    delegate.close(INVALID_MESSAGE).subscribe(null, e -> { });
                    sink.complete();
                    return;
                }
                sink.next(message);
            });
        }

        /** A graphql-ws message: a JSON object with a string {@code type}. */
        private boolean isProtocolMessage(WebSocketMessage message) {
            if (message.getType() != WebSocketMessage.Type.TEXT) {
                return false;
            }
            try {
                JsonNode node = json.readTree(message.getPayloadAsText());
                if (node == null || !node.isObject() || node.get("type") == null || !node.get("type").isString()) {
                    return false;
                }
                String type = node.get("type").stringValue();
                boolean hasId = node.get("id") != null && node.get("id").isString();
                return switch (type) {
                    case "connection_init", "ping", "pong" -> true;
                    case "subscribe" -> hasId && node.get("payload") != null && node.get("payload").isObject();
                    case "complete" -> hasId;
                    default -> false;
                };
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public Mono<Void> send(Publisher<WebSocketMessage> messages) {
            return delegate.send(Flux.merge(Flux.from(messages).doFinally(s -> pings.tryEmitComplete()), pings.asFlux()));
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public HandshakeInfo getHandshakeInfo() {
            return delegate.getHandshakeInfo();
        }

        @Override
        public DataBufferFactory bufferFactory() {
            return delegate.bufferFactory();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return delegate.getAttributes();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public Mono<Void> close(CloseStatus status) {
            return delegate.close(status);
        }

        @Override
        public Mono<CloseStatus> closeStatus() {
            return delegate.closeStatus();
        }

        @Override
        public WebSocketMessage textMessage(String payload) {
            return delegate.textMessage(payload);
        }

        @Override
        public WebSocketMessage binaryMessage(java.util.function.Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
            return delegate.binaryMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pingMessage(java.util.function.Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
            return delegate.pingMessage(payloadFactory);
        }

        @Override
        public WebSocketMessage pongMessage(java.util.function.Function<DataBufferFactory, org.springframework.core.io.buffer.DataBuffer> payloadFactory) {
            return delegate.pongMessage(payloadFactory);
        }
    }
}
