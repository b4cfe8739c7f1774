package io.botdeck.engine.broker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.botdeck.core.Prices;
import io.botdeck.core.Side;

/**
 * Simulated execution for paper tests and backtests: fills at the price it is given, holds at most
 * one position per market (leg), numbers trades and computes their PnL.
 * <p>
 * Money: PnL and fees are computed exactly in {@link BigDecimal} when a position closes (trades
 * are rare). Queries used on every step ({@link #isFlat}, {@link #side}, {@link #entryPrice}) are
 * array reads and allocate nothing.
 * <p>
 * Fees: a taker fee of {@code feeRate} (default {@value #DEFAULT_FEE_RATE_TEXT}, i.e. 0.05%) of the
 * notional {@code size × price × contractSize}, charged on entry and on exit, each rounded HALF_EVEN
 * to 8 decimals. {@link ClosedTrade#pnl()} = gross PnL − entry fee − exit fee.
 * <p>
 * Numbering: trade numbers run 1, 2, 3 … per session; pass {@code startingTradeNo} (the last
 * stored trade number + 1) when a session restarts so numbering continues. Both legs of a pair
 * trade share a group number, which is the trade number of the group's first leg.
 * <p>
 * Not thread-safe: one broker per session, driven by one thread at a time.
 */
public final class PaperBroker {

    static final String DEFAULT_FEE_RATE_TEXT = "0.0005";
    /** 0.05% taker fee. */
    public static final BigDecimal DEFAULT_FEE_RATE = new BigDecimal(DEFAULT_FEE_RATE_TEXT);

    private final MarketSpec[] markets;
    private final EngineListener listener;
    private final BigDecimal feeRate;
    /** {@code contractSize × feeRate} per leg: the fee per unit of {@code size × price}. */
    private final BigDecimal[] feePerUnit;
    private final Held[] positions;
    private int nextTradeNo;

    /** A held position: the trade as announced, its entry in fixed point and the fee paid on entry. */
    private record Held(OpenTrade trade, long entryFixed, BigDecimal entryFee) {
    }

    /** A broker with the default fee rate whose first trade is number 1. */
    public PaperBroker(List<MarketSpec> markets, EngineListener listener) {
        this(markets, listener, DEFAULT_FEE_RATE, 1);
    }

    /**
     * @param markets         the legs, in the order the strategy receives their candles
     * @param feeRate         fraction of notional charged per fill (0 allowed), e.g. 0.0005
     * @param startingTradeNo number given to the first trade of this run (≥ 1)
     */
    public PaperBroker(List<MarketSpec> markets, EngineListener listener, BigDecimal feeRate, int startingTradeNo) {
        Objects.requireNonNull(markets, "markets");
        if (markets.isEmpty()) {
            throw new IllegalArgumentException("A broker needs at least one market");
        }
        this.markets = markets.toArray(new MarketSpec[0]);
        for (int i = 0; i < this.markets.length; i++) {
            Objects.requireNonNull(this.markets[i], "market " + i);
            for (int j = 0; j < i; j++) {
                if (this.markets[j].symbol().equals(this.markets[i].symbol())) {
                    throw new IllegalArgumentException("Duplicate market: " + this.markets[i].symbol());
                }
            }
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.feeRate = Objects.requireNonNull(feeRate, "feeRate");
        if (feeRate.signum() < 0) {
            throw new IllegalArgumentException("feeRate must not be negative: " + feeRate);
        }
        if (startingTradeNo < 1) {
            throw new IllegalArgumentException("startingTradeNo must be ≥ 1: " + startingTradeNo);
        }
        this.feePerUnit = new BigDecimal[this.markets.length];
        for (int i = 0; i < this.markets.length; i++) {
            feePerUnit[i] = this.markets[i].contractSize().multiply(feeRate);
        }
        this.positions = new Held[this.markets.length];
        this.nextTradeNo = startingTradeNo;
    }

    public EngineListener listener() {
        return listener;
    }

    public BigDecimal feeRate() {
        return feeRate;
    }

    /** Number of markets (legs). */
    public int legs() {
        return markets.length;
    }

    public MarketSpec market(int leg) {
        return markets[leg];
    }

    /** The leg index of a market, or -1. */
    public int legOf(String market) {
        for (int i = 0; i < markets.length; i++) {
            if (markets[i].symbol().equals(market)) {
                return i;
            }
        }
        return -1;
    }

    /** The number the next opened trade will get. */
    public int nextTradeNo() {
        return nextTradeNo;
    }

    public boolean isFlat(int leg) {
        return positions[leg] == null;
    }

    /** Side of the open position of a leg, or null when flat. */
    public Side side(int leg) {
        Held held = positions[leg];
        return held == null ? null : held.trade.side();
    }

    /** Contracts held on a leg, 0 when flat. */
    public long size(int leg) {
        Held held = positions[leg];
        return held == null ? 0 : held.trade.size();
    }

    /** Fixed-point entry price ({@link Prices}) of a leg's position, 0 when flat. */
    public long entryPrice(int leg) {
        Held held = positions[leg];
        return held == null ? 0 : held.entryFixed;
    }

    /** The open position of a leg, or null when flat. */
    public OpenTrade position(int leg) {
        Held held = positions[leg];
        return held == null ? null : held.trade;
    }

    /** The open position in a market, or null when flat or not traded here. */
    public OpenTrade position(String market) {
        int leg = legOf(market);
        return leg < 0 ? null : position(leg);
    }

    /** All open positions, in leg order. */
    public List<OpenTrade> openPositions() {
        List<OpenTrade> open = new ArrayList<>(positions.length);
        for (Held held : positions) {
            if (held != null) {
                open.add(held.trade);
            }
        }
        return open;
    }

    /** The fee of one fill: {@code feeRate × size × price × contractSize}, HALF_EVEN to 8 decimals. */
    public BigDecimal fee(int leg, long size, BigDecimal price) {
        return markets[leg].notional(size, price).multiply(feeRate).setScale(Prices.DIGITS, RoundingMode.HALF_EVEN);
    }

    /** {@link #fee} for a fixed-point price, with one multiplication when {@code size × price} fits a long. */
    private BigDecimal fee(int leg, long size, long priceFixed) {
        long units = size * priceFixed;
        if (Math.multiplyHigh(size, priceFixed) != (units >> 63)) {
            return fee(leg, size, Prices.toDecimal(priceFixed));
        }
        return BigDecimal.valueOf(units, Prices.DIGITS).multiply(feePerUnit[leg])
                .setScale(Prices.DIGITS, RoundingMode.HALF_EVEN);
    }

    /** Opens a position in its own group (single-market trade, or the first leg of a pair). */
    public OpenTrade open(int leg, Side side, long size, long price, long timeMillis) {
        return open(leg, side, size, price, timeMillis, 0);
    }

    /**
     * Opens a position that joins the group {@code groupNo} (the trade number of the group's first
     * leg, see {@link OpenTrade#groupNo()}); {@code groupNo == 0} starts a new group.
     *
     * @param price fixed-point fill price ({@link Prices})
     * @throws IllegalStateException    if the leg already holds a position
     * @throws IllegalArgumentException for a non-positive size or price, or a negative group
     */
    public OpenTrade open(int leg, Side side, long size, long price, long timeMillis, int groupNo) {
        Objects.requireNonNull(side, "side");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        if (price <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        if (groupNo < 0) {
            throw new IllegalArgumentException("groupNo must not be negative: " + groupNo);
        }
        if (positions[leg] != null) {
            throw new IllegalStateException("Already holding " + positions[leg].trade.side() + " "
                    + markets[leg].symbol() + " (trade " + positions[leg].trade.tradeNo() + ")");
        }
        int tradeNo = nextTradeNo++;
        BigDecimal entry = Prices.toDecimal(price);
        OpenTrade trade = new OpenTrade(tradeNo, groupNo == 0 ? tradeNo : groupNo, markets[leg].symbol(), side, size,
                entry, timeMillis);
        positions[leg] = new Held(trade, price, fee(leg, size, price));
        listener.tradeOpened(trade);
        return trade;
    }

    /**
     * Closes the position of a leg at a fill price and reports it.
     *
     * @param price fixed-point fill price ({@link Prices})
     * @throws IllegalStateException if the leg is flat
     */
    public ClosedTrade close(int leg, long price, long timeMillis, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (price <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        Held held = positions[leg];
        if (held == null) {
            throw new IllegalStateException("No open position in " + markets[leg].symbol());
        }
        OpenTrade open = held.trade;
        BigDecimal exit = Prices.toDecimal(price);
        BigDecimal fees = held.entryFee.add(fee(leg, open.size(), price));
        BigDecimal pnl = markets[leg].grossPnl(open.side(), open.size(), held.entryFixed, price).subtract(fees);
        ClosedTrade closed = new ClosedTrade(open.tradeNo(), open.groupNo(), open.market(), open.side(), open.size(),
                open.entryPrice(), exit, open.entryTimeMillis(), timeMillis, pnl, fees, reason);
        positions[leg] = null;
        listener.tradeClosed(closed);
        return closed;
    }

    /**
     * Re-establishes a position that was open when a session stopped (for a restart), without
     * telling the listener. The entry fee is recomputed at the current fee rate. Trade numbering
     * is moved past the restored trade if needed.
     */
    public void restore(OpenTrade trade) {
        Objects.requireNonNull(trade, "trade");
        int leg = legOf(trade.market());
        if (leg < 0) {
            throw new IllegalArgumentException("Market not traded by this broker: " + trade.market());
        }
        if (positions[leg] != null) {
            throw new IllegalStateException("Already holding a position in " + trade.market());
        }
        long entryFixed = Prices.of(trade.entryPrice());
        BigDecimal entry = Prices.toDecimal(entryFixed);
        OpenTrade normalised = new OpenTrade(trade.tradeNo(), trade.groupNo(), trade.market(), trade.side(),
                trade.size(), entry, trade.entryTimeMillis());
        positions[leg] = new Held(normalised, entryFixed, fee(leg, trade.size(), entry));
        nextTradeNo = Math.max(nextTradeNo, trade.tradeNo() + 1);
    }
}
