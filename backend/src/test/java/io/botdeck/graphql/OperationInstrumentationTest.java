package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

/** Which operations run without data loader dispatching: subscriptions to log lines only. */
class OperationInstrumentationTest {

    private static OperationDefinition operation(String document) {
        return Parser.parse(document).getDefinitionsOfType(OperationDefinition.class).get(0);
    }

    @Test
    void onlyLogSubscriptionsRunWithoutDataLoaders() {
        assertThat(OperationInstrumentation.isLogSubscription(operation(
                "subscription { sessionLogs(sessionId: \"a\") { sequence } }"))).isTrue();
        assertThat(OperationInstrumentation.isLogSubscription(operation(
                "subscription { sessionLogBatches(sessionId: \"a\") { sequence trade { pnl } } }"))).isTrue();
        assertThat(OperationInstrumentation.isLogSubscription(operation(
                "subscription { sessionUpdated { session { strategy { name } } } }"))).as("sessions batch-load their strategy").isFalse();
        assertThat(OperationInstrumentation.isLogSubscription(operation(
                "query { sessionLogs: sessions { total } }"))).as("an alias on a query").isFalse();
        assertThat(OperationInstrumentation.isLogSubscription(operation(
                "subscription { ... on Subscription { sessionLogs(sessionId: \"a\") { sequence } } }"))).as("fragments are left alone").isFalse();
    }
}
