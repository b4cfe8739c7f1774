package io.botdeck.run;

import java.util.Map;

import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.replay.Replay;
import io.botdeck.engine.strategy.StrategyContext;
import io.botdeck.engine.strategy.StrategyFactory;
import io.botdeck.engine.strategy.TradingStrategy;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import reactor.core.publisher.Mono;

/** A run that trades: a strategy on a paper broker, stepped by the one {@link Replay} loop. */
abstract class TradingRun extends Run {

    private final Map<String, Object> params;
    private final boolean verbose;
    /** Steps the strategy; guarded by this run's lock (live ticks, the backtest pool and stops all step or close). */
    protected Replay replay;

    TradingRun(Session session, RunControl control, Kit kit, Map<String, Object> params, boolean verbose) {
        super(session, control, kit);
        this.params = params;
        this.verbose = verbose;
    }

    @Override
    protected final void prepare(int firstTradeNo) {
        TradingStrategy strategy = StrategyFactory.create(session.strategy(), params);
        PaperBroker broker = new PaperBroker(legs, journal, PaperBroker.DEFAULT_FEE_RATE, firstTradeNo);
        replay = new Replay(strategy, new StrategyContext(broker, verbose));
    }

    @Override
    protected final String describe() {
        return what() + " | params " + session.strategyParams() + " | rule: " + replay.strategy().describeRule();
    }

    /** "live test on the simulated feed", "backtest of ...". */
    protected abstract String what();

    @Override
    protected Mono<Void> windDown(String reason) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                replay.closeOpenPositions(reason);
            }
        });
    }
}
