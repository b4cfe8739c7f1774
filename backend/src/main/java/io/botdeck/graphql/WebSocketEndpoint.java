package io.botdeck.graphql;

import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * The GraphQL WebSocket handler Spring Boot would make, with the same settings
 * ({@code spring.graphql.websocket.*}, {@code spring.graphql.cors.*}), as a
 * {@link ReleasingWebSocketHandler}; Boot maps it to {@code spring.graphql.websocket.path} as usual.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketEndpoint {

    @Bean
    GraphQlWebSocketHandler graphQlWebSocketHandler(WebGraphQlHandler handler, GraphQlProperties properties,
                                                    GraphQlCorsProperties cors, ServerCodecConfigurer codecs) {
        return new ReleasingWebSocketHandler(handler, codecs, properties.getWebsocket().getConnectionInitTimeout(),
                properties.getWebsocket().getKeepAlive(), cors.toCorsConfiguration());
    }
}
