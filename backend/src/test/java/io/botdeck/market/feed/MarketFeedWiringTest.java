package io.botdeck.market.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/** The application runs the simulated feed by default, ticking on {@code botdeck.feed.tick-interval}. */
class MarketFeedWiringTest extends IntegrationTest {

    @Autowired
    MarketFeed feed;

    @Test
    void theSimulatedFeedIsTheDefaultAndTicksOnItsInterval() {
        assertThat(feed).isInstanceOf(SimulatedMarketFeed.class);
        SimulatedMarketFeed simulated = (SimulatedMarketFeed) feed;
        long step = simulated.tickInterval().toMillis();
        StepVerifier.create(feed.ticks("XBTUSD").take(2))
                .assertNext(tick -> assertThat(tick.timeMillis() % step).isZero())
                .assertNext(tick -> assertThat(tick)
                        .isEqualTo(simulated.process().tick("XBTUSD", tick.timeMillis(), tick.timeMillis() - step)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(feed.history("XBTUSD", 1_705_881_600L, 1_705_881_600L + 3_600).count())
                .expectNext(60L)
                .verifyComplete();
    }
}
