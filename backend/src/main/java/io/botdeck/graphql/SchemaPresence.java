package io.botdeck.graphql;

import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Start-up fails loudly when the schema is missing. Without a schema file Spring Boot turns
 * GraphQL off without a word; being a {@link GraphQlSourceBuilderCustomizer}, this bean makes
 * Boot build the GraphQL source anyway and then stops the start with a message that says what
 * is wrong and where the file should be.
 */
@Component
public class SchemaPresence implements GraphQlSourceBuilderCustomizer {

    /** Where the Maven build puts the repository's top-level {@code schema.graphqls}. */
    public static final String DEFAULT_LOCATION = "classpath:graphql/schema.graphqls";

    private final Resource schema;
    private final String location;

    @org.springframework.beans.factory.annotation.Autowired
    public SchemaPresence(ResourceLoader resources) {
        this(resources, DEFAULT_LOCATION);
    }

    SchemaPresence(ResourceLoader resources, String location) {
        this.location = location;
        this.schema = resources.getResource(location);
    }

    @Override
    public void customize(GraphQlSource.SchemaResourceBuilder builder) {
        check();
    }

    void check() {
        if (!schema.exists() || !schema.isReadable()) {
            throw new IllegalStateException("The GraphQL schema " + location + " is missing: the backend's build copies "
                    + "schema.graphqls from the repository root into its classpath (graphql/). Rebuild the backend "
                    + "(./mvnw -pl backend -am package).");
        }
    }
}
