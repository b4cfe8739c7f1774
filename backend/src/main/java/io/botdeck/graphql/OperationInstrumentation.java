package io.botdeck.graphql;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.dataloader.EmptyDataLoaderRegistryInstance;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.validation.ValidationError;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * The one instrumentation of every operation: the {@link ExecutionDefaults} (ordered
 * subscription events, parser limits) and the {@link QueryLimits} (depth
 * {@code botdeck.graphql.max-depth}, default 10; complexity {@code botdeck.graphql.max-complexity},
 * default 500), all decided before anything runs, with nothing to do per field; and log
 * subscriptions run without data loader dispatching, which they have no use for.
 * <p>
 * Spring wraps instrumentation beans in a {@code ChainedInstrumentation}, which calls into every
 * instrumentation and allocates for every field resolved: a fifth of the work of delivering a
 * subscription's log line. Being the only instrumentation, this one installs itself directly;
 * if another instrumentation bean is ever added, Spring's chain is left as it is.
 */
@Component
public class OperationInstrumentation extends SimplePerformantInstrumentation implements GraphQlSourceBuilderCustomizer {

    private final ExecutionDefaults defaults;
    private final QueryLimits.Depth depth;
    private final QueryLimits.Complexity complexity;
    private final ObjectProvider<Instrumentation> instrumentations;

    public OperationInstrumentation(@Value("${botdeck.graphql.max-characters:262144}") int maxCharacters,
                                    @Value("${botdeck.graphql.max-tokens:5000}") int maxTokens,
                                    @Value("${botdeck.graphql.max-depth:10}") int maxDepth,
                                    @Value("${botdeck.graphql.max-complexity:500}") int maxComplexity,
                                    ObjectProvider<Instrumentation> instrumentations) {
        this.defaults = new ExecutionDefaults(maxCharacters, maxTokens);
        this.depth = new QueryLimits.Depth(maxDepth);
        this.complexity = new QueryLimits.Complexity(maxComplexity);
        this.instrumentations = instrumentations;
    }

    @Override
    public void customize(GraphQlSource.SchemaResourceBuilder builder) {
        if (instrumentations.stream().count() == 1) {
            builder.configureGraphQl(graphQl -> graphQl.instrumentation(this));
        }
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return complexity.createStateAsync(parameters);
    }

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
                                                   InstrumentationState state) {
        return defaults.instrumentExecutionInput(input, parameters, state);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                                                                              InstrumentationState state) {
        return complexity.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        DocumentRules.check(parameters.getExecutionContext());
        depth.beginExecuteOperation(parameters, state);
        complexity.beginExecuteOperation(parameters, state);
        return SimpleInstrumentationContext.noOp();
    }

    /**
     * A subscription to log lines resolves nothing through data loaders ({@code LogEntry} has no
     * batch-loaded field), so it runs without the per-field dispatch bookkeeping that graphql-java
     * otherwise does for every line.
     */
    @Override
    public ExecutionContext instrumentExecutionContext(ExecutionContext context, InstrumentationExecutionParameters parameters,
                                                       InstrumentationState state) {
        return isLogSubscription(context.getOperationDefinition())
                ? context.transform(b -> b.dataLoaderRegistry(EmptyDataLoaderRegistryInstance.EMPTY_DATALOADER_REGISTRY))
                : context;
    }

    static boolean isLogSubscription(OperationDefinition operation) {
        var selections = operation.getSelectionSet().getSelections();
        return operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION && !selections.isEmpty()
                && selections.stream().allMatch(s -> s instanceof Field f && LOG_SUBSCRIPTIONS.contains(f.getName()));
    }

    private static final Set<String> LOG_SUBSCRIPTIONS = Set.of("sessionLogs", "sessionLogBatches");
}
