package io.botdeck.market.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.botdeck.core.Candle;
import io.botdeck.core.Tick;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SimulatedMarketFeedTest {

    /** 2024-01-22T00:00:00Z. */
    private static final long DAY = 1_705_881_600L;

    private final SimulatedPriceProcess process = new SimulatedPriceProcess();
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final List<Disposable> subscriptions = new ArrayList<>();

    @AfterEach
    void cancelAll() {
        subscriptions.forEach(Disposable::dispose);
        clock.dispose();
    }

    private SimulatedMarketFeed feedAt(long epochMillis, Duration interval) {
        clock.advanceTimeTo(Instant.ofEpochMilli(epochMillis));
        return new SimulatedMarketFeed(process, interval, clock);
    }

    private List<Tick> collect(Flux<Tick> ticks) {
        List<Tick> out = new ArrayList<>();
        subscriptions.add(ticks.subscribe(out::add));
        return out;
    }

    @Test
    void twoSubscribersShareOneStreamOfTicksOnTheIntervalGrid() {
        SimulatedMarketFeed feed = feedAt(DAY * 1000 + 300, Duration.ofSeconds(1));
        List<Tick> first = collect(feed.ticks("XBTUSD"));
        assertThat(feed.runningStreams()).isEqualTo(1);

        clock.advanceTimeBy(Duration.ofSeconds(3));
        assertThat(first).extracting(Tick::timeMillis).containsExactly(DAY * 1000 + 1_000, DAY * 1000 + 2_000, DAY * 1000 + 3_000);

        List<Tick> second = collect(feed.ticks("XBTUSD"));
        clock.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(feed.runningStreams()).as("still one stream for the market").isEqualTo(1);
        assertThat(first).hasSize(5);
        assertThat(second).hasSize(2);
        assertThat(second.get(0)).isSameAs(first.get(3));
        assertThat(second.get(1)).isSameAs(first.get(4));
        for (Tick tick : first) {
            assertThat(tick).isEqualTo(process.tick("XBTUSD", tick.timeMillis()));
        }
    }

    @Test
    void theStreamStopsWithItsLastSubscriberAndRestartsAligned() {
        SimulatedMarketFeed feed = feedAt(DAY * 1000, Duration.ofMillis(250));
        Disposable a = feed.ticks("ETHUSD").subscribe();
        Disposable b = feed.ticks("ETHUSD").subscribe();
        Disposable other = feed.ticks("SOLUSD").subscribe();
        assertThat(feed.runningStreams()).isEqualTo(2);
        clock.advanceTimeBy(Duration.ofSeconds(1));
        a.dispose();
        assertThat(feed.runningStreams()).isEqualTo(2);
        b.dispose();
        assertThat(feed.runningStreams()).isEqualTo(1);
        other.dispose();
        assertThat(feed.runningStreams()).isZero();

        clock.advanceTimeBy(Duration.ofMillis(1_130));
        List<Tick> again = collect(feed.ticks("ETHUSD"));
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(again).extracting(Tick::timeMillis)
                .containsExactly(DAY * 1000 + 2_250, DAY * 1000 + 2_500, DAY * 1000 + 2_750, DAY * 1000 + 3_000);
        assertThat(feed.runningStreams()).isEqualTo(1);
    }

    @Test
    void aSlowSubscriberLosesItsOldestTicksWithoutStallingTheOthers() {
        SimulatedMarketFeed feed = feedAt(DAY * 1000, Duration.ofSeconds(1));
        List<Tick> fast = collect(feed.ticks("XBTUSD"));
        List<Tick> slow = new ArrayList<>();
        BaseSubscriber<Tick> lazy = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            protected void hookOnNext(Tick value) {
                slow.add(value);
            }
        };
        feed.ticks("XBTUSD").subscribe(lazy);
        subscriptions.add(lazy);

        clock.advanceTimeBy(Duration.ofSeconds(1_000));
        assertThat(fast).as("ticks at 0 s .. 1,000 s").hasSize(1_001);
        assertThat(slow).hasSize(1);

        lazy.request(10_000);
        assertThat(slow).hasSize(1 + SimulatedMarketFeed.SUBSCRIBER_BUFFER);
        assertThat(slow.get(slow.size() - 1)).isEqualTo(fast.get(fast.size() - 1));
        clock.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(fast).hasSize(1_006);
        assertThat(slow.get(slow.size() - 1)).isEqualTo(fast.get(fast.size() - 1));
    }

    @Test
    void subscribersOnARealClockSeeTheSameTicks() throws InterruptedException {
        SimulatedMarketFeed feed = new SimulatedMarketFeed(process, Duration.ofMillis(50), Schedulers.parallel());
        // the first subscriber is on the stream for the whole life of the second one, so every
        // tick the second sees must be one the first saw too, whenever the second joined
        List<Tick> first = new CopyOnWriteArrayList<>();
        CountDownLatch firstTick = new CountDownLatch(1);
        Disposable whole = feed.ticks("DOGEUSD").subscribe(tick -> {
            first.add(tick);
            firstTick.countDown();
        });
        subscriptions.add(whole);
        assertThat(firstTick.await(5, TimeUnit.SECONDS)).isTrue();

        List<Tick> second = feed.ticks("DOGEUSD").take(5).collectList().block(Duration.ofSeconds(5));
        whole.dispose();

        assertThat(second).hasSize(5);
        assertThat(first).containsAll(second);
        for (List<Tick> seen : List.of(first, second)) {
            for (int i = 0; i < seen.size(); i++) {
                long t = seen.get(i).timeMillis();
                assertThat(t % 50).as("dated on the interval").isZero();
                assertThat(seen.get(i)).isEqualTo(process.tick("DOGEUSD", t, t - 50));
                if (i > 0) {
                    assertThat(t).isGreaterThan(seen.get(i - 1).timeMillis());
                }
            }
        }
        // the cancel may reach the stream on its emitting thread, a moment after the dispose returns
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (feed.runningStreams() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(feed.runningStreams()).as("stopped after its last subscriber left").isZero();
    }

    @Test
    void historyIsTheProcessesClosedMinuteCandles() {
        long now = DAY * 1000 + 3 * 86_400_000L + 90_500; // 1.5 minutes into the fourth day
        SimulatedMarketFeed feed = feedAt(now, Duration.ofSeconds(1));
        List<Candle> expected = new ArrayList<>();
        process.candles("XBTUSD", DAY + 30, DAY + 3 * 86_400 + 60, 60,
                (t, o, h, l, c, v, n) -> expected.add(new Candle(t, 60, o, h, l, c, v, n)));

        StepVerifier.create(feed.history("XBTUSD", DAY + 30, DAY + 10 * 86_400).collectList())
                .assertNext(candles -> {
                    assertThat(candles).hasSize(3 * 1_440);
                    assertThat(candles).isEqualTo(expected);
                    assertThat(candles.get(0).time()).isEqualTo(DAY + 60);
                    assertThat(candles.get(candles.size() - 1).time()).as("the last closed minute").isEqualTo(DAY + 3 * 86_400);
                })
                .verifyComplete();
        StepVerifier.create(feed.history("XBTUSD", DAY, DAY + 300).map(Candle::time))
                .expectNext(DAY, DAY + 60, DAY + 120, DAY + 180, DAY + 240)
                .verifyComplete();
        StepVerifier.create(feed.history("XBTUSD", DAY + 600, DAY)).expectError(IllegalArgumentException.class).verify();
        StepVerifier.create(feed.ticks(" ")).expectError(IllegalArgumentException.class).verify();
    }

    @Test
    void historySeriesHoldsTheSameCandlesAsHistoryColumnByColumn() {
        long now = DAY * 1000 + 3 * 86_400_000L + 90_500;
        SimulatedMarketFeed feed = feedAt(now, Duration.ofSeconds(1));
        List<Candle> asObjects = feed.history("ETHUSD", DAY + 30, DAY + 10 * 86_400).collectList().block();

        StepVerifier.create(feed.historySeries("ETHUSD", DAY + 30, DAY + 10 * 86_400))
                .assertNext(series -> {
                    assertThat(series.size()).isEqualTo(3 * 1_440);
                    assertThat(series.asList()).isEqualTo(asObjects);
                })
                .verifyComplete();
        StepVerifier.create(feed.historySeries("ETHUSD", DAY + 5 * 86_400, DAY + 6 * 86_400))
                .assertNext(series -> assertThat(series.isEmpty()).as("a range that has not happened yet").isTrue())
                .verifyComplete();
        StepVerifier.create(feed.historySeries("ETHUSD", DAY + 600, DAY)).expectError(IllegalArgumentException.class).verify();
        StepVerifier.create(feed.historySeries("", DAY, DAY + 600)).expectError(IllegalArgumentException.class).verify();
    }

    @Test
    void theDefaultHistorySeriesGathersWhatHistoryGives() {
        long now = DAY * 1000 + 2 * 86_400_000L;
        SimulatedMarketFeed simulated = feedAt(now, Duration.ofSeconds(1));
        MarketFeed onlyHistory = new MarketFeed() {
            @Override
            public Flux<Tick> ticks(String market) {
                return Flux.empty();
            }

            @Override
            public Flux<Candle> history(String market, long fromSec, long toSec) {
                return simulated.history(market, fromSec, toSec);
            }
        };

        StepVerifier.create(onlyHistory.historySeries("SOLUSD", DAY, DAY + 86_400))
                .assertNext(series -> assertThat(series.asList())
                        .isEqualTo(simulated.history("SOLUSD", DAY, DAY + 86_400).collectList().block()))
                .verifyComplete();
    }
}
