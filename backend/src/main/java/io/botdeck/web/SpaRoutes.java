package io.botdeck.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.accept;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard is a single-page app: its client routes ({@code /running}, {@code /scrapers},
 * {@code /history}, {@code /s/...}, {@code /alerting/...}, {@code /sweeping/...}) answer with
 * {@code index.html}. They never overlap the API's {@code /sessions}, {@code /strategies},
 * {@code /markets}, {@code /alert-*}, {@code /alerts}, {@code /sweeps} or {@code /graphql}.
 */
@Configuration(proxyBeanMethods = false)
public class SpaRoutes {

    @Bean
    RouterFunction<ServerResponse> dashboardRoutes(@Value("classpath:/static/index.html") Resource index) {
        return RouterFunctions.route(
                GET("/").or(GET("/running")).or(GET("/scrapers")).or(GET("/history")).or(GET("/s/**"))
                        .or(GET("/alerting")).or(GET("/alerting/**")).or(GET("/sweeping")).or(GET("/sweeping/**"))
                        .and(accept(MediaType.TEXT_HTML)),
                request -> index.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(index)
                        : ServerResponse.notFound().build());
    }
}
