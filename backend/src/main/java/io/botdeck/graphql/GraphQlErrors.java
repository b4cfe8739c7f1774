package io.botdeck.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.botdeck.error.ConflictException;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.error.QueryTooSlow;
import io.botdeck.error.StorageUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become GraphQL errors, for queries and mutations as well as for
 * subscription streams that fail later:
 * <ul>
 *   <li>{@link InvalidInputException} → {@code BAD_REQUEST}, with {@code extensions.fields}
 *       naming each wrong field (GraphQL's camelCase names) and what is wrong with it;</li>
 *   <li>{@link NotFoundException} → {@code NOT_FOUND};</li>
 *   <li>{@link ConflictException} → {@code CONFLICT} (an illegal lifecycle move);</li>
 *   <li>an argument that cannot be bound → {@code BAD_REQUEST};</li>
 *   <li>anything else → {@code INTERNAL_ERROR} with a generic message; the cause is logged,
 *       never sent.</li>
 * </ul>
 */
@Component
public class GraphQlErrors extends DataFetcherExceptionResolverAdapter implements SubscriptionExceptionResolver {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    static final String INTERNAL_MESSAGE = "internal error; see the server log";

    /** The services name fields as REST does; GraphQL clients know them by these names. */
    private static final Map<String, String> FIELD_NAMES = Map.of(
            "strategy_params", "strategyParams",
            "range_start", "rangeStart",
            "range_end", "rangeEnd",
            "bot_token", "botToken",
            "chat_id", "chatId",
            "api_url", "apiUrl",
            "muted_until", "mutedUntil",
            "session_id", "sessionId");
    private static final Pattern SNAKE_FIELD = Pattern.compile(
            "\\b(strategy_params|range_start|range_end|bot_token|chat_id|api_url|muted_until|session_id)\\b");

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        return toError(ex, GraphqlErrorBuilder.newError(env));
    }

    @Override
    public Mono<List<GraphQLError>> resolveException(Throwable ex) {
        return Mono.just(List.of(toError(ex, GraphqlErrorBuilder.newError())));
    }

    private GraphQLError toError(Throwable thrown, GraphqlErrorBuilder<?> error) {
        Throwable ex = Exceptions.unwrap(thrown);
        if (ex instanceof InvalidInputException invalid) {
            Map<String, Object> fields = new LinkedHashMap<>();
            invalid.fields().forEach((field, problem) -> fields.put(graphQlName(field), problem));
            return error.errorType(ErrorType.BAD_REQUEST)
                    .message(graphQlNames(invalid.getMessage()))
                    .extensions(fields.isEmpty() ? Map.of() : Map.of("fields", fields))
                    .build();
        }
        if (ex instanceof NotFoundException) {
            return error.errorType(ErrorType.NOT_FOUND).message(ex.getMessage()).build();
        }
        if (ex instanceof ConflictException) {
            return error.errorType(BotdeckErrorType.CONFLICT).message(graphQlNames(ex.getMessage())).build();
        }
        if (ex instanceof BindException bind) {
            Map<String, Object> fields = new LinkedHashMap<>();
            bind.getFieldErrors().forEach(f -> fields.put(f.getField().replaceFirst("^\\$\\.?", ""), "invalid value"));
            return error.errorType(ErrorType.BAD_REQUEST)
                    .message("invalid argument" + (fields.isEmpty() ? "" : ": " + String.join(", ", fields.keySet())))
                    .extensions(fields.isEmpty() ? Map.of() : Map.of("fields", fields))
                    .build();
        }
        if (ex instanceof QueryTooSlow) {
            return error.errorType(BotdeckErrorType.TOO_SLOW).message(ex.getMessage())
                    .extensions(Map.of("retryAfterSeconds", QueryTooSlow.RETRY_AFTER_SECONDS))
                    .build();
        }
        if (StorageUnavailable.is(ex)) {
            log.warn("A GraphQL request failed because the database is not answering: {}", ex.toString());
            return error.errorType(BotdeckErrorType.UNAVAILABLE).message(StorageUnavailable.MESSAGE)
                    .extensions(Map.of("retryAfterSeconds", StorageUnavailable.RETRY_AFTER_SECONDS))
                    .build();
        }
        log.error("Unexpected error while executing a GraphQL request", ex);
        return error.errorType(ErrorType.INTERNAL_ERROR).message(INTERNAL_MESSAGE).build();
    }

    /** {@code strategy_params.threshold} → {@code strategyParams.threshold}. */
    static String graphQlName(String field) {
        int dot = field.indexOf('.');
        String head = dot < 0 ? field : field.substring(0, dot);
        String renamed = FIELD_NAMES.getOrDefault(head, head);
        if (dot >= 0 && head.equals("scope")) {
            // an alert rule's scope: its own fields are named by GraphQL too
            String tail = field.substring(dot + 1);
            return renamed + "." + FIELD_NAMES.getOrDefault(tail, tail);
        }
        return dot < 0 ? renamed : renamed + field.substring(dot);
    }

    /** Renames the services' field names inside a message. */
    static String graphQlNames(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = SNAKE_FIELD.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, FIELD_NAMES.get(m.group(1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
