package io.botdeck.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Oversized GraphQL bodies and lists, aliased mutations, subscriptions over HTTP, numbers that
 * do not fit, NUL characters and lone surrogates: each a 4xx or a BAD_REQUEST that writes nothing.
 */
class HostileInputTest extends IntegrationTest {

    private static final String OK = "\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"";

    private WebTestClient.ResponseSpec graphQl(String body) {
        return http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void oversizedGraphQlBodiesAre413() {
        String document = "{ sessions { total } }" + " ".repeat(262_145);
        graphQl("{\"query\":" + quoted(document) + "}").expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST");
        graphQl("{\"query\":\"{ sessions { total } }\",\"variables\":{\"x\":\"" + "x".repeat(1_048_576) + "\"}}")
                .expectStatus().isEqualTo(413);
        String markets = IntStream.range(0, 100_000).mapToObj(i -> "\"XBTUSD\"").collect(Collectors.joining(","));
        graphQl("{\"query\":\"query($m: [String!]) { sessions(filter: {markets: $m}) { total } }\",\"variables\":{\"m\":["
                + markets + "]}}").expectStatus().isEqualTo(413);
        // a list under the size limit but over the item limit
        String many = IntStream.range(0, 5_000).mapToObj(i -> "\"A\"").collect(Collectors.joining(","));
        graphQl("{\"query\":\"query($m: [String!]) { sessions(filter: {markets: $m}) { total } }\",\"variables\":{\"m\":["
                + many + "]}}").expectStatus().isOk()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                .jsonPath("$.errors[0].message").value(containsString("$m has 5000 items"));
        // the server still answers
        graphQl("{\"query\":\"{ sessions { total } }\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.data.sessions.total").isEqualTo(0);
    }

    @Test
    void aliasedMutationsAreRefusedAndWriteNothing() {
        StringBuilder doc = new StringBuilder("mutation {");
        for (int i = 0; i < 20; i++) {
            String market = i == 10 ? "NOPEUSD" : "XBTUSD";
            doc.append(" m").append(i).append(": createSession(input: {type: TEST, market: \\\"").append(market)
                    .append("\\\", strategy: \\\"TestBot\\\"}) { id }");
        }
        doc.append(" }");
        graphQl("{\"query\":\"" + doc + "\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                .jsonPath("$.errors[0].message").value(containsString("one mutation"));
        // hidden in a fragment too
        graphQl("{\"query\":\"mutation { ...two } fragment two on Mutation { a: heartbeat(id: \\\"x\\\") { isStale } "
                + "b: heartbeat(id: \\\"y\\\") { isStale } }\"}")
                .expectBody().jsonPath("$.errors[0].message").value(containsString("one mutation"));
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM session_events")).isZero();
        // one mutation per request works
        graphQl("{\"query\":\"mutation { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\"}) { id } }\"}")
                .expectBody().jsonPath("$.data.createSession.id").exists();
    }

    @Test
    void aSubscriptionOverHttpIsABadRequest() {
        graphQl("{\"query\":\"subscription { staleSessions { sessionId } }\"}").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                .jsonPath("$.errors[0].message").value(containsString("WebSocket"))
                .jsonPath("$.data").doesNotExist();
    }

    @Test
    void numbersThatDoNotFitAreBadRequestsNamingTheField() {
        for (String n : new String[] {"1e19", "1e308", "-1e308", "9223372036854775808", "1e30", "99999999999999999999"}) {
            http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{" + OK + ",\"strategy_params\":{\"position_size\":" + n + "}}").exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").value(containsString("position_size"));
            graphQl("{\"query\":\"mutation { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\", "
                    + "strategyParams: {position_size: " + n + "}}) { id } }\"}")
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                    .jsonPath("$.errors[0].message").value(containsString("position_size"));
            graphQl("{\"query\":\"mutation($p: JSON) { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\", "
                    + "strategyParams: $p}) { id } }\",\"variables\":{\"p\":{\"position_size\":" + n + "}}}")
                    .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST");
        }
        for (String n : new String[] {"1e30", "1e19", "9223372036854775807"}) {
            graphQl("{\"query\":\"{ sessions(limit: " + n + ") { total } }\"}")
                    .expectBody().jsonPath("$.errors[0].extensions.classification").value(not("INTERNAL_ERROR"));
            if (!n.startsWith("9")) {
                http.get().uri("/sessions?limit=" + n).exchange().expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.error").value(containsString("limit"));
            }
            http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + n
                            + ",\"range_end\":1705000000}").exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(containsString("range_start"));
        }
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
    }

    @Test
    void nulCharactersAndLoneSurrogatesAreRefused() {
        for (String bad : new String[] {"a\\u0000b", "x\\ud800y", "\\udc00"}) {
            http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{" + OK + ",\"name\":\"" + bad + "\"}").exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(containsString("name"));
            http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{" + OK + ",\"notes\":\"" + bad + "\"}").exchange()
                    .expectStatus().isBadRequest();
            graphQl("{\"query\":\"mutation($n: String) { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", "
                    + "strategy: \\\"TestBot\\\", name: $n}) { id } }\",\"variables\":{\"n\":\"" + bad + "\"}}")
                    .expectBody().jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST");
            graphQl("{\"query\":\"mutation { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", "
                    + "strategy: \\\"TestBot\\\", name: \\\"" + bad.replace("\\", "\\\\") + "\\\"}) { id } }\"}")
                    .expectBody().jsonPath("$.errors[0].extensions.classification")
                    .value(org.hamcrest.Matchers.oneOf("BAD_REQUEST", "InvalidSyntax"));
        }
        http.get().uri(java.net.URI.create("http://localhost:" + port + "/sessions?search=a%00b")).exchange().expectStatus().isBadRequest();
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
    }

    @Test
    void aHugeCsvLineIsA400() throws Exception {
        String body = "time,open,high,low,close,volume,trades\n" + "9".repeat(100_000) + "\n";
        long candles = count("SELECT COUNT(*) FROM candles");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            out.write(("POST /markets/XBTUSD/candles HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: text/csv\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(s)).startsWith("HTTP/1.1 400").contains("longer than");
        }
        assertThat(count("SELECT COUNT(*) FROM candles")).isEqualTo(candles);
        http.get().uri("/strategies").exchange().expectStatus().isOk();
    }

    /** One HTTP/1.1 response with a Content-Length or chunked body, as text. */
    private static String readResponse(java.net.Socket s) throws java.io.IOException {
        var in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        StringBuilder body = new StringBuilder();
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(lower);
        if (m.find()) {
            body.append(new String(in.readNBytes(Integer.parseInt(m.group(1))), java.nio.charset.StandardCharsets.UTF_8));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    size.append((char) b);
                }
                int n = Integer.parseInt(size.toString().trim(), 16);
                body.append(new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8));
                in.readNBytes(2);
                if (n == 0) {
                    break;
                }
            }
        }
        return head + body.toString();
    }
}
