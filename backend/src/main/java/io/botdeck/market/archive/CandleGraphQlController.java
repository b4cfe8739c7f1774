package io.botdeck.market.archive;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.error.InvalidInputException;
import io.botdeck.web.Decimals;
import io.botdeck.web.QueryParams;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * GraphQL adapter of {@link CandleArchiveService}: the query {@code candles}, the same data as
 * {@code GET /markets/{symbol}/candles} with a summary of the range (count, first, last).
 */
@Controller
public class CandleGraphQlController {

    private final CandleArchiveService candles;

    public CandleGraphQlController(CandleArchiveService candles) {
        this.candles = candles;
    }

    /** {@code CandleList}. */
    public record CandleList(String market, int interval, long total, Instant first, Instant last,
                             List<CandleView> candles) {
    }

    /** {@code Candle}: open time as an instant, prices and volume as exact decimals. */
    public record CandleView(Instant time, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                             BigDecimal volume, int trades) {
        static CandleView of(Candle c) {
            return new CandleView(Instant.ofEpochSecond(c.time()), decimal(c.open()), decimal(c.high()),
                    decimal(c.low()), decimal(c.close()), decimal(c.volume()), c.trades());
        }

        private static BigDecimal decimal(long fixed) {
            return Decimals.plain(Prices.toDecimal(fixed));
        }
    }

    @QueryMapping
    public Mono<CandleList> candles(@Argument String market, @Argument OffsetDateTime from, @Argument OffsetDateTime to,
                                    @Argument Integer limit, @Argument Integer interval) {
        return Mono.defer(() -> {
            int size = QueryParams.size("limit", limit, CandleArchiveService.DEFAULT_LIMIT, 1, CandleArchiveService.MAX_LIMIT);
            int seconds = QueryParams.wholeNumber("interval", interval, CandleArchiveService.DEFAULT_INTERVAL, 1,
                    CandleArchiveService.MAX_INTERVAL);
            Long fromSec = seconds("from", from);
            Long toSec = seconds("to", to);
            if (fromSec != null && toSec != null && toSec <= fromSec) {
                throw InvalidInputException.field("to", "must be after from");
            }
            long start = fromSec == null ? 0 : fromSec;
            long end = toSec == null ? CandleCsv.MAX_TIME + 1 : toSec;
            return candles.market(market).flatMap(m -> Mono.zip(
                    candles.coverage(m, seconds, start, end),
                    candles.list(m, seconds, start, end, size, fromSec != null).map(CandleView::of).collectList(),
                    (coverage, page) -> new CandleList(m.symbol(), seconds, coverage.present(),
                            instant(coverage.first()), instant(coverage.last()), page)));
        });
    }

    /** Whole unix seconds of an instant argument, within the archive's range of times. */
    private static Long seconds(String field, OffsetDateTime time) {
        if (time == null) {
            return null;
        }
        if (time.getNano() != 0) {
            throw InvalidInputException.field(field, "must be whole seconds, not " + time);
        }
        long seconds = time.toEpochSecond();
        if (seconds < 0 || seconds > CandleCsv.MAX_TIME + 1) {
            throw InvalidInputException.field(field, "must be between 1970 and the end of year 9999");
        }
        return seconds;
    }

    private static Instant instant(Long seconds) {
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }
}
