package io.botdeck.ops;

import java.time.Duration;

import io.botdeck.market.feed.MarketFeed;
import io.botdeck.market.feed.bitmex.BitmexMarketFeed;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code feed} in the readiness probe: the simulated exchange is always ready; the BitMEX feed is
 * ready while it is connected or has nothing to follow, and not ready once it has been waiting to
 * reconnect for longer than a short blip.
 */
@Component("feed")
class FeedHealthIndicator implements HealthIndicator {

    private static final Duration BLIP = Duration.ofSeconds(30);

    private final MarketFeed feed;
    private volatile long downSince;

    FeedHealthIndicator(MarketFeed feed) {
        this.feed = feed;
    }

    @Override
    public Health health() {
        if (!(feed instanceof BitmexMarketFeed bitmex)) {
            return Health.up().withDetail("source", "simulated").build();
        }
        BitmexMarketFeed.ConnectionState state = bitmex.connectionState();
        Health.Builder health = switch (state) {
            case IDLE, CONNECTED -> {
                downSince = 0;
                yield Health.up();
            }
            case CONNECTING, WAITING_TO_RECONNECT -> {
                long now = System.nanoTime();
                if (downSince == 0) {
                    downSince = now;
                }
                yield now - downSince > BLIP.toNanos() ? Health.down() : Health.up();
            }
        };
        return health.withDetail("source", "bitmex").withDetail("state", state.name().toLowerCase()).build();
    }
}
