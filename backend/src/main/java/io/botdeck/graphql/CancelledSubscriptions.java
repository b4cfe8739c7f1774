package io.botdeck.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResultImpl;
import graphql.execution.AbortExecutionException;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A subscription whose client went away (socket closed or dropped, {@code complete} sent) has its
 * execution cancelled; an event that was being executed at that moment then ends the stream with
 * graphql-java's "asked to be cancelled". That is the normal end of a subscription, not an error
 * of the server: the stream ends quietly instead of being logged as an unresolved error.
 */
@Component
public class CancelledSubscriptions implements WebGraphQlInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CancelledSubscriptions.class);

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest)) {
            return chain.next(request);
        }
        return chain.next(request).map(response -> {
            if (!(response.getExecutionResult().getData() instanceof Publisher<?> events)) {
                return response;
            }
            ExecutionInput input = response.getExecutionInput();
            Flux<?> quiet = Flux.from(events).onErrorResume(e -> input.isCancelled() && isAbort(e), e -> {
                log.debug("Subscription {} ended: its client went away", request.getId());
                return Flux.empty();
            });
            return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(input,
                    ExecutionResultImpl.newExecutionResult().from(response.getExecutionResult()).data(quiet).build()));
        });
    }

    private static boolean isAbort(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AbortExecutionException) {
                return true;
            }
        }
        return false;
    }
}
