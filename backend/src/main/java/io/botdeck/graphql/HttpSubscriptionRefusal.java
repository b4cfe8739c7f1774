package io.botdeck.graphql;

import java.util.List;

import graphql.ExecutionResultImpl;
import graphql.GraphqlErrorBuilder;
import org.reactivestreams.Publisher;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A subscription sent as a plain HTTP request is answered with a {@code BAD_REQUEST} that says
 * where subscriptions run, instead of the internals of an unsubscribed stream. Its stream is never
 * subscribed to, so nothing runs.
 */
@Component
public class HttpSubscriptionRefusal implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest) {
            return chain.next(request);
        }
        return chain.next(request).map(response -> {
            if (!(response.getExecutionResult().getData() instanceof Publisher<?>)) {
                return response;
            }
            var error = GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST)
                    .message("subscriptions run over WebSocket (graphql-ws, sub-protocol graphql-transport-ws) at "
                            + request.getUri().getPath() + ", not over HTTP")
                    .build();
            return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(response.getExecutionInput(),
                    ExecutionResultImpl.newExecutionResult().addErrors(List.of(error)).build()));
        });
    }
}
