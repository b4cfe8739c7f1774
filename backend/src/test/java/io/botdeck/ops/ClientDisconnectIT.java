package io.botdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar with structured (ECS JSON) console logs, and clients that go away the usual
 * ways: a browser closing a log stream (with a close frame, and without one), a GraphQL
 * subscription's socket dropped, an HTTP response and a CSV download aborted half-way. The
 * server's output stays JSON, one object a line, and holds no ERROR and no stack trace for any of it.
 * Netty's leak detection tracks every buffer (sampling 1 in 1), and a garbage collection at the end makes it report
 * any that a dropped client left unreleased.
 */
class ClientDisconnectIT {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long DAY = 1_735_689_600L;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private ServerProcess server;

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        if (server != null) {
            server.cleanUp();
        }
    }

    @Test
    void clientsGoingAwayAreNotErrorsAndStructuredLogsAreJsonLines() throws Exception {
        server = new ServerProcess(ServerProcess.packagedJar(), work, ServerProcess.portInRange())
                .jvmOption("-Dio.netty.leakDetection.level=simple").jvmOption("-Dio.netty.leakDetection.samplingInterval=1");
        server.start(Duration.ofSeconds(300), "--logging.structured.format.console=ecs", "--botdeck.feed.tick-interval=50ms");
        String live = startSession("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.1}}");
        String backtest = startSession("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":1738368000,\"strategy_params\":{\"threshold\":0.1}}");
        waitForLines(backtest, 5_000);
        importCandles(30_000);
        int mark = server.output().length();

        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger received = new AtomicInteger();
        WebSocket.Listener counting = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                received.incrementAndGet();
                ws.request(1);
                return null;
            }
        };
        for (int round = 0; round < 3; round++) {
            // a browser tab closed: the log stream ends with a close frame
            WebSocket closed = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/sessions/" + live + "/logs/stream?tail=100"), counting)
                    .get(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            closed.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            // a network gone: the stream's connection dropped without a close frame, mid-replay
            WebSocket dropped = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/sessions/" + backtest + "/logs/stream?tail=10000"), counting)
                    .get(10, TimeUnit.SECONDS);
            Thread.sleep(100);
            dropped.abort();
            // GraphQL log subscriptions whose sockets go away while lines are being delivered
            for (int i = 0; i < 5; i++) {
                graphQlSubscriptionDropped(http, live);
            }
            // a response aborted half-way: a big page of log lines, then the CSV download
            abortMidResponse("/sessions/" + backtest + "/logs?tail=10000");
            abortMidResponse("/markets/XBTUSD/candles.csv");
            abortMidResponse("/sessions/" + backtest + "/trades?limit=200");
        }
        assertThat(received.get()).as("the streams delivered before they were closed").isPositive();
        Thread.sleep(3_000);
        // buffers dropped without a release are reported when collected, on a later allocation
        server.collectGarbage();
        Thread.sleep(500);
        for (int i = 0; i < 20; i++) {
            assertThat(server.get("/sessions/" + live + "/logs?tail=200").statusCode()).isEqualTo(200);
        }
        server.collectGarbage();
        Thread.sleep(500);
        assertThat(server.get("/sessions/" + live).statusCode()).as("the server carries on").isEqualTo(200);

        String output = server.output();
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("server output").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry;
            try {
                entry = JSON.readTree(line);
            } catch (RuntimeException notJson) {
                problems.add("not JSON: " + line);
                continue;
            }
            assertThat(entry.has("@timestamp") && entry.has("message") && !level(entry).isEmpty()).as("ECS fields in %s", line).isTrue();
        }
        assertThat(problems).as("every output line is a JSON object").isEmpty();
        String afterMark = output.substring(mark);
        for (String line : afterMark.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode entry = JSON.readTree(line);
            assertThat(level(entry)).as("level of %s", line).isNotEqualTo("ERROR");
            assertThat(entry.has("error.stack_trace") || entry.path("error").has("stack_trace")).as("stack trace in %s", line).isFalse();
        }
        System.out.printf("client disconnects: %d output lines after the clients went away, all JSON, no ERROR, no stack trace%n",
                afterMark.lines().count());
    }

    /** ECS's {@code log.level}, written flat or nested. */
    private static String level(JsonNode entry) {
        return entry.has("log.level") ? entry.get("log.level").asText() : entry.path("log").path("level").asText();
    }

    private void graphQlSubscriptionDropped(HttpClient http, String sessionId) throws Exception {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        CompletableFuture<Void> data = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/graphql"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence text, boolean last) {
                        String message = text.toString();
                        if (message.contains("connection_ack")) {
                            acked.complete(null);
                        } else if (message.contains("\"next\"")) {
                            data.complete(null);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"connection_init\"}", true).get(5, TimeUnit.SECONDS);
        acked.get(10, TimeUnit.SECONDS);
        ws.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { sessionLogs(sessionId: \\\""
                + sessionId + "\\\", tail: 500) { sequence message } }\"}}", true).get(5, TimeUnit.SECONDS);
        data.get(10, TimeUnit.SECONDS);
        ws.abort();
    }

    /** Sends a GET, reads the start of the answer, then resets the connection. */
    private void abortMidResponse(String path) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port + "\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] start = new byte[2048];
            int read = in.read(start);
            assertThat(read).as("%s started answering", path).isPositive();
            assertThat(new String(start, 0, read, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            socket.setSoLinger(true, 0);
        }
    }

    private String startSession(String json) throws Exception {
        String body = server.post("/sessions", json).body();
        Matcher m = ID.matcher(body);
        assertThat(m.find()).as("created: %s", body).isTrue();
        assertThat(server.post("/sessions/" + m.group(1) + "/start", null).statusCode()).isEqualTo(200);
        return m.group(1);
    }

    private void waitForLines(String id, int lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode logs = JSON.readTree(server.get("/sessions/" + id + "/logs?tail=10000").body()).get("logs");
            if (logs != null && logs.size() >= lines) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the backtest did not log " + lines + " lines within 120 s");
    }

    private void importCandles(int n) throws Exception {
        StringBuilder csv = new StringBuilder("time,open,high,low,close,volume,trades\n");
        for (int i = 0; i < n; i++) {
            csv.append(DAY + i * 60L).append(",100,101,99,100.5,10,3\n");
        }
        HttpResponse<String> r = server.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/markets/XBTUSD/candles"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("candle import: %s", r.body()).isEqualTo(200);
    }
}
