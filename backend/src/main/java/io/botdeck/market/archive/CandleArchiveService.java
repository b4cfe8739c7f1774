package io.botdeck.market.archive;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.botdeck.core.Candle;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.market.Market;
import io.botdeck.market.MarketService;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Archived candles of the markets: CSV import and export and listing, for the REST (and any
 * other) adapter. Only single markets have candles; a pair's data are those of its legs.
 */
@Service
public class CandleArchiveService {

    /** Candle length when none is asked for: the archive's 1-minute candles. */
    public static final int DEFAULT_INTERVAL = 60;
    /** Longest candle interval accepted: one week. */
    public static final int MAX_INTERVAL = 7 * 86_400;
    /** Candles in one page when no limit is given, and at most. */
    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 5_000;

    /** {@code source} of rows written by a CSV import. */
    public static final String IMPORT_SOURCE = "import";

    private final CandleArchive archive;
    private final MarketService markets;

    public CandleArchiveService(CandleArchive archive, MarketService markets) {
        this.archive = archive;
        this.markets = markets;
    }

    /** What an import wrote. */
    public record ImportResult(String market, int intervalSec, long imported, long fromSec, long toSec) {
    }

    /**
     * The single market a symbol names (any letter case): a {@link NotFoundException} when there
     * is none, an {@link InvalidInputException} for a pair.
     */
    public Mono<Market> market(String symbol) {
        return markets.list().collectList().flatMap(all -> {
            for (Market m : all) {
                if (m.symbol().equalsIgnoreCase(symbol)) {
                    if (m.kind() == Market.MarketKind.PAIR) {
                        return Mono.error(InvalidInputException.field("market", m.symbol()
                                + " is a pair; candles are archived per single market: " + String.join(", ", m.legs())));
                    }
                    return Mono.just(m);
                }
            }
            return Mono.error(new NotFoundException("unknown market '" + symbol + "'; available: "
                    + all.stream().filter(m -> m.kind() == Market.MarketKind.SINGLE).map(Market::symbol)
                            .collect(Collectors.joining(", "))));
        });
    }

    /** Archived candles with open time in {@code [fromSec, toSec)}, oldest first. */
    public Flux<Candle> range(Market market, int intervalSec, long fromSec, long toSec) {
        return archive.range(market.symbol(), intervalSec, fromSec, toSec);
    }

    /**
     * At most {@code limit} archived candles in {@code [fromSec, toSec)}, oldest first: the first
     * ones of the range when {@code fromFirst}, else its latest ones.
     */
    public Flux<Candle> list(Market market, int intervalSec, long fromSec, long toSec, int limit, boolean fromFirst) {
        return fromFirst
                ? archive.range(market.symbol(), intervalSec, fromSec, toSec, limit)
                : archive.latest(market.symbol(), intervalSec, fromSec, toSec, limit);
    }

    /** How many candles of {@code [fromSec, toSec)} the archive holds, and their first and last open time. */
    public Mono<Coverage> coverage(Market market, int intervalSec, long fromSec, long toSec) {
        return archive.coverage(market.symbol(), intervalSec, fromSec, toSec);
    }

    /**
     * Imports CSV lines ({@link CandleCsv}) into a market: every line is validated before the
     * first row is written, and all rows are written in one transaction, so a bad line writes
     * nothing. Rows already archived at the same open time are replaced.
     */
    public Mono<ImportResult> importCsv(Market market, int intervalSec, Flux<String> lines) {
        return Mono.defer(() -> {
            CandleCsv.Parser parser = new CandleCsv.Parser(intervalSec, CandleCsv.MAX_ROWS);
            return lines
                    .publishOn(Schedulers.parallel()) // parsing a large file is CPU work: off the event loop
                    .doOnNext(parser::accept)
                    .onErrorMap(DataBufferLimitException.class,
                            e -> new InvalidInputException("line " + (parser.lines() + 1) + ": is longer than "
                                    + CandleCsv.MAX_LINE_LENGTH + " characters",
                                    Map.of("line", String.valueOf(parser.lines() + 1))))
                    .then(Mono.fromCallable(parser::finish))
                    .flatMap(rows -> archive.saveAll(market.symbol(), intervalSec, rows.asList(), IMPORT_SOURCE)
                            .map(n -> new ImportResult(market.symbol(), intervalSec, n, rows.time(0),
                                    rows.time(rows.size() - 1) + intervalSec)));
        });
    }

    /** A file name for an export: {@code XBTUSD-60s-1705881600-1705968000.csv}. */
    public static String fileName(Market market, int intervalSec, long fromSec, long toSec) {
        return market.symbol().toUpperCase(Locale.ROOT) + "-" + intervalSec + "s-" + fromSec + "-" + toSec + ".csv";
    }
}
