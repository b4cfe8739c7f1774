package io.botdeck.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.botdeck.IntegrationTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A property-based bad-input run: thousands of generated REST bodies and parameters, GraphQL
 * documents and variables, and WebSocket frames (jqwik's generators, sampled here against the
 * running server). Every answer must be a 2xx-4xx with no Java internals in it, no GraphQL
 * {@code INTERNAL_ERROR}, no WebSocket closed as a server error; afterwards no session row is
 * partial (each has its creation event), none holds a NUL, and the server still works. The counts
 * are printed.
 */
class BadInputFuzzTest extends IntegrationTest {

    private static final int REST_BODIES = 3_000;
    private static final int REST_PARAMS = 3_000;
    private static final int GRAPHQL = 3_400;
    private static final int WS_FRAMES = 800;
    private static final int WS_STREAMS = 200;

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();

    record Call(HttpMethod method, String uri, MediaType type, String body) {
    }

    // ------------------------------------------------------------------ generators

    /** Strings of every kind: any char (NUL, lone surrogates), long ones, numbers as text, ids. */
    static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple(4, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple(2, Arbitraries.strings().alpha().ofMaxLength(12)),
                Tuple(1, Arbitraries.strings().withChars('\u0000', '\ud800', '\udc00', 'a', '"', '\\', '%').ofMaxLength(6)),
                Tuple(1, Arbitraries.integers().between(256, 12_000).map("x"::repeat)),
                Tuple(2, Arbitraries.of("XBTUSD", "ETHUSD", "XBTUSD+ETHUSD", "TestBot", "PairTradeBot", "MarketScraper",
                        "test", "backtest", "scraper", "TEST", "", " ", "null", "1e19", "-1", "created_at:desc", "name:up")),
                Tuple(1, numbers()));
    }

    /** Numbers as JSON text: ordinary, huge, tiny, overflowing. */
    static Arbitrary<String> numbers() {
        return Arbitraries.frequencyOf(
                Tuple(3, Arbitraries.of("0", "-0", "1", "-1", "0.5", "1.5", "100", "1e19", "-1e19", "1e308", "-1e308",
                        "1e-400", "1e400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "99999999999999999999999", "2147483648", "1e30", "0.1e1", "1E2")),
                Tuple(2, Arbitraries.longs().map(String::valueOf)),
                Tuple(2, Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "1e999")),
                Tuple(1, Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(18).negate(),
                        java.math.BigInteger.TEN.pow(40)).map(String::valueOf)));
    }

    /** JSON values, nested a little. */
    static Arbitrary<String> json(int depth) {
        Arbitrary<String> leaf = Arbitraries.frequencyOf(
                Tuple(3, strings().map(BadInputFuzzTest::jsonString)),
                Tuple(3, numbers()),
                Tuple(1, Arbitraries.of("true", "false", "null")));
        if (depth <= 0) {
            return leaf;
        }
        Arbitrary<String> array = json(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(fieldNames(), json(depth - 1)).as((k, v) -> jsonString(k) + ":" + v)
                .list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.frequencyOf(Tuple(4, leaf), Tuple(1, array), Tuple(1, object));
    }

    static Arbitrary<String> fieldNames() {
        return Arbitraries.frequencyOf(
                Tuple(5, Arbitraries.of("type", "market", "strategy", "name", "notes", "strategy_params", "range_start",
                        "range_end", "exchange", "threshold", "position_size", "lookback", "spread_threshold",
                        "archive_interval")),
                Tuple(1, strings()));
    }

    /** A create body: mostly right, with one to three fields replaced by anything. */
    static Arbitrary<String> restBody() {
        Arbitrary<String> mutated = Combinators.combine(fieldNames().list().ofMinSize(1).ofMaxSize(3), json(2).list().ofSize(3))
                .as((names, values) -> {
                    Map<String, String> body = new TreeMap<>(Map.of("type", "\"test\"", "market", "\"XBTUSD\"",
                            "strategy", "\"TestBot\""));
                    for (int i = 0; i < names.size(); i++) {
                        body.put(names.get(i), values.get(i));
                    }
                    return body.entrySet().stream().map(e -> jsonString(e.getKey()) + ":" + e.getValue())
                            .collect(Collectors.joining(",", "{", "}"));
                });
        Arbitrary<String> params = Combinators.combine(Arbitraries.of("threshold", "position_size", "lookback",
                "spread_threshold", "archive_interval"), json(1))
                .as((k, v) -> "{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"strategy_params\":{"
                        + jsonString(k) + ":" + v + "}}");
        return Arbitraries.frequencyOf(Tuple(5, mutated), Tuple(3, params), Tuple(1, json(2)),
                Tuple(1, strings().map(s -> s)));
    }

    static Arbitrary<Call> restBodies(String id) {
        Arbitrary<String> target = Arbitraries.of("/sessions", "/sessions/" + id, "/sessions/" + id + "/clone",
                "/sessions", "/sessions");
        Arbitrary<MediaType> type = Arbitraries.frequencyOf(Tuple(8, Arbitraries.just(MediaType.APPLICATION_JSON)),
                Tuple(1, Arbitraries.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED,
                        MediaType.parseMediaType("text/csv"))));
        return Combinators.combine(target, type, restBody()).as((uri, t, body) ->
                new Call(uri.equals("/sessions/" + id) ? HttpMethod.PATCH : HttpMethod.POST, uri, t, body));
    }

    static Arbitrary<Call> restParams(String id) {
        Arbitrary<String> value = strings().map(BadInputFuzzTest::encode);
        Arbitrary<String> pathId = Arbitraries.frequencyOf(Tuple(3, Arbitraries.just(id)),
                Tuple(1, Arbitraries.just(id.toUpperCase())), Tuple(2, strings().map(BadInputFuzzTest::encode)));
        Arbitrary<String> route = Combinators.combine(pathId, Arbitraries.of(
                "/sessions?limit=%s", "/sessions?offset=%s", "/sessions?status=%s", "/sessions?type=%s",
                "/sessions?market=%s", "/sessions?search=%s", "/sessions?sort=%s", "/sessions/{id}?x=%s",
                "/sessions/{id}/trades?limit=%s", "/sessions/{id}/trades?offset=%s", "/sessions/{id}/logs?tail=%s",
                "/sessions/{id}/logs?since=%s", "/sessions/{id}/logs?level=%s", "/sessions/{id}/metrics?x=%s",
                "/sessions/{id}/equity?x=%s", "/markets/XBTUSD/candles?from=%s", "/markets/XBTUSD/candles?to=%s",
                "/markets/XBTUSD/candles?limit=%s", "/markets/XBTUSD/candles?interval=%s",
                "/markets/%s/candles", "/markets/XBTUSD/candles.csv?from=%s", "/strategies/%s", "/sessions/{id}/%s",
                "/session/test?x=%s"), value)
                .as((pid, template, v) -> template.replace("{id}", pid).replace("%s", v));
        Arbitrary<HttpMethod> method = Arbitraries.frequencyOf(Tuple(6, Arbitraries.just(HttpMethod.GET)),
                Tuple(1, Arbitraries.of(HttpMethod.POST, HttpMethod.DELETE)));
        return Combinators.combine(method, route).as((m, r) -> new Call(m, r, null, null));
    }

    static Arbitrary<String> graphQlBodies(String id) {
        Arbitrary<String> documents = Arbitraries.of(
                "query($f: SessionFilter, $l: Int, $o: Int) { sessions(filter: $f, limit: $l, offset: $o) { total items { id name } } }",
                "query($id: ID!) { session(id: $id) { id name status trades(limit: 3) { total } } }",
                "mutation($i: CreateSessionInput!) { createSession(input: $i) { id } }",
                "mutation($id: ID!, $u: UpdateSessionInput!) { updateSession(id: $id, input: $u) { id } }",
                "mutation($id: ID!, $c: CloneSessionInput) { cloneSession(id: $id, input: $c) { id } }",
                "mutation($id: ID!) { startSession(id: $id) { status } }",
                "mutation($id: ID!) { heartbeat(id: $id) { isStale } }",
                "query($m: ID!, $l: Int, $i: Int, $f: DateTime) { candles(market: $m, limit: $l, interval: $i, from: $f) { candles { time } } }",
                "query($id: ID!) { strategy(id: $id) { id } }",
                "subscription($id: ID!) { sessionLogs(sessionId: $id) { sequence } }");
        Arbitrary<String> variables = Combinators.combine(Arbitraries.of("f", "l", "o", "id", "i", "u", "c", "m"),
                        Arbitraries.frequencyOf(Tuple(3, json(2)), Tuple(1, Arbitraries.just(jsonString(id))),
                                Tuple(2, createInput())))
                .as((k, v) -> jsonString(k) + ":" + v).list().ofMaxSize(4)
                .map(l -> "{" + String.join(",", new java.util.LinkedHashSet<>(l)) + "}");
        Arbitrary<String> mutatedDocument = Combinators.combine(documents, Arbitraries.integers().between(0, 200),
                        Arbitraries.integers().between(0, 30), strings())
                .as((d, at, len, insert) -> {
                    int from = Math.min(at, d.length());
                    int to = Math.min(d.length(), from + len);
                    return d.substring(0, from) + insert + d.substring(to);
                });
        Arbitrary<String> document = Arbitraries.frequencyOf(Tuple(3, documents), Tuple(2, mutatedDocument));
        return Arbitraries.frequencyOf(
                Tuple(8, Combinators.combine(document, variables)
                        .as((d, v) -> "{\"query\":" + jsonString(d) + ",\"variables\":" + v + "}")),
                Tuple(1, json(2)),
                Tuple(1, strings().map(s -> "{\"query\":" + jsonString(s) + "}")));
    }

    static Arbitrary<String> createInput() {
        return Combinators.combine(Arbitraries.of("TEST", "BACKTEST", "SCRAPER", "LIVE"),
                        Arbitraries.of("XBTUSD", "ETHUSD", "XBTUSD+ETHUSD", "NOPE"), Arbitraries.of("TestBot", "PairTradeBot"),
                        json(1), strings())
                .as((t, m, s, p, n) -> "{\"type\":\"" + t + "\",\"market\":\"" + m + "\",\"strategy\":\"" + s
                        + "\",\"strategyParams\":" + p + ",\"name\":" + jsonString(n) + "}");
    }

    static Arbitrary<String> frames(String id) {
        return Arbitraries.frequencyOf(
                Tuple(3, graphQlBodies(id).map(b -> "{\"type\":\"subscribe\",\"id\":\"s\",\"payload\":" + b + "}")),
                Tuple(2, json(2)),
                Tuple(1, strings()),
                Tuple(1, Arbitraries.of("ping", "pong", "complete", "connection_init", "subscribe", "next", "error", "x")
                        .map(t -> "{\"type\":\"" + t + "\",\"id\":\"s\"}")));
    }

    // ------------------------------------------------------------------ the run

    @Test
    void generatedBadInputNeverBreaksTheServer() {
        String id = createTest();
        // one connection per request: a connection the server closes (414 for a 4 KB line) hits no other request
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                        reactor.netty.http.client.HttpClient.newConnection()))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        long started = System.nanoTime();

        int bodies = run(client, "REST bodies", restBodies(id).sampleStream().limit(REST_BODIES).toList());
        int params = run(client, "REST parameters", restParams(id).sampleStream().limit(REST_PARAMS).toList());
        int graphQl = run(client, "GraphQL", graphQlBodies(id).sampleStream().limit(GRAPHQL)
                .map(b -> new Call(HttpMethod.POST, "/graphql", MediaType.APPLICATION_JSON, b)).toList());
        int frames = socketFrames(frames(id).sampleStream().limit(WS_FRAMES).toList());
        int streams = logStreams(id, strings().map(BadInputFuzzTest::encode).list().ofSize(3)
                .sampleStream().limit(WS_STREAMS).toList());

        long partial = count("SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM session_events e "
                + "WHERE e.session_id = s.id AND e.event_type IN ('created', 'cloned'))");
        long withNul = count("SELECT COUNT(*) FROM sessions WHERE INSTR(name, CHAR(0)) > 0 OR INSTR(COALESCE(notes, ''), CHAR(0)) > 0");
        int total = bodies + params + graphQl + frames + streams;
        System.out.printf("Bad-input run took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
        System.out.printf("Bad-input run: %d cases (REST bodies %d, REST parameters %d, GraphQL %d, graphql-ws frames %d, "
                        + "log-stream handshakes %d); HTTP statuses %s; 5xx %d; failures %d; sessions %d, partial rows %d, "
                        + "rows with NUL %d%n", total, bodies, params, graphQl, frames, streams, new TreeMap<>(statuses),
                statuses.entrySet().stream().filter(e -> e.getKey().startsWith("5")).mapToInt(e -> e.getValue().get()).sum(),
                failures.size(), count("SELECT COUNT(*) FROM sessions"), partial, withNul);
        assertThat(total).isGreaterThanOrEqualTo(10_000);
        assertThat(failures).as("answers that broke the rules").isEmpty();
        assertThat(partial).isZero();
        assertThat(withNul).isZero();
        // healthy afterwards
        http.get().uri("/sessions/health").exchange().expectStatus().isOk();
        assertThat(createTest()).isNotNull();
    }

    private int run(WebClient client, String family, List<Call> calls) {
        long started = System.nanoTime();
        Flux.fromIterable(calls).flatMap(call -> send(client, call)
                        .doOnNext(answer -> check(family, call, answer.getT1(), answer.getT2())), 8)
                .blockLast(Duration.ofMinutes(3));
        System.out.printf("%s: %d cases in %d ms%n", family, calls.size(), (System.nanoTime() - started) / 1_000_000L);
        return calls.size();
    }

    private Mono<reactor.util.function.Tuple2<Integer, String>> send(WebClient client, Call call) {
        URI uri;
        try {
            uri = URI.create("http://localhost:" + port + call.uri());
        } catch (IllegalArgumentException e) {
            return Mono.empty();
        }
        var spec = client.method(call.method()).uri(uri);
        WebClient.RequestHeadersSpec<?> ready = call.body() == null ? spec
                : spec.contentType(call.type()).bodyValue(call.body().getBytes(StandardCharsets.UTF_8));
        return ready.exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(b -> reactor.util.function.Tuples.of(r.statusCode().value(), b)))
                .onErrorResume(e -> Mono.just(reactor.util.function.Tuples.of(-1, String.valueOf(e))));
    }

    private void check(String family, Call call, int status, String body) {
        statuses.computeIfAbsent(String.valueOf(status), s -> new AtomicInteger()).incrementAndGet();
        boolean ok = status >= 200 && status < 500
                && !body.contains("Exception") && !body.contains("java.") && !body.contains("INTERNAL_ERROR")
                && !body.contains("upstreamPublisher");
        if (!ok && failures.size() < 20) {
            failures.add(family + ": " + call.method() + " " + abbreviate(call.uri()) + " " + abbreviate(String.valueOf(call.body()))
                    + " → " + status + " " + abbreviate(body));
        }
    }

    private int socketFrames(List<String> frames) {
        var client = new ReactorNettyWebSocketClient();
        int batch = 20;
        for (int from = 0; from < frames.size(); from += batch) {
            List<String> some = frames.subList(from, Math.min(frames.size(), from + batch));
            var handler = new org.springframework.web.reactive.socket.WebSocketHandler() {
                volatile CloseStatus closed;

                @Override
                public List<String> getSubProtocols() {
                    return List.of("graphql-transport-ws");
                }

                @Override
                public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
                    session.closeStatus().subscribe(s -> closed = s);
                    Flux<String> out = Flux.concat(Flux.just("{\"type\":\"connection_init\"}"),
                            Flux.fromIterable(some), Mono.delay(Duration.ofMillis(100)).then(Mono.empty()));
                    Mono<Void> in = session.receive().doOnNext(m -> {
                        String text = m.getPayloadAsText();
                        if (text.contains("INTERNAL_ERROR") || text.contains("Exception") || text.contains("java.")) {
                            failures.add("graphql-ws answer: " + abbreviate(text));
                        }
                    }).then();
                    return Mono.firstWithSignal(in, session.send(out.map(session::textMessage)).then(session.close()));
                }
            };
            try {
                client.execute(URI.create("ws://localhost:" + port + "/graphql"), handler).block(Duration.ofSeconds(20));
            } catch (RuntimeException e) {
                failures.add("graphql-ws connection failed: " + e);
            }
            CloseStatus status = handler.closed;
            if (status != null && (status.getCode() == 1011 || status.getCode() == 1006)) {
                failures.add("graphql-ws closed with " + status + " after " + some);
            }
        }
        return frames.size();
    }

    private int logStreams(String id, List<List<String>> params) {
        var client = new ReactorNettyWebSocketClient();
        for (List<String> p : params) {
            URI uri = URI.create("ws://localhost:" + port + "/sessions/" + id + "/logs/stream?after=" + p.get(0)
                    + "&tail=" + p.get(1) + "&levels=" + p.get(2));
            AtomicInteger code = new AtomicInteger();
            try {
                client.execute(uri, session -> {
                    session.closeStatus().subscribe(s -> code.set(s.getCode()));
                    return session.receive().take(Duration.ofMillis(5)).then(session.close());
                }).block(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // refused on the handshake (4xx): fine
                if (String.valueOf(e.getMessage()).contains(" 5")) {
                    failures.add("log stream handshake " + uri + ": " + e.getMessage());
                }
            }
            if (code.get() == 1011) {
                failures.add("log stream " + uri + " closed as a server error");
            }
        }
        return params.size();
    }

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static <T> net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends T>> Tuple(int weight, Arbitrary<? extends T> a) {
        return net.jqwik.api.Tuple.of(weight, a);
    }

    /** JSON string literal; everything outside printable ASCII escaped, so lone surrogates travel as {@code \\uD800}. */
    static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
