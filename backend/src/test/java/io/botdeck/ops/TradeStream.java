package io.botdeck.ops;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The trade lines a client reads from a session's log stream ({@code /sessions/:id/logs/stream}). */
final class TradeStream implements WebSocket.Listener {

    /** One ENTRY or EXIT line as the client saw it. */
    record Line(String sessionId, String action, int tradeNo, BigDecimal entryPrice, BigDecimal exitPrice) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String sessionId;
    private final List<Line> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private TradeStream(String sessionId) {
        this.sessionId = sessionId;
    }

    static TradeStream open(int port, String sessionId) throws Exception {
        TradeStream stream = new TradeStream(sessionId);
        stream.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/sessions/" + sessionId + "/logs/stream?after=0&levels=trade"), stream)
                .get(10, TimeUnit.SECONDS);
        return stream;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode message = JSON.readTree(partial.toString());
            partial.setLength(0);
            JsonNode d = message.get("data");
            if ("trade".equals(message.path("type").asString()) && d != null && d.has("trade_no")) {
                synchronized (lines) {
                    lines.add(new Line(sessionId, d.path("action").asString(), d.get("trade_no").intValue(),
                            new BigDecimal(d.get("entry_price").asString()),
                            d.hasNonNull("exit_price") ? new BigDecimal(d.get("exit_price").asString()) : null));
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    /** What was read so far (the server may be gone: the socket is dropped, not closed politely). */
    List<Line> closeAndTake() {
        socket.abort();
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
