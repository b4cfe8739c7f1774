package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GraphiQL is served from the project's own frontend build, never from a CDN. */
class GraphiQlRouteTest extends GraphQlIntegrationTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Test
    void theRouteAnswersWithThePageOfTheFrontendBuild() {
        WebTestClient client = WebTestClient.bindToRouterFunction(
                new GraphiQlRoute().graphiQlPage(new ClassPathResource("graphql-test/graphiql.html"))).build();
        client.get().uri("/graphiql").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("<div id=\"graphiql\">"));
        WebTestClient.bindToRouterFunction(new GraphiQlRoute().graphiQlPage(new ClassPathResource("graphql-test/none.html")))
                .build().get().uri("/graphiql").exchange().expectStatus().isNotFound();
    }

    @Test
    void springsCdnPageIsOff() {
        http.get().uri("/graphiql").accept(MediaType.TEXT_HTML).exchange()
                .expectBody(String.class).value(body -> assertThat(body == null ? "" : body)
                        .doesNotContain("unpkg.com").doesNotContain("esm.sh").doesNotContain("jsdelivr"));
    }

    @Test
    void theBuiltPageLoadsEveryScriptAndStyleFromThisServer() {
        assumeThat(new ClassPathResource("static/graphiql.html").exists())
                .as("the frontend build is on the classpath (a full ./mvnw build)").isTrue();
        String html = http.get().uri("/graphiql").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher assets = ASSET.matcher(html);
        int count = 0;
        while (assets.find()) {
            String url = assets.group(1);
            if (url.startsWith("data:")) {
                continue;
            }
            assertThat(url).as("asset %s", url).startsWith("/");
            http.get().uri(url).exchange().expectStatus().isOk();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
    }
}
