package io.botdeck.engine.broker;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.botdeck.core.Prices;
import io.botdeck.core.Side;

/**
 * A tradable market and the size of one contract in units of the underlying.
 * <p>
 * PnL of a position, in USD: {@code side.sign() × size (contracts) × (exit − entry) × contractSize}.
 * Notional (what fees are charged on): {@code size × price × contractSize}.
 *
 * @param symbol       the market, e.g. {@code XBTUSD}
 * @param contractSize units of the underlying per contract (XBTUSD 0.01 means one contract is 0.01 BTC)
 */
public record MarketSpec(String symbol, BigDecimal contractSize) {

    private static final Map<String, BigDecimal> DEFAULT_CONTRACT_SIZES = Map.of(
            "XBTUSD", new BigDecimal("0.01"),
            "ETHUSD", new BigDecimal("0.1"),
            "SOLUSD", BigDecimal.ONE,
            "XRPUSD", new BigDecimal("100"),
            "DOGEUSD", new BigDecimal("1000"));

    public MarketSpec {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(contractSize, "contractSize");
        if (symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (contractSize.signum() <= 0) {
            throw new IllegalArgumentException("contractSize must be positive: " + contractSize);
        }
    }

    /**
     * The market with its default contract size: XBTUSD 0.01, ETHUSD 0.1, SOLUSD 1, XRPUSD 100,
     * DOGEUSD 1000; any other symbol 1.
     */
    public static MarketSpec of(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        String key = symbol.trim().toUpperCase(Locale.ROOT);
        return new MarketSpec(key, DEFAULT_CONTRACT_SIZES.getOrDefault(key, BigDecimal.ONE));
    }

    /** The legs of a session market: {@code "XBTUSD"} → one leg, {@code "XBTUSD+ETHUSD"} → two legs. */
    public static List<MarketSpec> legsOf(String market) {
        Objects.requireNonNull(market, "market");
        List<MarketSpec> legs = new ArrayList<>();
        for (String part : market.split("\\+", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("Malformed market: '" + market + "'");
            }
            legs.add(of(part));
        }
        return List.copyOf(legs);
    }

    /** Contract size as a double, for sizing ratios only (never for money). */
    public double contractSizeAsDouble() {
        return contractSize.doubleValue();
    }

    /** {@code size × price × contractSize}, exact. */
    public BigDecimal notional(long size, BigDecimal price) {
        return BigDecimal.valueOf(size).multiply(price).multiply(contractSize);
    }

    /**
     * Gross PnL of a position (before fees), rounded HALF_EVEN to 8 decimals (the money scale of
     * the trades table). Exact whenever the result has at most 8 decimals, which holds for every
     * listed market at its real tick size.
     */
    public BigDecimal grossPnl(Side side, long size, long entryFixed, long exitFixed) {
        long move = Math.subtractExact(exitFixed, entryFixed);
        BigDecimal signedMove;
        long signedSize = side.sign() * size;
        long product = move * signedSize;
        if (Math.multiplyHigh(move, signedSize) == (product >> 63)) {
            signedMove = BigDecimal.valueOf(product, Prices.DIGITS);   // fits a long: the common case
        } else {
            signedMove = BigDecimal.valueOf(move, Prices.DIGITS).multiply(BigDecimal.valueOf(signedSize));
        }
        return signedMove.multiply(contractSize).setScale(Prices.DIGITS, RoundingMode.HALF_EVEN);
    }
}
