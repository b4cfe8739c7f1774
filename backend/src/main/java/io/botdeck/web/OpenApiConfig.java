package io.botdeck.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Title and description of the OpenAPI document served at {@code /v3/api-docs} and in Swagger UI. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI botdeckOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties props = build.getIfAvailable();
        return new OpenAPI().info(new Info()
                .title("Botdeck REST API")
                .version(props != null ? props.getVersion() : "dev")
                .description("Trading-bot sessions side by side: create, start, stop, restart, clone; heartbeats and "
                        + "stale detection; trades, metrics, equity and logs. JSON in snake_case, times in unix seconds; "
                        + "errors are 4xx with {\"success\": false, \"error\": \"...\"}. Live logs stream over "
                        + "WS /sessions/{id}/logs/stream."));
    }
}
