package io.botdeck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * The attacks of issue 11 that worked, each now refused with nothing changed: requests from
 * another site's page (Origin, Sec-Fetch-Site, a text/plain form, a no-cors fetch), a rebinding
 * Host, ids in another spelling. The dashboard's own requests (same origin) and curl's (no Origin)
 * still work.
 */
class CrossSiteAndRebindingTest extends IntegrationTest {

    private static final String EVIL = "http://evil.example";

    private String running() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        return id;
    }

    private String status(String id) {
        return db.sql("SELECT status FROM sessions WHERE id = :id").bind("id", id)
                .map(r -> r.get(0, String.class)).one().block();
    }

    @Test
    void aForeignPageCannotStopStartCloneOrHeartbeat() {
        String id = running();
        // fetch(url, {method: 'POST', mode: 'no-cors'}) from another site: Origin and Sec-Fetch-Site say so
        for (String action : new String[] {"stop", "restart", "heartbeat", "clone"}) {
            http.post().uri("/sessions/" + id + "/" + action).header(HttpHeaders.ORIGIN, EVIL)
                    .header("Sec-Fetch-Site", "cross-site").exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.success").isEqualTo(false)
                    .jsonPath("$.error").value(containsString("other sites"));
        }
        // another page on this very machine (another port) is another site too
        http.post().uri("/sessions/" + id + "/stop").header(HttpHeaders.ORIGIN, "http://localhost:3000").exchange()
                .expectStatus().isForbidden();
        http.post().uri("/sessions/" + id + "/stop").header("Sec-Fetch-Site", "same-site").exchange()
                .expectStatus().isForbidden();
        // a sandboxed frame sends Origin: null
        http.post().uri("/sessions/" + id + "/stop").header(HttpHeaders.ORIGIN, "null").exchange()
                .expectStatus().isForbidden();
        http.delete().uri("/sessions/" + id).header(HttpHeaders.ORIGIN, EVIL).exchange().expectStatus().isForbidden();
        assertThat(status(id)).isEqualTo("running");
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type IN ('stopped', 'restarted', 'cloned')")).isZero();
    }

    @Test
    void theDashboardAndCurlStillChangeState() {
        String id = running();
        // curl and a bot's HTTP client send no Origin: heartbeats work
        post("/sessions/" + id + "/heartbeat").expectStatus().isOk();
        // the dashboard's own page (same origin, also through the Vite proxy, which keeps Host)
        http.post().uri("/sessions/" + id + "/stop").header(HttpHeaders.ORIGIN, "http://localhost:" + port)
                .header("Sec-Fetch-Site", "same-origin").exchange()
                .expectStatus().isOk();
        assertThat(status(id)).isEqualTo("stopped");
        http.post().uri("/sessions/" + id + "/clone").header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + port)
                .header(HttpHeaders.HOST, "127.0.0.1:" + port).exchange()
                .expectStatus().isCreated();
        http.post().uri("/graphql").header(HttpHeaders.ORIGIN, "http://localhost:" + port)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { heartbeat(id: \\\"" + id + "\\\") { isStale } }\"}")
                .exchange().expectStatus().isOk();
    }

    @Test
    void aTextPlainFormCannotCreateSessionsOrImportCandles() {
        // <form enctype="text/plain" method="post" action="http://127.0.0.1:8080/sessions"> with no Origin (old browsers)
        http.post().uri("/sessions").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"x\":\"=\"}").exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.success").isEqualTo(false);
        http.post().uri("/sessions").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("type=test").exchange()
                .expectStatus().isEqualTo(415);
        String csv = "time,open,high,low,close,volume,trades\n1700000000,1,90000000000,1,1,1,1\n";
        http.post().uri("/markets/XBTUSD/candles").contentType(MediaType.TEXT_PLAIN).bodyValue(csv).exchange()
                .expectStatus().isEqualTo(415);
        http.post().uri("/markets/XBTUSD/candles").contentType(MediaType.MULTIPART_FORM_DATA)
                .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=x").bodyValue(csv).exchange()
                .expectStatus().isEqualTo(415);
        // text/csv from another site's page
        http.post().uri("/markets/XBTUSD/candles").header(HttpHeaders.ORIGIN, EVIL)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv).exchange()
                .expectStatus().isForbidden();
        http.post().uri("/graphql").header(HttpHeaders.ORIGIN, EVIL).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\"}) { id } }\"}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.errors[0].message").value(containsString("other sites"));
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM candles WHERE high >= 90000000000")).isZero();
        // the same import with text/csv and no Origin (curl --data-binary with -H 'Content-Type: text/csv') works
        http.post().uri("/markets/XBTUSD/candles?interval=60").contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("time,open,high,low,close,volume,trades\n1700000040,1,2,1,1,1,1\n").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.imported").isEqualTo(1);
    }

    @Test
    void aRebindingHostIsRefused() {
        http.get().uri("/sessions").header(HttpHeaders.HOST, "evil.example:" + port).exchange()
                .expectStatus().isEqualTo(421)
                .expectBody().jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("evil.example"));
        http.post().uri("/sessions").header(HttpHeaders.HOST, "evil.example").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}").exchange()
                .expectStatus().isEqualTo(421);
        http.post().uri("/graphql").header(HttpHeaders.HOST, "evil.example").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ sessions { total } }\"}").exchange()
                .expectStatus().isEqualTo(421);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        for (String ok : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST", "localhost."}) {
            http.get().uri("/sessions").header(HttpHeaders.HOST, ok).exchange().expectStatus().isOk();
        }
    }

    @Test
    void websocketsFromAnotherSiteOrHostAreRefused() {
        String id = running();
        var client = new ReactorNettyWebSocketClient();
        for (String path : new String[] {"/sessions/" + id + "/logs/stream", "/graphql"}) {
            for (Map.Entry<String, String> header : Map.of(HttpHeaders.ORIGIN, EVIL, HttpHeaders.HOST, "evil.example").entrySet()) {
                HttpHeaders headers = new HttpHeaders();
                headers.set(header.getKey(), header.getValue());
                Throwable failure = client.execute(URI.create("ws://localhost:" + port + path), headers,
                                session -> session.receive().then())
                        .then(Mono.<Throwable>empty())
                        .onErrorResume(Mono::just)
                        .block(Duration.ofSeconds(10));
                assertThat(failure).as(path + " with " + header).isNotNull();
                assertThat(failure.getMessage()).containsAnyOf("403", "421");
            }
        }
        // the dashboard's own origin opens the stream
        HttpHeaders own = new HttpHeaders();
        own.set(HttpHeaders.ORIGIN, "http://localhost:" + port);
        String first = client.execute(URI.create("ws://localhost:" + port + "/sessions/" + id + "/logs/stream?tail=1"), own,
                        session -> session.receive().next().map(m -> m.getPayloadAsText()).doOnNext(t -> { }).then())
                .then(Mono.just("opened")).block(Duration.ofSeconds(10));
        assertThat(first).isEqualTo("opened");
    }

    @Test
    void anIdInAnotherSpellingNamesNoSession() {
        String id = running();
        String upper = id.toUpperCase(Locale.ROOT);
        post("/sessions/" + upper + "/stop").expectStatus().isNotFound()
                .expectBody().jsonPath("$.success").isEqualTo(false);
        http.get().uri(URI.create("http://localhost:" + port + "/sessions/" + id + "%20")).exchange().expectStatus().isNotFound();
        http.get().uri("/sessions/" + upper + "/trades").exchange().expectStatus().isNotFound();
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { stopSession(id: \\\"" + upper + "\\\") { status } }\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("NOT_FOUND");
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { heartbeat(id: \\\"" + id + " \\\") { isStale } }\"}").exchange()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("NOT_FOUND");
        assertThat(status(id)).isEqualTo("running");
        assertThat(sessionService.running().map(s -> s.id()).collectList().block()).containsExactly(id);

        post("/sessions/" + id + "/stop").expectStatus().isOk();
        http.delete().uri("/sessions/" + upper).exchange().expectStatus().isNotFound();
        http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { deleteSession(id: \\\"" + upper + "\\\") }\"}").exchange()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("NOT_FOUND");
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
        http.get().uri("/sessions/health").exchange().expectStatus().isOk();
    }
}
