package io.botdeck.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import io.botdeck.config.BotdeckProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class MetricsStoreTest {

    @TempDir
    Path dir;

    private MetricsStore store() {
        return new MetricsStore(new BotdeckProperties(dir, Duration.ofSeconds(10), Duration.ofSeconds(30),
                new BotdeckProperties.Database("", 3306, "botdeck", "root", "")), JsonMapper.builder().build());
    }

    private static EquityPoint point(long t, String equity, String drawdown) {
        return new EquityPoint(t, new BigDecimal(equity), new BigDecimal(drawdown));
    }

    @Test
    void theCurrentDrawdownIsTheLastPointsEvenAfterARestart() {
        MetricsStore running = store();
        assertThat(running.currentDrawdown("s1")).isEmpty();
        running.append("s1", List.of(point(1, "10000", "0"), point(2, "9000", "10.0000")));
        assertThat(running.currentDrawdown("s1")).contains(new BigDecimal("10.0000"));
        running.append("s1", List.of(point(3, "9900", "1.0000")));
        assertThat(running.currentDrawdown("s1")).contains(new BigDecimal("1.0000"));

        // a new process knows nothing in memory: it reads the curve's last line
        assertThat(store().currentDrawdown("s1")).contains(new BigDecimal("1.0000"));
        running.delete("s1");
        assertThat(running.currentDrawdown("s1")).isEmpty();
    }

    @Test
    void aLastLineCutShortByACrashIsSkipped() throws IOException {
        MetricsStore before = store();
        before.append("s2", List.of(point(1, "10000", "0"), point(2, "9500", "5.0000")));
        Files.writeString(dir.resolve("metrics").resolve("s2.equity"), "3,94", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(store().currentDrawdown("s2")).contains(new BigDecimal("5.0000"));
    }

    @Test
    void aLongCurveIsReadFromItsEndOnly() {
        MetricsStore before = store();
        List<EquityPoint> points = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            points.add(point(i, Integer.toString(10_000 - i), String.format("%d.0000", i % 50)));
        }
        before.append("s3", points);
        assertThat(store().currentDrawdown("s3")).contains(new BigDecimal("49.0000"));
    }
}
