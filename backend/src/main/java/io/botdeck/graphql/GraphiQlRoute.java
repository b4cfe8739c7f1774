package io.botdeck.graphql;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /graphiql}: GraphiQL from the frontend build ({@code graphiql.html} and its bundled
 * assets), so it works offline and behind firewalls; Spring's own page, which loads its scripts
 * from a public CDN, is off ({@code spring.graphql.graphiql.enabled=false}). Queries and
 * mutations go to {@code POST /graphql}, subscriptions over graphql-ws to {@code /graphql}.
 */
@Configuration(proxyBeanMethods = false)
public class GraphiQlRoute {

    @Bean
    RouterFunction<ServerResponse> graphiQlPage(@Value("classpath:/static/graphiql.html") Resource page) {
        return RouterFunctions.route(GET("/graphiql").or(GET("/graphiql/")),
                request -> page.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).bodyValue(page)
                        : ServerResponse.notFound().build());
    }
}
