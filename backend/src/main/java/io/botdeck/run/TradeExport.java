package io.botdeck.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeJson;
import io.botdeck.trade.TradeService;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session's trades as a JSON file ({@code trades_file}), written when a run ends:
 * {@code <data-dir>/trades/trades_<session id>.json}, oldest entry first, replaced atomically.
 */
@Component
class TradeExport {

    private final TradeService trades;
    private final JsonMapper json;
    private final Path dir;

    TradeExport(TradeService trades, JsonMapper json, BotdeckProperties properties) {
        this.trades = trades;
        this.json = json;
        this.dir = properties.dataDir().resolve("trades").toAbsolutePath().normalize();
    }

    Path pathOf(String sessionId) {
        return dir.resolve("trades_" + sessionId + ".json");
    }

    /**
     * Writes the export and answers its path.
     *
     * @param known the session's trades oldest entry first when the run holds them all (a backtest);
     *              null to read them from the database (a live run's earlier runs are only there)
     */
    Mono<Path> write(String sessionId, List<Trade> known) {
        Mono<List<Trade>> oldestFirst = known != null ? Mono.just(known) : trades.allOldestFirst(sessionId).collectList();
        Path file = pathOf(sessionId);
        return oldestFirst.flatMap(list -> Mono.fromCallable(() -> {
            Files.createDirectories(dir);
            List<Map<String, Object>> rows = new ArrayList<>(list.size());
            for (Trade t : list) {
                rows.add(TradeJson.exportRow(t));
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), rows);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    /** Removes a deleted session's export. */
    void delete(String sessionId) {
        try {
            Files.deleteIfExists(pathOf(sessionId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
