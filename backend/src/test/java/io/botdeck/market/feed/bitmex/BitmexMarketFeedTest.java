package io.botdeck.market.feed.bitmex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Tick;
import io.botdeck.market.feed.bitmex.BitmexMarketFeed.ConnectionState;
import io.botdeck.market.feed.bitmex.BitmexMarketFeed.Timing;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The BitMEX adapter against {@link FakeBitmexServer} on loopback. */
class BitmexMarketFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Quick reconnection; keep-alive slow enough not to interfere unless a test shortens it. */
    private static final Timing FAST = new Timing(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    /** Time stamp of the inserts the tests send (the partials carry earlier ones). */
    private static final long T = Instant.parse("2024-01-22T15:00:00Z").toEpochMilli();

    private FakeBitmexServer server;
    private BitmexMarketFeed feed;
    private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        server = new FakeBitmexServer();
        server.prime("XBTUSD", "89448", "89452", "89450");
        server.prime("ETHUSD", "3001.15", "3001.2", "3001.15");
    }

    @AfterEach
    void stop() {
        subscriptions.forEach(Disposable::dispose);
        if (feed != null) {
            feed.destroy();
        }
        server.close();
    }

    private BitmexMarketFeed feed(Timing timing) {
        feed = new BitmexMarketFeed(server.uri(), timing);
        return feed;
    }

    private List<Tick> collect(String market) {
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        subscriptions.add(feed.ticks(market).subscribe(ticks::add));
        return ticks;
    }

    private static Tick tick(String market, long time, String bid, String ask, String last, String volume) {
        return new Tick(market, time, Prices.of(bid), Prices.of(ask), Prices.of(last), Prices.of(volume));
    }

    /** Polls until the condition holds; fails after {@link #WAIT}. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    @Test
    void ticksCarryTheQuoteAndTradesAsExactFixedPointPrices() {
        feed(FAST);
        StepVerifier.create(feed.ticks("XBTUSD"))
                // the partials: the quote, then the last trade, which carries no volume
                .assertNext(t -> {
                    assertThat(t.market()).isEqualTo("XBTUSD");
                    assertThat(t.bid()).isEqualTo(8_944_800_000_000L);
                    assertThat(t.ask()).isEqualTo(Prices.of("89452"));
                    assertThat(t.last()).isEqualTo(Prices.of("89450"));
                    assertThat(t.volume()).isZero();
                    assertThat(feed.connectionState()).isEqualTo(ConnectionState.CONNECTED);
                })
                .then(() -> server.trades(T + 1, "XBTUSD", "89450.5", "100", "89451", "50"))
                .assertNext(t -> assertThat(t).isEqualTo(tick("XBTUSD", T + 1, "89448", "89452", "89451", "150")))
                .then(() -> server.quote(T + 2, "XBTUSD", "89449.5", "89450.5"))
                .assertNext(t -> assertThat(t).isEqualTo(tick("XBTUSD", T + 2, "89449.5", "89450.5", "89451", "0")))
                .then(() -> server.trades(T + 3, "XBTUSD", "89450", "7"))
                .assertNext(t -> assertThat(t).isEqualTo(tick("XBTUSD", T + 3, "89449.5", "89450.5", "89450", "7")))
                .thenCancel()
                .verify(WAIT);
        assertThat(server.subscribes()).containsExactly("trade:XBTUSD", "quote:XBTUSD");
    }

    @Test
    void smallPricesAreParsedExactly() {
        server.prime("DOGEUSD", "0.17512345", "0.17512346", "0.1751234");
        feed(FAST);
        StepVerifier.create(feed.ticks("DOGEUSD"))
                .assertNext(t -> {
                    assertThat(t.bid()).isEqualTo(17_512_345L);
                    assertThat(t.ask()).isEqualTo(17_512_346L);
                    assertThat(t.last()).isEqualTo(17_512_340L);
                })
                .then(() -> server.trades(T, "DOGEUSD", "0.17512346", "0.3"))
                .assertNext(t -> assertThat(t)
                        .isEqualTo(new Tick("DOGEUSD", T, 17_512_345L, 17_512_346L, 17_512_346L, 30_000_000L)))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void subscribersOfAMarketShareOneUpstreamSubscriptionAndMarketsShareOneConnection() {
        feed(FAST);
        List<Tick> first = collect("XBTUSD");
        List<Tick> second = collect("XBTUSD");
        await("the subscription", () -> server.subscribes().contains("quote:XBTUSD"));

        server.trades(T, "XBTUSD", "89455", "42");
        Tick expected = tick("XBTUSD", T, "89448", "89452", "89455", "42");
        await("both subscribers' ticks", () -> first.contains(expected) && second.contains(expected));

        List<Tick> eth = collect("ETHUSD");
        await("the second market's tick", () -> !eth.isEmpty());
        assertThat(eth.get(0).last()).isEqualTo(Prices.of("3001.15"));
        assertThat(server.subscribes()).containsExactly("trade:XBTUSD", "quote:XBTUSD", "trade:ETHUSD", "quote:ETHUSD");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(feed.connectionsOpened()).isEqualTo(1);
        assertThat(feed.activeMarkets()).containsExactlyInAnyOrder("XBTUSD", "ETHUSD");
        assertThat(first).allMatch(t -> t.market().equals("XBTUSD"));
    }

    @Test
    void theLastSubscriberLeavingUnsubscribesAndTheLastMarketClosesTheConnection() {
        feed(FAST);
        Disposable a = feed.ticks("XBTUSD").subscribe();
        Disposable b = feed.ticks("XBTUSD").subscribe();
        subscriptions.add(a);
        subscriptions.add(b);
        await("the subscription", () -> server.subscribeCount("quote:XBTUSD") == 1);

        a.dispose();
        // a fence: messages on the connection arrive in order, so had a's leaving unsubscribed,
        // the server would have seen it before this subscription
        subscriptions.add(feed.ticks("ETHUSD").subscribe());
        await("the second market", () -> server.subscribeCount("quote:ETHUSD") == 1);
        assertThat(server.unsubscribes()).isEmpty();

        b.dispose();
        await("the unsubscription", () -> server.unsubscribes().size() == 2);
        assertThat(server.unsubscribes()).containsExactly("trade:XBTUSD", "quote:XBTUSD");
        assertThat(feed.activeMarkets()).containsExactly("ETHUSD");
        assertThat(server.openConnections()).isEqualTo(1);

        subscriptions.forEach(Disposable::dispose);
        await("the connection to close", () -> server.openConnections() == 0);
        assertThat(server.unsubscribes()).containsExactly("trade:XBTUSD", "quote:XBTUSD", "trade:ETHUSD", "quote:ETHUSD");
        assertThat(feed.connectionState()).isEqualTo(ConnectionState.IDLE);
        assertThat(server.connections()).isEqualTo(1);

        // a new subscriber starts over
        StepVerifier.create(feed.ticks("XBTUSD").take(1))
                .assertNext(t -> assertThat(t.last()).isEqualTo(Prices.of("89450")))
                .expectComplete()
                .verify(WAIT);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aSilentConnectionIsKeptAliveWithPingAndPong() {
        feed(new Timing(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(400),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2)));
        collect("XBTUSD");
        await("three pings", () -> server.pings() >= 3);
        await("the pongs", () -> feed.pongsReceived() >= 2);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(feed.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aConnectionThatStopsAnsweringPingsIsReplaced() {
        server.answerPings(false);
        feed(new Timing(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(400),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2)));
        List<Tick> ticks = collect("XBTUSD");
        await("a reconnection", () -> server.connections() >= 2);
        server.answerPings(true);
        await("the resubscription", () -> server.subscribeCount("quote:XBTUSD") >= 2);
        await("ticks", () -> !ticks.isEmpty());
    }

    @Test
    void aDroppedConnectionIsReestablishedWithItsSubscriptionsAndTicksResume() {
        feed(FAST);
        StepVerifier.create(feed.ticks("XBTUSD"))
                .assertNext(t -> assertThat(t.last()).isEqualTo(Prices.of("89450")))
                .then(server::dropConnections)
                // after the resubscription, the partials again
                .assertNext(t -> {
                    assertThat(server.connections()).isEqualTo(2);
                    assertThat(t.volume()).isZero();
                })
                .then(() -> server.trades(T, "XBTUSD", "89460.5", "25"))
                .thenConsumeWhile(t -> t.volume() == 0)
                .assertNext(t -> assertThat(t).isEqualTo(tick("XBTUSD", T, "89448", "89452", "89460.5", "25")))
                .thenCancel()
                .verify(WAIT);
        assertThat(server.subscribes()).containsExactly("trade:XBTUSD", "quote:XBTUSD", "trade:XBTUSD", "quote:XBTUSD");
        assertThat(feed.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void anUnreachableExchangeIsRetriedWithoutFailingSubscribers() {
        int port = server.port();
        server.close();
        feed = new BitmexMarketFeed(java.net.URI.create("ws://127.0.0.1:" + port + "/realtime"), FAST);
        AtomicReference<Throwable> error = new AtomicReference<>();
        subscriptions.add(feed.ticks("XBTUSD").subscribe(t -> { }, error::set));
        await("a failed attempt", () -> feed.connectionState() == ConnectionState.WAITING_TO_RECONNECT);
        assertThat(error.get()).isNull();
        assertThat(feed.connectionsOpened()).isZero();
        server = new FakeBitmexServer(); // for stop()
    }

    @Test
    void backoffDoublesUpToItsLimit() {
        Duration min = Duration.ofMillis(500);
        Duration max = Duration.ofSeconds(30);
        assertThat(BitmexMarketFeed.backoff(0, min, max)).isEqualTo(Duration.ofMillis(500));
        assertThat(BitmexMarketFeed.backoff(1, min, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BitmexMarketFeed.backoff(5, min, max)).isEqualTo(Duration.ofSeconds(16));
        assertThat(BitmexMarketFeed.backoff(6, min, max)).isEqualTo(max);
        assertThat(BitmexMarketFeed.backoff(100, min, max)).isEqualTo(max);
    }

    @Test
    void historyIsTheSimulatedExchangesHistory() {
        feed(FAST);
        long from = 1_705_881_600L;
        SimulatedPriceProcess process = new SimulatedPriceProcess();
        List<Candle> candles = feed.history("XBTUSD", from, from + 3_600).collectList().block(WAIT);
        assertThat(candles).hasSize(60);
        assertThat(candles.get(0)).isEqualTo(process.candle("XBTUSD", from, 60));
        assertThat(candles.get(59)).isEqualTo(process.candle("XBTUSD", from + 59 * 60, 60));
        assertThat(server.connections()).isZero();
    }

    @Test
    void invalidMarketsAreRejected() {
        feed(FAST);
        StepVerifier.create(feed.ticks("")).expectError(IllegalArgumentException.class).verify(WAIT);
        StepVerifier.create(feed.ticks("XBT\"USD")).expectError(IllegalArgumentException.class).verify(WAIT);
        assertThat(server.connections()).isZero();
    }
}
