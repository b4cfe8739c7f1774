package io.botdeck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * With an access token set (required to listen beyond loopback), every API route, both
 * WebSockets, GraphiQL, Swagger UI, the OpenAPI document, the schema printer and introspection
 * need it; the dashboard's static page does not (it asks for the token).
 */
@TestPropertySource(properties = "botdeck.auth.token=" + AccessTokenTest.TOKEN)
class AccessTokenTest extends IntegrationTest {

    static final String TOKEN = "s3cret-token-for-the-tests";

    @Test
    void everyRouteNeedsTheToken() {
        for (String path : new String[] {"/sessions", "/sessions/health", "/strategies", "/markets", "/graphiql",
                "/v3/api-docs", "/swagger-ui.html", "/graphql/schema", "/session/test"}) {
            http.get().uri(path).exchange().expectStatus().isUnauthorized()
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"botdeck\"");
            http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer wrong-token-wrong-token").exchange()
                    .expectStatus().isUnauthorized();
        }
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ __schema { types { name } } }\"}").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("UNAUTHORIZED");
        http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}").exchange()
                .expectStatus().isUnauthorized();
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        // the dashboard's page itself loads, so it can ask for the token
        http.get().uri("/").accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
    }

    @Test
    void theTokenOpensEverything() {
        http.get().uri("/sessions").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange().expectStatus().isOk();
        http.get().uri("/v3/api-docs").cookie(AccessToken.COOKIE, TOKEN).exchange().expectStatus().isOk();
        http.post().uri("/sessions").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}").exchange()
                .expectStatus().isCreated();
        http.post().uri("/graphql").cookie(AccessToken.COOKIE, TOKEN).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ sessions { total } }\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.data.sessions.total").isEqualTo(1);
    }

    @Test
    void bothWebSocketsNeedTheToken() {
        String id = http.get().uri("/sessions").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody().blockFirst() == null ? null : "x";
        assertThat(id).isNotNull();
        var client = new ReactorNettyWebSocketClient();
        for (String path : new String[] {"/graphql", "/sessions/00000000-0000-4000-8000-000000000000/logs/stream"}) {
            Throwable refused = client.execute(URI.create("ws://localhost:" + port + path), session -> session.receive().then())
                    .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(10));
            assertThat(refused).as(path).isNotNull();
            assertThat(refused.getMessage()).contains("401");
            HttpHeaders headers = new HttpHeaders();
            headers.add(HttpHeaders.COOKIE, AccessToken.COOKIE + "=" + TOKEN);
            Throwable opened = client.execute(URI.create("ws://localhost:" + port + path), headers, session -> session.close())
                    .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(Duration.ofSeconds(10));
            assertThat(opened).as(path + " with the token").isNull();
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenRefusesToStart() {
        assertThat(start("127.0.0.1", "")).isNull();
        assertThat(start("localhost", "")).isNull();
        assertThat(start("::1", "")).isNull();
        assertThat(start("0.0.0.0", "")).contains("botdeck.auth.token").contains("BOTDECK_AUTH_TOKEN");
        assertThat(start("", "")).contains("every network interface");
        assertThat(start("0.0.0.0", "short")).contains("at least 16");
        assertThat(start("0.0.0.0", TOKEN)).isNull();
    }

    private static String start(String address, String token) {
        MockEnvironment env = new MockEnvironment().withProperty("server.address", address).withProperty("botdeck.auth.token", token);
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(env);
        try {
            new ExposureCheck().initialize(context);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Test
    void aTokenTooShortIsRefused() {
        assertThatThrownBy(() -> new ExposureCheck().initialize(contextWith("127.0.0.1", "abc")))
                .hasMessageContaining("at least 16");
    }

    private static GenericApplicationContext contextWith(String address, String token) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(new MockEnvironment().withProperty("server.address", address).withProperty("botdeck.auth.token", token));
        return context;
    }
}
