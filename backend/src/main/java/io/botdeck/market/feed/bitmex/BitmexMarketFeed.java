package io.botdeck.market.feed.bitmex;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Tick;
import io.botdeck.market.sim.CandleSeries;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.market.feed.SimulatedMarketFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live ticks from BitMEX's public realtime WebSocket API ({@code botdeck.feed.source=bitmex}).
 *
 * <p><b>Connection.</b> One WebSocket to {@code botdeck.feed.bitmex.url} (default
 * {@value #DEFAULT_URL}) carries every market: it opens with the first market that gains a
 * subscriber, sends {@code {"op":"subscribe","args":["trade:M","quote:M"]}} as each market gains
 * its first subscriber and {@code unsubscribe} as it loses its last, and closes (after flushing the
 * last unsubscribe) when no market is left. Market names are BitMEX symbols ({@code XBTUSD},
 * {@code ETHUSD} ...), as in the simulated exchange.
 *
 * <p><b>Keep-alive and reconnection.</b> After {@link Timing#pingAfter() 5 s} without any message
 * the feed sends the text {@code ping}; if nothing (normally {@code pong}) arrives within
 * {@link Timing#pongTimeout() 5 s} more, the connection is considered dead. A dead, dropped or
 * refused connection is re-established with exponential backoff (0.5 s doubling up to 30 s; back
 * to 0.5 s once a connection has stayed up for 30 s) and all active markets are subscribed again;
 * subscribers simply see no ticks meanwhile, never an error. {@link #connectionState()} tells
 * where the connection stands.
 *
 * <p><b>Ticks.</b> The latest quote of each market is kept; every {@code quote} or {@code trade}
 * message for a market emits one tick (a message carrying several rows of one market emits one
 * tick, for its newest row): bid and ask from the latest quote, last from the latest trade, volume
 * the trade {@code size} summed since the previous tick (BitMEX's size is in contracts, e.g. USD
 * for XBTUSD; the trades of {@code partial} snapshots are history and add no volume), time the
 * exchange's timestamp. A market emits its first tick once it has both a quote and a trade, which
 * the {@code partial} snapshots sent on subscription normally provide at once. Prices are parsed
 * exactly (decimal, never double) into fixed point.
 *
 * <p><b>History.</b> BitMEX's REST history is not used: {@link #history} is the simulated
 * exchange's history ({@link SimulatedMarketFeed}), so warm-up and backtests replay the archive or
 * the simulated history whichever feed is live.
 */
@Component
@ConditionalOnProperty(name = "botdeck.feed.source", havingValue = "bitmex")
public class BitmexMarketFeed implements MarketFeed, DisposableBean {

    public static final String DEFAULT_URL = "wss://ws.bitmex.com/realtime";

    /** Ticks a subscriber may fall behind before it loses the oldest. */
    static final int SUBSCRIBER_BUFFER = 256;
    /** Largest (aggregated) message accepted from the exchange. */
    static final int MAX_MESSAGE_BYTES = 4 << 20;
    /** Symbols are sent inside topic names; keep them to what BitMEX uses. */
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    private static final Logger log = LoggerFactory.getLogger(BitmexMarketFeed.class);

    /** Where the connection to the exchange stands. */
    public enum ConnectionState {
        /** No market has subscribers, so no connection is wanted. */
        IDLE,
        /** Opening a connection (WebSocket handshake in progress). */
        CONNECTING,
        /** Connected; active markets are subscribed. */
        CONNECTED,
        /** The connection dropped or could not be opened; waiting out the backoff before the next attempt. */
        WAITING_TO_RECONNECT
    }

    /**
     * Time limits of the connection.
     *
     * @param pingAfter      silence after which the feed sends {@code ping}
     * @param pongTimeout    how long it then waits for any message before reconnecting
     * @param minBackoff     delay before the first reconnection attempt, doubled on each failure
     * @param maxBackoff     longest delay between attempts
     * @param healthyAfter   a connection that stayed up this long resets the backoff
     * @param connectTimeout longest wait for the WebSocket handshake
     * @param closeGrace     longest wait for a graceful close before the connection is cut
     */
    public record Timing(Duration pingAfter, Duration pongTimeout, Duration minBackoff, Duration maxBackoff,
                         Duration healthyAfter, Duration connectTimeout, Duration closeGrace) {

        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(5));

        public Timing {
            for (Duration d : List.of(pingAfter, pongTimeout, minBackoff, maxBackoff, healthyAfter, connectTimeout,
                    closeGrace)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("BitMEX feed timings must be positive: " + d);
                }
            }
            if (maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be below minBackoff");
            }
        }
    }

    private final URI url;
    private final Timing timing;
    private final WebSocketClient client;
    private final SimulatedMarketFeed simulated;
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The shared tick stream of each market ever asked for. */
    private final Map<String, Flux<Tick>> streams = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    /** Markets with subscribers now, by symbol. Read anywhere; written under {@link #lock}. */
    private final Map<String, MarketStream> active = new ConcurrentHashMap<>();
    /** The connection loop while markets are active; guarded by {@link #lock}. */
    private Link link;
    private volatile ConnectionState state = ConnectionState.IDLE;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong pongs = new AtomicLong();

    @Autowired
    public BitmexMarketFeed(@Value("${botdeck.feed.bitmex.url:" + DEFAULT_URL + "}") String url) {
        this(URI.create(url), Timing.DEFAULT);
    }

    public BitmexMarketFeed(URI url, Timing timing) {
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("botdeck.feed.bitmex.url must be a ws:// or wss:// URL, not " + url);
        }
        this.url = url;
        this.timing = timing;
        this.client = new ReactorNettyWebSocketClient(HttpClient.create(),
                () -> WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE_BYTES));
        this.simulated = new SimulatedMarketFeed(Duration.ofSeconds(1));
    }

    @Override
    public String name() {
        return "BitMEX live";
    }

    @Override
    public Flux<Tick> ticks(String market) {
        if (market == null || market.isBlank()) {
            return Flux.error(new IllegalArgumentException("market must not be empty"));
        }
        if (!SYMBOL.matcher(market).matches()) {
            return Flux.error(new IllegalArgumentException("not a BitMEX symbol: " + market));
        }
        return streams.computeIfAbsent(market, this::stream)
                .onBackpressureBuffer(SUBSCRIBER_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    /**
     * The shared stream of a market: subscribed upstream by its first subscriber, unsubscribed after
     * its last. Ticks are handed over off the network thread.
     */
    private Flux<Tick> stream(String market) {
        return Flux.<Tick>create(sink -> {
            MarketStream stream = new MarketStream(market, sink);
            sink.onDispose(() -> deactivate(stream));
            activate(stream);
        }, FluxSink.OverflowStrategy.LATEST)
                .publishOn(Schedulers.parallel(), SUBSCRIBER_BUFFER)
                .publish()
                .refCount(1);
    }

    /** {@inheritDoc} The simulated exchange's history: BitMEX's REST history is not used. */
    @Override
    public Flux<Candle> history(String market, long fromSec, long toSec) {
        return simulated.history(market, fromSec, toSec);
    }

    /** {@inheritDoc} The simulated exchange's history, generated straight into columns. */
    @Override
    public Mono<CandleSeries> historySeries(String market, long fromSec, long toSec) {
        return simulated.historySeries(market, fromSec, toSec);
    }

    /** Where the connection to the exchange stands now. */
    public ConnectionState connectionState() {
        return state;
    }

    /** The markets subscribed (or to be subscribed on the next connection) now. */
    public Set<String> activeMarkets() {
        return Set.copyOf(active.keySet());
    }

    /** Connections opened so far (the first one included). */
    public long connectionsOpened() {
        return connections.get();
    }

    /** {@code pong}s received so far. */
    long pongsReceived() {
        return pongs.get();
    }

    public URI url() {
        return url;
    }

    /** Closes the connection and completes every live stream. */
    @Override
    public void destroy() {
        List<MarketStream> open;
        synchronized (lock) {
            open = new ArrayList<>(active.values());
            if (link != null) {
                Link l = link;
                link = null;
                l.stopped = true;
                if (l.loop != null) {
                    l.loop.dispose();
                }
            }
            state = ConnectionState.IDLE;
        }
        open.forEach(stream -> stream.sink.complete());
    }

    // ---------------------------------------------------------------- subscriptions

    private void activate(MarketStream stream) {
        synchronized (lock) {
            if (active.put(stream.market, stream) != null) {
                return; // a new stream replaced one that is just stopping: still subscribed upstream
            }
            if (link == null) {
                startLink();
            } else if (link.connection != null) {
                link.connection.send(op("subscribe", List.of(stream.market)));
            }
        }
    }

    private void deactivate(MarketStream stream) {
        synchronized (lock) {
            if (!active.remove(stream.market, stream)) {
                return;
            }
            if (link == null) {
                return;
            }
            if (link.connection != null) {
                link.connection.send(op("unsubscribe", List.of(stream.market)));
            }
            if (active.isEmpty()) {
                stopLink();
            }
        }
    }

    /** Under {@link #lock}: starts the connection loop. */
    private void startLink() {
        Link l = new Link();
        link = l;
        state = ConnectionState.CONNECTING;
        l.loop = Mono.defer(() -> connectOnce(l))
                .then(Mono.<Void>error(() -> new ConnectionClosed("connection closed")))
                .retryWhen(Retry.from(signals -> signals.concatMap(signal -> nextAttempt(l, signal.failure()))))
                .subscribe(null, error -> log.error("BitMEX feed connection loop failed", error));
    }

    /**
     * Under {@link #lock}: stops the connection loop; an open connection is closed gracefully, after
     * what was queued on it (the last unsubscribe) has been sent.
     */
    private void stopLink() {
        Link l = link;
        link = null;
        l.stopped = true;
        state = ConnectionState.IDLE;
        Disposable loop = l.loop;
        if (l.connection != null) {
            l.connection.finish();
            Mono.delay(timing.closeGrace()).subscribe(x -> loop.dispose());
        } else {
            loop.dispose();
        }
    }

    /** The wait before the next attempt, or an empty signal to end the loop once it is stopped. */
    private Mono<Long> nextAttempt(Link l, Throwable failure) {
        synchronized (lock) {
            if (l.stopped) {
                return Mono.empty();
            }
            Duration delay = backoff(l.failures++, timing.minBackoff(), timing.maxBackoff());
            if (link == l) {
                state = ConnectionState.WAITING_TO_RECONNECT;
            }
            log.warn("BitMEX feed: {} ({}); reconnecting in {} ms", failure.getMessage(),
                    failure.getClass().getSimpleName(), delay.toMillis());
            return Mono.delay(delay);
        }
    }

    /** {@code min × 2^failures}, at most {@code max}. */
    static Duration backoff(int failures, Duration min, Duration max) {
        if (failures >= 30) {
            return max;
        }
        long millis = min.toMillis() << failures;
        return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
    }

    // ---------------------------------------------------------------- one connection

    /** One connection, from the handshake to its end (normal or not). */
    private Mono<Void> connectOnce(Link l) {
        synchronized (lock) {
            if (l.stopped) {
                return Mono.empty();
            }
            if (link == l) {
                state = ConnectionState.CONNECTING;
            }
        }
        AtomicBoolean opened = new AtomicBoolean();
        Mono<Void> session = client.execute(url, s -> session(l, s, opened));
        Mono<Void> handshakeTimeout = Mono.delay(timing.connectTimeout())
                .then(Mono.defer(() -> opened.get()
                        ? Mono.<Void>never()
                        : Mono.<Void>error(new TimeoutException(
                                "no WebSocket handshake within " + timing.connectTimeout().toMillis() + " ms"))));
        return Mono.firstWithSignal(session, handshakeTimeout);
    }

    private Mono<Void> session(Link l, WebSocketSession session, AtomicBoolean opened) {
        Connection c = new Connection(l);
        synchronized (lock) {
            if (l.stopped) {
                return Mono.empty();
            }
            opened.set(true);
            l.connection = c;
            connections.incrementAndGet();
            if (link == l) {
                state = ConnectionState.CONNECTED;
            }
            if (!active.isEmpty()) {
                c.send(op("subscribe", active.keySet()));
            }
        }
        log.info("BitMEX feed connected to {}; markets {}", url, active.keySet());
        Mono<Void> in = session.receive()
                .doOnNext(message -> onMessage(c, message.getPayloadAsText()))
                .then();
        Mono<Void> out = session.send(c.outbound.asFlux().map(session::textMessage));
        Duration check = min(timing.pingAfter(), timing.pongTimeout()).dividedBy(5);
        Mono<Void> keepAlive = Flux.interval(check.toMillis() < 10 ? Duration.ofMillis(10) : check)
                .concatMap(i -> keepAlive(c))
                .then();
        return Mono.firstWithSignal(in, out, keepAlive)
                .doOnTerminate(() -> closed(c))
                .doOnCancel(() -> closed(c));
    }

    private void closed(Connection c) {
        synchronized (lock) {
            Link l = c.link;
            if (l.connection == c) {
                l.connection = null;
                if (System.nanoTime() - c.openedAt >= timing.healthyAfter().toNanos()) {
                    l.failures = 0;
                }
            }
        }
    }

    /** Pings after a silence; fails the connection when the silence outlasts the pong timeout. */
    private Mono<Void> keepAlive(Connection c) {
        long now = System.nanoTime();
        long pingSent = c.pingSentAt;
        if (pingSent != 0) {
            if (now - pingSent >= timing.pongTimeout().toNanos()) {
                return Mono.error(new TimeoutException(
                        "no pong within " + timing.pongTimeout().toMillis() + " ms"));
            }
        } else if (now - c.lastReceived >= timing.pingAfter().toNanos()) {
            c.pingSentAt = now;
            c.send("ping");
        }
        return Mono.empty();
    }

    // ---------------------------------------------------------------- messages

    private void onMessage(Connection c, String text) {
        c.lastReceived = System.nanoTime();
        c.pingSentAt = 0;
        if ("pong".equals(text)) {
            pongs.incrementAndGet();
            return;
        }
        if (c.link.stopped) {
            return;
        }
        try {
            JsonNode message = json.readTree(text);
            String table = message.path("table").stringValue(null);
            if (table != null) {
                String action = message.path("action").stringValue("");
                JsonNode data = message.path("data");
                if ("quote".equals(table) && !"delete".equals(action)) {
                    onQuotes(data);
                } else if ("trade".equals(table) && ("insert".equals(action) || "partial".equals(action))) {
                    onTrades(data, "partial".equals(action));
                }
            } else if (message.has("error")) {
                log.warn("BitMEX feed: the exchange reports {} (status {}, request {})",
                        message.path("error").asString(), message.path("status").asString(),
                        message.path("request"));
            } else if (message.has("success")) {
                log.debug("BitMEX feed: {}", text);
            } else if (message.has("info")) {
                log.debug("BitMEX feed: {}", message.path("info").asString());
            }
        } catch (JacksonException | IllegalArgumentException | ArithmeticException e) {
            log.warn("BitMEX feed: ignoring an unreadable message ({}): {}", e.getMessage(), abbreviate(text));
        }
    }

    /** One tick per market: its newest quote row of the message. */
    private void onQuotes(JsonNode rows) {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String symbol = row.path("symbol").stringValue(null);
            if (symbol != null && active.containsKey(symbol)) {
                newest.put(symbol, row);
            }
        }
        newest.forEach((symbol, row) -> {
            MarketStream stream = active.get(symbol);
            if (stream != null) {
                stream.quote(time(row), price(row.path("bidPrice")), price(row.path("askPrice")));
            }
        });
    }

    /** One tick per market: last price and time of its newest trade row, volume the sum of the rows' sizes. */
    private void onTrades(JsonNode rows, boolean partial) {
        Map<String, TradeBatch> batches = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String symbol = row.path("symbol").stringValue(null);
            if (symbol == null || !active.containsKey(symbol)) {
                continue;
            }
            Long price = price(row.path("price"));
            if (price == null) {
                continue;
            }
            TradeBatch batch = batches.computeIfAbsent(symbol, s -> new TradeBatch());
            batch.time = time(row);
            batch.price = price;
            if (!partial) {
                Long size = price(row.path("size"));
                batch.volume += size == null ? 0 : size;
            }
        }
        batches.forEach((symbol, batch) -> {
            MarketStream stream = active.get(symbol);
            if (stream != null) {
                stream.trade(batch.time, batch.price, batch.volume);
            }
        });
    }

    /** A decimal as fixed point, exactly as sent; null when absent. */
    private static Long price(JsonNode node) {
        if (node.isNumber()) {
            return Prices.of(node.decimalValue());
        }
        if (node.isString()) {
            return Prices.of(new BigDecimal(node.stringValue()));
        }
        return null;
    }

    private static long time(JsonNode row) {
        String timestamp = row.path("timestamp").stringValue(null);
        if (timestamp != null) {
            try {
                return Instant.parse(timestamp).toEpochMilli();
            } catch (DateTimeParseException e) {
                // fall through: stamp it on arrival
            }
        }
        return System.currentTimeMillis();
    }

    private String op(String op, Collection<String> markets) {
        ObjectNode message = json.createObjectNode();
        message.put("op", op);
        ArrayNode args = message.putArray("args");
        for (String market : markets) {
            args.add("trade:" + market);
            args.add("quote:" + market);
        }
        return json.writeValueAsString(message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    // ---------------------------------------------------------------- state

    /** The connection loop from the first active market to the last. */
    private static final class Link {
        /** Set (under the feed's lock) when no market is left or the feed shuts down. */
        volatile boolean stopped;
        /** The open connection, if any; guarded by the feed's lock. */
        Connection connection;
        /** Failed attempts since the last healthy connection; guarded by the feed's lock. */
        int failures;
        Disposable loop;
    }

    /** One WebSocket connection. */
    private static final class Connection {
        final Link link;
        final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
        final long openedAt = System.nanoTime();
        volatile long lastReceived = System.nanoTime();
        /** When the unanswered ping was sent (nanoTime), or 0. */
        volatile long pingSentAt;

        Connection(Link link) {
            this.link = link;
        }

        synchronized void send(String text) {
            outbound.tryEmitNext(text);
        }

        /** Sends what is queued, then closes. */
        synchronized void finish() {
            outbound.tryEmitComplete();
        }
    }

    /** One market's live stream: its latest quote and trade, and where its ticks go. */
    private static final class MarketStream {
        final String market;
        final FluxSink<Tick> sink;
        private long bid;
        private long ask;
        private long last;
        private long volume;
        private boolean hasBid;
        private boolean hasAsk;
        private boolean hasLast;

        MarketStream(String market, FluxSink<Tick> sink) {
            this.market = market;
            this.sink = sink;
        }

        /** A quote; a side sent as null keeps its previous price. */
        void quote(long time, Long bidPrice, Long askPrice) {
            Tick tick;
            synchronized (this) {
                if (bidPrice != null) {
                    bid = bidPrice;
                    hasBid = true;
                }
                if (askPrice != null) {
                    ask = askPrice;
                    hasAsk = true;
                }
                tick = next(time);
            }
            emit(tick);
        }

        void trade(long time, long price, long size) {
            Tick tick;
            synchronized (this) {
                last = price;
                hasLast = true;
                volume += size;
                tick = next(time);
            }
            emit(tick);
        }

        private Tick next(long time) {
            if (!hasBid || !hasAsk || !hasLast) {
                return null;
            }
            Tick tick = new Tick(market, time, bid, ask, last, volume);
            volume = 0;
            return tick;
        }

        private void emit(Tick tick) {
            if (tick != null) {
                sink.next(tick);
            }
        }
    }

    private static final class TradeBatch {
        long time;
        long price;
        long volume;
    }

    /** The exchange or the network ended the connection. */
    static final class ConnectionClosed extends RuntimeException {
        ConnectionClosed(String message) {
            super(message, null, false, false);
        }
    }
}
