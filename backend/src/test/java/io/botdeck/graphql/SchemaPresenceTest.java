package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.graphql.autoconfigure.GraphQlAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.graphql.execution.GraphQlSource;

/** Without its schema the backend must not start; Spring Boot alone would switch GraphQL off silently. */
class SchemaPresenceTest {

    private final ApplicationContextRunner withoutSchema = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GraphQlAutoConfiguration.class))
            .withPropertyValues("spring.graphql.schema.locations=classpath:no-such-folder/");

    @Test
    void bootAloneSwitchesGraphQlOffWithoutAWord() {
        withoutSchema.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(GraphQlSource.class);
        });
    }

    @Test
    void withTheCheckAMissingSchemaStopsTheStartWithAClearMessage() {
        withoutSchema
                .withBean(SchemaPresence.class, () -> new SchemaPresence(new DefaultResourceLoader(),
                        "classpath:no-such-folder/schema.graphqls"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("The GraphQL schema classpath:no-such-folder/schema.graphqls is missing"));
    }

    @Test
    void theBuiltBackendCarriesTheRepositorysSchema() {
        assertThat(new DefaultResourceLoader().getResource(SchemaPresence.DEFAULT_LOCATION).exists()).isTrue();
    }
}
