package io.botdeck.engine.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.botdeck.core.Candle;
import io.botdeck.core.SessionType;
import io.botdeck.core.Tick;

/**
 * The MarketScraper "strategy": collects market data without trading. Pure state, no clock: the
 * runner feeds it ticks and asks it, with its own notion of now, when to archive.
 * <ul>
 *   <li>{@link #onTick(Tick)} aggregates ticks into 1-minute candles per market, aligned to the
 *   minute ({@code time = floor(tickMillis / 60 000) × 60}, unix seconds, interval 60). The price of a
 *   tick is its last trade price, or the bid/ask mid when it has none ({@code last ≤ 0}); volume is
 *   summed; {@link Candle#trades()} counts the ticks aggregated. A tick of a later minute finishes
 *   the market's open candle. A tick older than the open candle (or of a minute already
 *   finished) is counted as a data point and as {@link #lateTicks() late}, and otherwise dropped.</li>
 *   <li>{@link #closeElapsed(long)} finishes open candles whose minute has ended by {@code now}
 *   (so a quiet market's last candle is not held back until its next tick).</li>
 *   <li>{@link #drainFinished()} hands over finished candles (and forgets them).</li>
 *   <li>{@link #dueForArchive(long)} is true once {@code archiveIntervalSeconds} have passed since the
 *   last {@link #markArchived(long)} (or since the first tick); the runner then closes elapsed
 *   candles, drains, writes, and marks.</li>
 * </ul>
 * Not thread-safe.
 */
public final class MarketScraper {

    public static final String ID = "MarketScraper";

    /**
     * 1 to 86,400 seconds (a day): finished candles wait in memory until the next archive write, so
     * at most 1,440 per market, and a crash loses at most a day. {@code interval × 1000} (milliseconds)
     * fits any long; the interval itself is no stored value.
     */
    public static final StrategyParam ARCHIVE_INTERVAL = StrategyParam.integer("archive_interval", 60, 1, 86_400,
            "Archive interval", "Seconds between two archive writes of the collected candles.");

    public static final StrategyDeclaration DECLARATION = new StrategyDeclaration(ID, "Market Scraper",
            "Collects market data without trading", List.of(SessionType.SCRAPER), List.of("*"), List.of(ARCHIVE_INTERVAL));

    public static final long CANDLE_MILLIS = 60_000;

    private final int archiveIntervalSeconds;
    private final long archiveIntervalMillis;
    private final Map<String, Building> open = new LinkedHashMap<>();
    private List<MarketCandle> finished = new ArrayList<>();
    private long dataPoints;
    private long lateTicks;
    private long candlesFinished;
    private long lastArchiveMillis = Long.MIN_VALUE;

    /** A candle under construction, reused across minutes. */
    private static final class Building {
        long dataPoints;
        long minute;
        long lastFinishedMinute = Long.MIN_VALUE;
        boolean active;
        long open;
        long high;
        long low;
        long close;
        long volume;
        int trades;
    }

    /** @param archiveIntervalSeconds how often finished candles are flushed to the archive, within {@link #ARCHIVE_INTERVAL}'s bounds */
    public MarketScraper(int archiveIntervalSeconds) {
        ARCHIVE_INTERVAL.check(archiveIntervalSeconds);
        this.archiveIntervalSeconds = archiveIntervalSeconds;
        this.archiveIntervalMillis = archiveIntervalSeconds * 1000L;
    }

    public int archiveIntervalSeconds() {
        return archiveIntervalSeconds;
    }

    public String describe() {
        return "Collects ticks into 1-minute candles per market and archives them every "
                + archiveIntervalSeconds + " s; does not trade.";
    }

    public void onTick(Tick tick) {
        Objects.requireNonNull(tick, "tick");
        long price = tick.last() > 0 ? tick.last() : (tick.bid() + tick.ask()) / 2;
        if (price <= 0) {
            throw new IllegalArgumentException("Tick without a price: " + tick);
        }
        dataPoints++;
        if (lastArchiveMillis == Long.MIN_VALUE) {
            lastArchiveMillis = tick.timeMillis();
        }
        long minute = Math.floorDiv(tick.timeMillis(), CANDLE_MILLIS);
        Building candle = open.get(tick.market());
        if (candle == null) {
            candle = new Building();
            open.put(tick.market(), candle);
        }
        candle.dataPoints++;
        if (candle.active && minute > candle.minute) {
            finish(tick.market(), candle);
        }
        if (candle.active ? minute < candle.minute : minute <= candle.lastFinishedMinute) {
            lateTicks++;
            return;
        }
        if (!candle.active) {
            candle.active = true;
            candle.minute = minute;
            candle.open = price;
            candle.high = price;
            candle.low = price;
            candle.volume = 0;
            candle.trades = 0;
        }
        candle.high = Math.max(candle.high, price);
        candle.low = Math.min(candle.low, price);
        candle.close = price;
        candle.volume += tick.volume();
        candle.trades++;
    }

    /** Finishes every open candle whose minute ended at or before {@code nowMillis}. */
    public void closeElapsed(long nowMillis) {
        for (Map.Entry<String, Building> entry : open.entrySet()) {
            Building candle = entry.getValue();
            if (candle.active && (candle.minute + 1) * CANDLE_MILLIS <= nowMillis) {
                finish(entry.getKey(), candle);
            }
        }
    }

    /** Finished candles since the last drain, in the order they finished (time order per market). */
    public List<MarketCandle> drainFinished() {
        List<MarketCandle> out = finished;
        finished = new ArrayList<>();
        return out;
    }

    /** Finishes all open candles, even partial ones (when the session stops), and drains. */
    public List<MarketCandle> flush() {
        for (Map.Entry<String, Building> entry : open.entrySet()) {
            if (entry.getValue().active) {
                finish(entry.getKey(), entry.getValue());
            }
        }
        return drainFinished();
    }

    /** True when the archive interval has passed since the last archive (or the first tick). */
    public boolean dueForArchive(long nowMillis) {
        return lastArchiveMillis != Long.MIN_VALUE && nowMillis - lastArchiveMillis >= archiveIntervalMillis;
    }

    /** Records that the runner archived at {@code nowMillis}; the next archive is due one interval later. */
    public void markArchived(long nowMillis) {
        lastArchiveMillis = nowMillis;
    }

    /** Ticks seen, all markets (late ones included). */
    public long dataPoints() {
        return dataPoints;
    }

    /** Ticks seen for one market. */
    public long dataPoints(String market) {
        Building candle = open.get(market);
        return candle == null ? 0 : candle.dataPoints;
    }

    /** Ticks dropped because their minute was already finished or older than the open candle. */
    public long lateTicks() {
        return lateTicks;
    }

    /** Candles finished since the scraper started (drained or not). */
    public long candlesFinished() {
        return candlesFinished;
    }

    /** Candles currently under construction. */
    public int openCandles() {
        int n = 0;
        for (Building candle : open.values()) {
            if (candle.active) {
                n++;
            }
        }
        return n;
    }

    /** Markets seen so far, in order of first tick. */
    public List<String> markets() {
        return List.copyOf(open.keySet());
    }

    private void finish(String market, Building c) {
        finished.add(new MarketCandle(market,
                new Candle(c.minute * 60, 60, c.open, c.high, c.low, c.close, c.volume, c.trades)));
        candlesFinished++;
        c.active = false;
        c.lastFinishedMinute = c.minute;
    }
}
