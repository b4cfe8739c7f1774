package io.botdeck.run;

import java.util.Map;

import io.botdeck.core.Tick;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A live test: follows the feed tick by tick (a pair's legs zipped), one step per tick. */
final class LiveRun extends TradingRun {

    private final MarketFeed feed;

    LiveRun(Session session, RunControl control, Kit kit, Map<String, Object> params, MarketFeed feed) {
        super(session, control, kit, params, true);
        this.feed = feed;
    }

    @Override
    protected String what() {
        return "live test on the " + feed.name() + " feed";
    }

    @Override
    protected void begin() {
        Flux<Tick[]> ticks = legs.size() == 1
                ? feed.ticks(legs.get(0).symbol()).map(t -> new Tick[] {t})
                : Flux.zip(feed.ticks(legs.get(0).symbol()), feed.ticks(legs.get(1).symbol()), (a, b) -> new Tick[] {a, b});
        keep(ticks.publishOn(Schedulers.parallel(), 256).subscribe(this::onTicks, this::fail));
    }

    private synchronized void onTicks(Tick[] ticks) {
        if (!cancelled) {
            replay.step(ticks);
        }
    }
}
