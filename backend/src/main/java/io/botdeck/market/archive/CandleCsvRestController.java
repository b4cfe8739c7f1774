package io.botdeck.market.archive;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.error.InvalidInputException;
import io.botdeck.web.Decimals;
import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The candle archive over REST: CSV export and import ({@link CandleCsv}) and a JSON listing for
 * the dashboard's "View Data". A thin adapter over {@link CandleArchiveService}.
 */
@RestController
@Tag(name = "Market data")
public class CandleCsvRestController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    /** Lines per chunk of a CSV response. */
    private static final int LINES_PER_CHUNK = 500;

    private final CandleArchiveService candles;

    public CandleCsvRestController(CandleArchiveService candles) {
        this.candles = candles;
    }

    /** One candle in JSON: time in unix seconds, prices and volume as exact decimals. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CandleView(long time, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
                             BigDecimal volume, int trades) {
        static CandleView of(Candle c) {
            return new CandleView(c.time(), decimal(c.open()), decimal(c.high()), decimal(c.low()), decimal(c.close()),
                    decimal(c.volume()), c.trades());
        }

        private static BigDecimal decimal(long fixed) {
            return Decimals.plain(Prices.toDecimal(fixed));
        }
    }

    /** {@code from} and {@code to} echo the request (null when not given). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CandleListResponse(boolean success, String market, int interval, Long from, Long to, int count,
                                     List<CandleView> candles) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImportResponse(boolean success, long imported, String market, int interval, long from, long to) {
    }

    @GetMapping(path = "/markets/{symbol}/candles", produces = "application/json")
    @Operation(summary = "Archived candles of a market as JSON, oldest first: the first `limit` from `from`, "
            + "or without `from` the latest `limit` before `to`")
    public Mono<CandleListResponse> list(
            @PathVariable String symbol,
            @Parameter(description = "unix seconds, inclusive") @RequestParam(required = false) String from,
            @Parameter(description = "unix seconds, exclusive") @RequestParam(required = false) String to,
            @Parameter(description = "most candles to return, default 500, at most 5000")
            @RequestParam(required = false) String limit,
            @Parameter(description = "candle length in seconds, default 60") @RequestParam(required = false) String interval) {
        return Mono.defer(() -> {
            Range range = Range.of(from, to);
            int size = QueryParams.size("limit", limit, CandleArchiveService.DEFAULT_LIMIT, 1, CandleArchiveService.MAX_LIMIT);
            int seconds = interval(interval);
            return candles.market(symbol).flatMap(market -> candles
                    .list(market, seconds, range.from(), range.to(), size, from != null && !from.isBlank())
                    .map(CandleView::of)
                    .collectList()
                    .map(list -> new CandleListResponse(true, market.symbol(), seconds, range.givenFrom(),
                            range.givenTo(), list.size(), list)));
        });
    }

    @GetMapping(path = "/markets/{symbol}/candles.csv")
    @Operation(summary = "Export archived candles as CSV (time,open,high,low,close,volume,trades), oldest first")
    public Mono<ResponseEntity<Flux<String>>> exportCsv(
            @PathVariable String symbol,
            @Parameter(description = "unix seconds, inclusive; default: the beginning") @RequestParam(required = false) String from,
            @Parameter(description = "unix seconds, exclusive; default: the end") @RequestParam(required = false) String to,
            @Parameter(description = "candle length in seconds, default 60") @RequestParam(required = false) String interval) {
        return Mono.defer(() -> {
            Range range = Range.of(from, to);
            int seconds = interval(interval);
            return candles.market(symbol).map(market -> {
                Flux<String> body = Flux.concat(
                        Flux.just(CandleCsv.HEADER + "\n"),
                        candles.range(market, seconds, range.from(), range.to())
                                .buffer(LINES_PER_CHUNK)
                                .map(CandleCsvRestController::lines));
                String file = CandleArchiveService.fileName(market, seconds, range.from(),
                        range.givenTo() == null ? range.to() : range.givenTo());
                return ResponseEntity.ok()
                        .contentType(TEXT_CSV)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
                        .body(body);
            });
        });
    }

    @PostMapping(path = "/markets/{symbol}/candles", produces = "application/json")
    @Operation(summary = "Import candles from CSV (Content-Type text/csv, same format as the export); "
            + "every line is validated first, a bad line writes nothing")
    public Mono<ImportResponse> importCsv(
            @PathVariable String symbol,
            @Parameter(description = "candle length in seconds, default 60") @RequestParam(required = false) String interval,
            ServerHttpRequest request) {
        return Mono.defer(() -> {
            MediaType type = request.getHeaders().getContentType();
            if (type == null || !(isCsv(type) || MediaType.TEXT_PLAIN.isCompatibleWith(type))) {
                return Mono.error(new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "send the candles as text/csv with the header " + CandleCsv.HEADER));
            }
            int seconds = interval(interval);
            return candles.market(symbol).flatMap(market -> candles.importCsv(market, seconds, lines(request, type)))
                    .map(r -> new ImportResponse(true, r.imported(), r.market(), r.intervalSec(), r.fromSec(), r.toSec()));
        });
    }

    private static boolean isCsv(MediaType type) {
        return "csv".equalsIgnoreCase(type.getSubtype())
                && ("text".equalsIgnoreCase(type.getType()) || "application".equalsIgnoreCase(type.getType()));
    }

    /** The request body as lines, decoded as it streams in (never the whole body in memory). */
    private static Flux<String> lines(ServerHttpRequest request, MediaType type) {
        StringDecoder decoder = StringDecoder.textPlainOnly(List.of("\n"), true);
        decoder.setMaxInMemorySize(CandleCsv.MAX_LINE_LENGTH * 4 + 4);
        MediaType charset = type.getCharset() == null ? new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)
                : new MediaType(MediaType.TEXT_PLAIN, type.getCharset());
        return decoder.decode(request.getBody(), ResolvableType.forClass(String.class), charset, Map.of());
    }

    private static String lines(List<Candle> chunk) {
        StringBuilder out = new StringBuilder(chunk.size() * 64);
        for (Candle c : chunk) {
            CandleCsv.appendRow(out, c).append('\n');
        }
        return out.toString();
    }

    private static int interval(String value) {
        return QueryParams.wholeNumber("interval", value, CandleArchiveService.DEFAULT_INTERVAL, 1, CandleArchiveService.MAX_INTERVAL);
    }

    /** A {@code [from, to)} range in unix seconds from optional query parameters. */
    record Range(long from, long to, Long givenFrom, Long givenTo) {
        static Range of(String from, String to) {
            Long f = from == null || from.isBlank() ? null : QueryParams.wholeNumber("from", from, 0L, 0, CandleCsv.MAX_TIME);
            Long t = to == null || to.isBlank() ? null : QueryParams.wholeNumber("to", to, 0L, 0, CandleCsv.MAX_TIME + 1);
            if (f != null && t != null && t <= f) {
                throw InvalidInputException.field("to", "must be after from");
            }
            return new Range(f == null ? 0 : f, t == null ? CandleCsv.MAX_TIME + 1 : t, f, t);
        }
    }
}
