package io.botdeck.graphql;

import graphql.ExecutionInput;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.parser.ParserOptions;

/**
 * Settings every operation runs with, over HTTP and WebSocket alike (and in tests that call
 * the execution service directly):
 * <ul>
 *   <li>subscription events are delivered in the order their source emitted them
 *       ({@code KEEP_SUBSCRIPTION_EVENTS_ORDERED}), even when resolving one takes longer;</li>
 *   <li>parser limits: a document may have at most {@code botdeck.graphql.max-characters}
 *       characters (default 262,144), {@code max-tokens} tokens (5,000), 20,000 whitespace
 *       tokens and a grammar nesting depth of 100, so a huge or pathological document is
 *       refused before it is parsed in full.</li>
 * </ul>
 */
public class ExecutionDefaults extends SimplePerformantInstrumentation {

    private final ParserOptions parserOptions;

    public ExecutionDefaults(int maxCharacters, int maxTokens) {
        this.parserOptions = ParserOptions.getDefaultOperationParserOptions().transform(b -> b
                .maxCharacters(maxCharacters)
                .maxTokens(maxTokens)
                .maxWhitespaceTokens(20_000)
                .maxRuleDepth(100));
    }

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
                                                   InstrumentationState state) {
        input.getGraphQLContext()
                .put(SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED, true)
                .put(ParserOptions.class, parserOptions);
        return input;
    }
}
