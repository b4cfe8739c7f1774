package io.botdeck.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.botdeck.engine.strategy.StrategyDeclaration;
import io.botdeck.session.Session;
import io.botdeck.strategy.StrategyCatalog;
import io.botdeck.trade.Trade;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A completed backtest's fingerprint: what it ran on and what it produced, so that a re-run can
 * be checked against it.
 * <pre>
 * {"engine": "0.1.0-SNAPSHOT+1a2b3c4", "strategy": "TestBot", "strategy_version": "&lt;16 hex&gt;",
 *  "params_hash": "&lt;64 hex&gt;", "data": [{"market", "source", "from", "to", "candles", "checksum"}],
 *  "trades_hash": "&lt;64 hex&gt;"}
 * </pre>
 * {@code engine}: the build's version and git commit ({@code dev} when the build does not know
 * them); {@code strategy_version}: the first 16 hex digits of the SHA-256 of the strategy's
 * parameter schema in canonical JSON; {@code params_hash}: SHA-256 of the session's parameters in
 * canonical JSON (see {@link CanonicalJson}); {@code data}: per leg, {@code archive} or
 * {@code simulator}, the first candle's time and the range's end (unix seconds), the candles
 * replayed and their checksum ({@link ReplayedCandles}); {@code trades_hash}: SHA-256 over the
 * stored trades in number order, one line each of their canonical fields (see {@link #tradesHash}).
 */
@Component
class Fingerprints {

    private final StrategyCatalog catalog;
    private final JsonMapper json;
    private final String engine;

    Fingerprints(StrategyCatalog catalog, JsonMapper json, ObjectProvider<BuildProperties> build,
                 ObjectProvider<GitProperties> git) {
        this.catalog = catalog;
        this.json = json;
        BuildProperties b = build.getIfAvailable();
        GitProperties g = git.getIfAvailable();
        String version = b == null || b.getVersion() == null ? "dev" : b.getVersion();
        String commit = g == null || g.getShortCommitId() == null || !g.getShortCommitId().matches("[0-9a-f]{7,40}") ? "dev"
                : g.getShortCommitId();
        this.engine = version + "+" + commit;
    }

    /** The build's version and commit, e.g. {@code 0.1.0-SNAPSHOT+1a2b3c4}. */
    String engine() {
        return engine;
    }

    ObjectNode of(Session session, List<ReplayedCandles> legs, long rangeEnd, List<Trade> trades) {
        ObjectNode fp = json.createObjectNode();
        fp.put("engine", engine);
        fp.put("strategy", session.strategy());
        fp.put("strategy_version", strategyVersion(session.strategy()));
        fp.put("params_hash", CanonicalJson.sha256(CanonicalJson.of(session.strategyParams())));
        ArrayNode data = fp.putArray("data");
        for (ReplayedCandles leg : legs) {
            ObjectNode d = data.addObject();
            d.put("market", leg.market());
            d.put("source", leg.source());
            d.put("from", leg.first(session.rangeStart()));
            d.put("to", rangeEnd);
            d.put("candles", leg.count());
            d.put("checksum", leg.checksum());
        }
        fp.put("trades_hash", tradesHash(trades));
        return fp;
    }

    /** First 16 hex digits of the SHA-256 of the strategy's parameter schema in canonical JSON. */
    String strategyVersion(String strategyId) {
        StrategyDeclaration declaration = catalog.declarations().stream().filter(d -> d.id().equals(strategyId)).findFirst()
                .orElse(null);
        if (declaration == null) {
            return "unknown";
        }
        return CanonicalJson.sha256(CanonicalJson.of(catalog.paramSchema(declaration))).substring(0, 16);
    }

    /**
     * SHA-256 over the trades in number order, one line per trade: its place in that order, its
     * group as an offset from its own number (0, or -1 for a pair's second leg), market, side,
     * size, entry and exit price, entry and exit time (unix milliseconds), PnL, fees and exit
     * reason, decimals canonical, fields separated by {@code |}. Positions rather than the numbers
     * themselves: a run numbers its trades after any its session used before, and a re-run of
     * the same backtest must hash the same.
     */
    static String tradesHash(List<Trade> trades) {
        List<Trade> ordered = new ArrayList<>(trades);
        ordered.sort(Comparator.comparingInt(Trade::tradeNo));
        MessageDigest digest = CanonicalJson.digest();
        StringBuilder line = new StringBuilder(160);
        int position = 0;
        for (Trade t : ordered) {
            line.setLength(0);
            line.append(++position).append('|').append(t.groupNo() - t.tradeNo()).append('|').append(t.market()).append('|')
                    .append(t.side().name()).append('|').append(CanonicalJson.decimal(t.size())).append('|')
                    .append(CanonicalJson.decimal(t.entryPrice())).append('|')
                    .append(t.exitPrice() == null ? "" : CanonicalJson.decimal(t.exitPrice())).append('|')
                    .append(millis(t.entryTime())).append('|').append(millis(t.exitTime())).append('|')
                    .append(t.pnl() == null ? "" : CanonicalJson.decimal(t.pnl())).append('|')
                    .append(t.fees() == null ? "" : CanonicalJson.decimal(t.fees())).append('|')
                    .append(t.exitReason() == null ? "" : t.exitReason()).append('\n');
            digest.update(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String millis(Instant t) {
        return t == null ? "" : Long.toString(t.toEpochMilli());
    }
}
