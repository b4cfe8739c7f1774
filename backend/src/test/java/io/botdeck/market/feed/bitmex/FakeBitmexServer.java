package io.botdeck.market.feed.bitmex;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for BitMEX's realtime API on 127.0.0.1 (random port, path {@code /realtime}): sends
 * the welcome message, acknowledges {@code subscribe}/{@code unsubscribe} of {@code quote:SYM} and
 * {@code trade:SYM} topics, sends a {@code partial} of the current quote / last trade after each
 * subscription, and {@code insert}s to the connections subscribed when told to. Answers the text
 * {@code ping} with {@code pong} (unless told not to) and can drop every connection.
 * Prices are written into the JSON exactly as given.
 */
final class FakeBitmexServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DisposableServer server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<String> subscribes = new CopyOnWriteArrayList<>();
    private final List<String> unsubscribes = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final Map<String, String[]> quotes = new ConcurrentHashMap<>();
    private final Map<String, String> lastTrades = new ConcurrentHashMap<>();
    /** Timestamps of the messages sent: one millisecond apart from here. */
    private final AtomicLong clock = new AtomicLong(Instant.parse("2024-01-22T14:31:45.332Z").toEpochMilli());
    private volatile boolean answerPings = true;

    FakeBitmexServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws("/realtime", this::handle))
                .bindNow();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/realtime");
    }

    int port() {
        return server.port();
    }

    /** Sets the quote and the last trade that the partials of later subscriptions report. */
    void prime(String symbol, String bid, String ask, String last) {
        quotes.put(symbol, new String[] {bid, ask});
        lastTrades.put(symbol, last);
    }

    /** Sends a quote insert, stamped {@code time} (unix ms), to the subscribers of {@code quote:symbol}. */
    void quote(long time, String symbol, String bid, String ask) {
        quotes.put(symbol, new String[] {bid, ask});
        broadcast("quote:" + symbol, table("quote", "insert", quoteRow(symbol, bid, ask, time)));
    }

    /** Sends one trade insert, stamped {@code time}, with the given (price, size) rows. */
    void trades(long time, String symbol, String... priceSizePairs) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < priceSizePairs.length; i += 2) {
            if (rows.length() > 0) {
                rows.append(',');
            }
            rows.append(tradeRow(symbol, priceSizePairs[i], priceSizePairs[i + 1], time));
            lastTrades.put(symbol, priceSizePairs[i]);
        }
        broadcast("trade:" + symbol, table("trade", "insert", rows.toString()));
    }

    /** Topics in the order the server received their subscription, over all connections. */
    List<String> subscribes() {
        return List.copyOf(subscribes);
    }

    List<String> unsubscribes() {
        return List.copyOf(unsubscribes);
    }

    long subscribeCount(String topic) {
        return subscribes.stream().filter(topic::equals).count();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    int openConnections() {
        return sessions.size();
    }

    int pings() {
        return pings.get();
    }

    void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    /** Cuts every connection without a close handshake, as a network failure would. */
    void dropConnections() {
        for (Session session : sessions) {
            Connection connection = session.connection;
            if (connection != null) {
                connection.channel().close();
            }
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private Mono<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
        Session session = new Session();
        in.withConnection(connection -> session.connection = connection);
        sessions.add(session);
        connections.incrementAndGet();
        session.send("{\"info\":\"Welcome to the BitMEX Realtime API.\",\"version\":\"fake\","
                + "\"timestamp\":\"" + Instant.ofEpochMilli(clock.get()) + "\",\"docs\":\"https://www.bitmex.com/app/wsAPI\","
                + "\"limit\":{\"remaining\":39}}");
        Mono<Void> inbound = in.aggregateFrames()
                .receive()
                .asString()
                .doOnNext(text -> onMessage(session, text))
                .then();
        Mono<Void> outbound = out.sendString(session.outbound.asFlux()).then();
        return Mono.firstWithSignal(inbound, outbound)
                .doFinally(signal -> sessions.remove(session));
    }

    private void onMessage(Session session, String text) {
        if ("ping".equals(text)) {
            pings.incrementAndGet();
            if (answerPings) {
                session.send("pong");
            }
            return;
        }
        JsonNode request = JSON.readTree(text);
        String op = request.path("op").asString();
        JsonNode args = request.path("args");
        if ("subscribe".equals(op)) {
            // as on the exchange, a topic's partial precedes its inserts; the subscription is
            // recorded once the partials are on their way
            synchronized (this) {
                for (JsonNode arg : args) {
                    String topic = arg.asString();
                    session.send("{\"success\":true,\"subscribe\":\"" + topic + "\",\"request\":" + text + "}");
                }
                for (JsonNode arg : args) {
                    session.send(partial(arg.asString()));
                    session.topics.add(arg.asString());
                }
                for (JsonNode arg : args) {
                    subscribes.add(arg.asString());
                }
            }
        } else if ("unsubscribe".equals(op)) {
            for (JsonNode arg : args) {
                String topic = arg.asString();
                session.topics.remove(topic);
                unsubscribes.add(topic);
                session.send("{\"success\":true,\"unsubscribe\":\"" + topic + "\",\"request\":" + text + "}");
            }
        } else {
            session.send("{\"status\":400,\"error\":\"Unknown or unsupported op\",\"meta\":{},\"request\":" + text + "}");
        }
    }

    private String partial(String topic) {
        int colon = topic.indexOf(':');
        String table = topic.substring(0, colon);
        String symbol = topic.substring(colon + 1);
        long time = clock.incrementAndGet();
        String rows = "";
        if ("quote".equals(table) && quotes.containsKey(symbol)) {
            String[] quote = quotes.get(symbol);
            rows = quoteRow(symbol, quote[0], quote[1], time);
        } else if ("trade".equals(table) && lastTrades.containsKey(symbol)) {
            rows = tradeRow(symbol, lastTrades.get(symbol), "1", time);
        }
        return "{\"table\":\"" + table + "\",\"action\":\"partial\",\"keys\":[],\"types\":{},\"foreignKeys\":{},"
                + "\"attributes\":{},\"filter\":{\"symbol\":\"" + symbol + "\"},\"data\":[" + rows + "]}";
    }

    private static String table(String table, String action, String rows) {
        return "{\"table\":\"" + table + "\",\"action\":\"" + action + "\",\"data\":[" + rows + "]}";
    }

    private static String quoteRow(String symbol, String bid, String ask, long time) {
        return "{\"timestamp\":\"" + Instant.ofEpochMilli(time) + "\",\"symbol\":\"" + symbol
                + "\",\"bidSize\":1200,\"bidPrice\":" + number(bid) + ",\"askPrice\":" + number(ask)
                + ",\"askSize\":800}";
    }

    private static String tradeRow(String symbol, String price, String size, long time) {
        return "{\"timestamp\":\"" + Instant.ofEpochMilli(time) + "\",\"symbol\":\"" + symbol
                + "\",\"side\":\"Buy\",\"size\":" + number(size) + ",\"price\":" + number(price)
                + ",\"tickDirection\":\"PlusTick\",\"trdMatchID\":\"00000000-0000-0000-0000-000000000000\""
                + ",\"grossValue\":null,\"homeNotional\":null,\"foreignNotional\":null,\"trdType\":\"Regular\"}";
    }

    /** A JSON number literal, exactly as the decimal was given. */
    private static String number(String decimal) {
        return new BigDecimal(decimal).toPlainString();
    }

    private static final class Session {
        final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        volatile Connection connection;

        synchronized void send(String text) {
            outbound.tryEmitNext(text);
        }
    }

    private synchronized void broadcast(String topic, String message) {
        for (Session session : sessions) {
            if (session.topics.contains(topic)) {
                session.send(message);
            }
        }
    }
}
