package io.botdeck.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.botdeck.core.LogLevel;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class LineFormsTest {

    private static LogEntry line(long seq) {
        return new LogEntry(seq, 1_000L * seq, LogEntry.Kind.LOG, LogLevel.INFO, "line " + seq, Map.of());
    }

    @Test
    void eachLineOfASessionIsMadeOnceForAllItsReadersAndForgottenWhenTheLastLeaves() {
        AtomicInteger made = new AtomicInteger();
        LineForms<String> forms = new LineForms<>(e -> {
            made.incrementAndGet();
            return e.message().toUpperCase();
        });
        List<LogEntry> lines = List.of(line(1), line(2), line(3));
        List<String> first = forms.reading("s", f -> Flux.fromIterable(lines).map(f::of)
                .concatWith(forms.reading("s", g -> Flux.fromIterable(lines).map(g::of)))).collectList().block();
        assertThat(first).containsExactly("LINE 1", "LINE 2", "LINE 3", "LINE 1", "LINE 2", "LINE 3");
        assertThat(made).as("the second reader reuses the first one's forms").hasValue(3);
        assertThat(forms.sessionsKept()).isZero();

        // a notice without a sequence number is made per reader
        LogEntry notice = LogEntry.missed(4, 0);
        forms.reading("s", f -> Flux.just(f.of(notice), f.of(notice))).blockLast();
        assertThat(made).hasValue(5);
    }

    @Test
    void aTradeLinesDetailsReadBackGiveTheSameTrade() {
        TradeLine exit = new TradeLine(TradeLine.Action.EXIT, 7, 6, "XBTUSD", Side.SHORT, 100, new BigDecimal("42000.50000000"),
                new BigDecimal("41900.00000000"), new BigDecimal("-1.25000000"), "take profit");
        LogEntry entry = LogEntry.trade(0, "EXIT", exit);
        assertThat(entry.trade()).isEqualTo(exit);
        assertThat(entry.data()).containsEntry("entry_price", "42000.5").containsEntry("exit_price", "41900")
                .containsEntry("pnl", "-1.25").containsEntry("action", "exit");
        LogEntry readBack = new LogEntry(1, 0, LogEntry.Kind.TRADE, LogLevel.TRADE, "EXIT", entry.data());
        assertThat(readBack.trade()).isEqualTo(exit);
        assertThat(readBack).isEqualTo(entry.withSeq(1));
    }
}
