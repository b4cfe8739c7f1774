package io.botdeck.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;

/**
 * Limits on what one operation may ask for: how deeply fields nest and how many fields it
 * selects in all (every field counts 1 plus what it selects). An operation over a limit is
 * refused before anything runs, with an {@code ExecutionAborted} error. Introspection-only
 * operations (GraphiQL's schema query) are exempt; graphql-java guards those itself.
 */
public final class QueryLimits {

    private QueryLimits() {
    }

    /** Whether every top-level selection of the operation is an introspection field. */
    static boolean isIntrospection(InstrumentationExecuteOperationParameters parameters) {
        OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
        var selections = operation.getSelectionSet().getSelections();
        return !selections.isEmpty() && selections.stream()
                .allMatch(s -> s instanceof Field f && f.getName().startsWith("__"));
    }

    /** {@code botdeck.graphql.max-depth}, default 10. */
    public static class Depth extends MaxQueryDepthInstrumentation {

        public Depth(int maxDepth) {
            super(maxDepth);
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return isIntrospection(parameters) ? SimpleInstrumentationContext.noOp()
                    : super.beginExecuteOperation(parameters, state);
        }
    }

    /** {@code botdeck.graphql.max-complexity}, default 500. */
    public static class Complexity extends MaxQueryComplexityInstrumentation {

        public Complexity(int maxComplexity) {
            super(maxComplexity);
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return isIntrospection(parameters) ? SimpleInstrumentationContext.noOp()
                    : super.beginExecuteOperation(parameters, state);
        }
    }
}
