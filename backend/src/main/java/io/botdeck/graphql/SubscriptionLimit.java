package io.botdeck.graphql;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import graphql.GraphqlErrorBuilder;
import io.botdeck.web.ClientLimits;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps the subscriptions one WebSocket connection may run at once
 * ({@code botdeck.graphql.max-subscriptions-per-connection}, default 50). One over the cap is
 * answered with a graphql-ws {@code error} message classified {@code TOO_MANY_SUBSCRIPTIONS};
 * the connection and its other subscriptions carry on. A subscription stops counting when
 * it completes, fails or the client completes it.
 */
@Component
public class SubscriptionLimit implements WebSocketGraphQlInterceptor {

    private final int maxPerConnection;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    private final ClientLimits clients;

    public SubscriptionLimit(@Value("${botdeck.graphql.max-subscriptions-per-connection:50}") int maxPerConnection,
                             ClientLimits clients) {
        this.maxPerConnection = maxPerConnection;
        this.clients = clients;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest socketRequest)) {
            return chain.next(request);
        }
        String connection = socketRequest.getSessionInfo().getId();
        return chain.next(request).map(response -> {
            if (!(response.getExecutionResult().getData() instanceof Publisher<?> events)) {
                return response;
            }
            AtomicInteger count = active.computeIfAbsent(connection, id -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerConnection) {
                count.decrementAndGet();
                return tooMany(response, "this connection already runs " + maxPerConnection
                        + " subscriptions; complete one or open another connection");
            }
            String client = ClientLimits.client(socketRequest.getSessionInfo().getRemoteAddress());
            if (!clients.startSubscription(client)) {
                count.decrementAndGet();
                return tooMany(response, "this client already runs " + clients.maxSubscriptions()
                        + " subscriptions and log streams; complete some first");
            }
            return response.transform(b -> b.data(Flux.from(events).doFinally(signal -> {
                count.decrementAndGet();
                clients.endSubscription(client);
            })));
        });
    }

    private static WebGraphQlResponse tooMany(WebGraphQlResponse response, String message) {
        var error = GraphqlErrorBuilder.newError()
                .errorType(BotdeckErrorType.TOO_MANY_SUBSCRIPTIONS)
                .message(message)
                .build();
        return response.transform(b -> b.data(Flux.error(new SubscriptionPublisherException(List.of(error), null))));
    }

    @Override
    public void handleConnectionClosed(WebSocketSessionInfo info, int statusCode, Map<String, Object> payload) {
        active.remove(info.getId());
    }

    /** Subscriptions running on a connection now (for tests and diagnostics). */
    public int activeOn(String connectionId) {
        AtomicInteger count = active.get(connectionId);
        return count == null ? 0 : count.get();
    }
}
