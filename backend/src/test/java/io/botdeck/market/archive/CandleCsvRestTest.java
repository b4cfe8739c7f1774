package io.botdeck.market.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.botdeck.IntegrationTest;
import io.botdeck.core.Candle;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** CSV export and import and the JSON listing, end to end over HTTP. */
class CandleCsvRestTest extends IntegrationTest {

    private static final long DAY = CandleArchiveTest.DAY;
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    @Autowired
    CandleArchive archive;

    private final SimulatedPriceProcess process = new SimulatedPriceProcess();

    @BeforeEach
    void noCandles() {
        db.sql("DELETE FROM candles").then().block();
    }

    private List<Candle> seed(String market, int count) {
        List<Candle> out = new ArrayList<>();
        process.candles(market, DAY, DAY + count * 60L, 60, (t, o, h, l, c, v, n) -> out.add(new Candle(t, 60, o, h, l, c, v, n)));
        archive.saveAll(market, 60, out, "simulated").block();
        return out;
    }

    private String exportCsv(String uri) {
        return http.get().uri(uri).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(CSV)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec importCsv(String market, String csv) {
        return http.post().uri("/markets/" + market + "/candles").contentType(CSV).bodyValue(csv).exchange();
    }

    private long candlesOf(String market) {
        return count("SELECT COUNT(*) FROM candles WHERE market = '" + market + "'");
    }

    @Test
    void anExportDownloadsTheRangeAsCsv() {
        List<Candle> candles = seed("XBTUSD", 120);
        http.get().uri("/markets/XBTUSD/candles.csv?from={f}&to={t}", DAY + 60, DAY + 181).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(CSV)
                .expectHeader().value(HttpHeaders.CONTENT_DISPOSITION, value -> assertThat(value)
                        .startsWith("attachment")
                        .contains("filename=\"XBTUSD-60s-" + (DAY + 60) + "-" + (DAY + 181) + ".csv\""))
                .expectBody(String.class).isEqualTo(CandleCsv.HEADER + "\n"
                        + CandleCsv.row(candles.get(1)) + "\n" + CandleCsv.row(candles.get(2)) + "\n" + CandleCsv.row(candles.get(3)) + "\n");
        assertThat(exportCsv("/markets/XBTUSD/candles.csv").lines()).hasSize(121);
        assertThat(exportCsv("/markets/XBTUSD/candles.csv?interval=3600")).isEqualTo(CandleCsv.HEADER + "\n");
    }

    @Test
    void anExportImportedIntoAnotherMarketRoundTrips() {
        List<Candle> candles = seed("XBTUSD", 2_500);
        String csv = exportCsv("/markets/XBTUSD/candles.csv?from=0");
        assertThat(csv.lines()).hasSize(2_501).first().isEqualTo("time,open,high,low,close,volume,trades");

        importCsv("ethusd", csv).expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.imported").isEqualTo(2_500)
                .jsonPath("$.market").isEqualTo("ETHUSD")
                .jsonPath("$.interval").isEqualTo(60)
                .jsonPath("$.from").isEqualTo(DAY)
                .jsonPath("$.to").isEqualTo(DAY + 2_500 * 60L);

        assertThat(archive.range("ETHUSD", 60, 0, Long.MAX_VALUE).collectList().block()).isEqualTo(candles);
        assertThat(exportCsv("/markets/ETHUSD/candles.csv")).isEqualTo(csv);
        assertThat(count("SELECT COUNT(*) FROM candles WHERE market = 'ETHUSD' AND source = 'import'")).isEqualTo(2_500);

        // importing the same file again replaces, it does not duplicate
        importCsv("ETHUSD", csv).expectStatus().isOk().expectBody().jsonPath("$.imported").isEqualTo(2_500);
        assertThat(candlesOf("ETHUSD")).isEqualTo(2_500);
    }

    static Stream<Arguments> badUploads() {
        String header = CandleCsv.HEADER + "\n";
        StringBuilder many = new StringBuilder(header);
        for (int i = 0; i < 1_500; i++) {
            many.append(DAY + i * 60L).append(",100,101,99,100,1,1\n");
        }
        return Stream.of(
                Arguments.of("", 1, "the CSV is empty"),
                Arguments.of("open,high\n", 1, "the header must be"),
                Arguments.of(header, 2, "no candle rows"),
                Arguments.of(header + DAY + ",100,101,99,100,1,1\n" + (DAY + 90) + ",100,101,99,100,1,1\n", 3, "not on the 60 s grid"),
                Arguments.of(header + DAY + ",100,99,98,100,1,1\n", 2, "high 99 is below open 100"),
                Arguments.of(header + DAY + ",100,101,99,x,1,1\n", 2, "close must be a positive decimal number"),
                Arguments.of(header + DAY + ",100,101,99,100,1\n", 2, "expected 7 fields"),
                Arguments.of(header + DAY + ",100,101,99,100,1,1," + "9".repeat(5_000) + "\n", 2, "longer than 1024 characters"),
                Arguments.of(many + "" + (DAY + 1_500 * 60L) + ",100,101,102,100,1,1\n", 1_502, "low 102 is above open 100"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badUploads")
    void aBadRowIsA400NamingItsLineAndWritesNothing(String csv, int line, String message) {
        importCsv("SOLUSD", csv).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("line " + line + ": "))
                .jsonPath("$.error").value(containsString(message))
                .jsonPath("$.fields.line").isEqualTo(String.valueOf(line));
        assertThat(count("SELECT COUNT(*) FROM candles")).isZero();
    }

    static Stream<Arguments> unknownMarkets() {
        return Stream.of(
                Arguments.of("GET", "/markets/NOPEUSD/candles.csv"),
                Arguments.of("GET", "/markets/NOPEUSD/candles"),
                Arguments.of("POST", "/markets/NOPEUSD/candles"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownMarkets")
    void anUnknownMarketIsA404ListingTheKnownOnes(String method, String uri) {
        var response = method.equals("POST")
                ? http.post().uri(uri).contentType(CSV).bodyValue(CandleCsv.HEADER + "\n" + DAY + ",1,1,1,1,0,0\n").exchange()
                : http.get().uri(uri).exchange();
        response.expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("unknown market 'NOPEUSD'; available: XBTUSD, ETHUSD"));
        assertThat(count("SELECT COUNT(*) FROM candles")).isZero();
    }

    @Test
    void aPairHasNoCandlesOfItsOwn() {
        http.get().uri("/markets/XBTUSD+ETHUSD/candles.csv").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(containsString("XBTUSD+ETHUSD is a pair"));
    }

    @Test
    void anUploadMustBeCsv() {
        http.post().uri("/markets/XBTUSD/candles").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("text/csv"));
        http.post().uri("/markets/XBTUSD/candles").exchange().expectStatus().isEqualTo(415);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/markets/XBTUSD/candles.csv?interval=0", "interval: must be at least 1"),
                Arguments.of("/markets/XBTUSD/candles.csv?interval=sixty", "interval: must be a whole number"),
                Arguments.of("/markets/XBTUSD/candles.csv?from=yesterday", "from: must be a whole number"),
                Arguments.of("/markets/XBTUSD/candles.csv?from=-1", "from: must be at least 0"),
                Arguments.of("/markets/XBTUSD/candles.csv?from=100&to=100", "to: must be after from"),
                Arguments.of("/markets/XBTUSD/candles?limit=0", "limit: must be at least 1"),
                Arguments.of("/markets/XBTUSD/candles?to=99999999999999999999", "to: must be a whole number"),
                Arguments.of("/markets/XBTUSD/candles?interval=999999999", "interval: must be at most 604800"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badQueryParametersAre400(String uri, String message) {
        http.get().uri(uri).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString(message));
    }

    @Test
    void theJsonListingShowsTheLatestOrTheFirstCandles() {
        List<Candle> candles = seed("DOGEUSD", 100);
        http.get().uri("/markets/DOGEUSD/candles?limit=3").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.market").isEqualTo("DOGEUSD")
                .jsonPath("$.interval").isEqualTo(60)
                .jsonPath("$.count").isEqualTo(3)
                .jsonPath("$.candles[0].time").isEqualTo(candles.get(97).time())
                .jsonPath("$.candles[2].time").isEqualTo(candles.get(99).time())
                .jsonPath("$.candles[2].close").isEqualTo(Double.parseDouble(CandleCsv.decimal(candles.get(99).close())))
                .jsonPath("$.candles[2].volume").isEqualTo(Double.parseDouble(CandleCsv.decimal(candles.get(99).volume())))
                .jsonPath("$.candles[2].trades").isEqualTo(candles.get(99).trades());
        http.get().uri("/markets/DOGEUSD/candles?from={f}&to={t}&limit=2", DAY + 60, DAY + 6_000).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.from").isEqualTo(DAY + 60)
                .jsonPath("$.to").isEqualTo(DAY + 6_000)
                .jsonPath("$.count").isEqualTo(2)
                .jsonPath("$.candles[0].time").isEqualTo(DAY + 60)
                .jsonPath("$.candles[1].time").isEqualTo(DAY + 120);
        String raw = http.get().uri("/markets/DOGEUSD/candles?limit=1").exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(raw).doesNotContain("E+").contains("\"open\":0.");
        http.get().uri("/markets/DOGEUSD/candles?from={f}", DAY + 100 * 60L).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.count").isEqualTo(0)
                .jsonPath("$.candles").isEmpty();
    }

    @Test
    void theRoutesAreDescribedInTheApiDocs() {
        // the first generation of the description is slow on a busy machine
        http.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/markets/{symbol}/candles.csv'].get").exists()
                .jsonPath("$.paths['/markets/{symbol}/candles'].get").exists()
                .jsonPath("$.paths['/markets/{symbol}/candles'].post").exists();
    }
}
