package io.botdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Flyway built the plan's schema, column by column, on the real database. */
class MigrationTest extends IntegrationTest {

    private Map<String, String> columns(String table) {
        return db.sql("SELECT column_name AS c, column_type AS t FROM information_schema.columns "
                        + "WHERE table_schema = DATABASE() AND table_name = :t")
                .bind("t", table)
                .map(row -> Map.entry(row.get("c", String.class).toLowerCase(), row.get("t", String.class).toLowerCase()))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
    }

    private List<String> indexes(String table) {
        return db.sql("SELECT DISTINCT index_name AS i FROM information_schema.statistics "
                        + "WHERE table_schema = DATABASE() AND table_name = :t")
                .bind("t", table).map(row -> row.get("i", String.class)).all().collectList().block();
    }

    private String defaultOf(String table, String column) {
        return db.sql("SELECT column_default AS d FROM information_schema.columns "
                        + "WHERE table_schema = DATABASE() AND table_name = :t AND column_name = :c")
                .bind("t", table).bind("c", column).map(row -> String.valueOf(row.get("d", String.class))).one().block();
    }

    @Test
    void sessionsHasThePlansColumnsTypesAndIndexes() {
        Map<String, String> c = columns("sessions");
        assertThat(c).containsEntry("id", "varchar(36)")
                .containsEntry("name", "varchar(255)")
                .containsEntry("type", "enum('test','backtest','scraper')")
                .containsEntry("market", "varchar(20)")
                .containsEntry("exchange", "varchar(50)")
                .containsEntry("strategy", "varchar(100)")
                .containsEntry("status", "enum('created','running','stopped','completed','failed')")
                .containsEntry("created_at", "timestamp")
                .containsEntry("started_at", "timestamp")
                .containsEntry("stopped_at", "timestamp")
                .containsEntry("last_updated", "timestamp")
                .containsEntry("total_pnl", "decimal(20,8)")
                .containsEntry("win_rate", "decimal(5,2)")
                .containsEntry("max_drawdown", "decimal(10,4)")
                .containsEntry("trades_file", "varchar(500)")
                .containsEntry("logs_file", "varchar(500)")
                .containsEntry("cloned_from", "varchar(36)")
                .containsEntry("notes", "text")
                .containsKeys("strategy_params", "pid", "trade_count", "range_end");
        assertThat(c.get("range_start")).startsWith("bigint");
        assertThat(c.get("range_end")).startsWith("bigint");
        assertThat(c.get("pid")).startsWith("int");
        assertThat(defaultOf("sessions", "exchange")).contains("bitmex");
        assertThat(defaultOf("sessions", "status")).contains("created");
        assertThat(indexes("sessions")).contains("PRIMARY", "idx_status", "idx_type", "idx_created");
        // cloned_from and verifies (V22) point at another session and are cleared when it is deleted
        assertThat(count("SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                + "AND table_name = 'sessions' AND referenced_table_name = 'sessions' AND delete_rule = 'SET NULL'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r "
                + "ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name "
                + "WHERE k.table_schema = DATABASE() AND k.table_name = 'sessions' AND k.referenced_table_name = 'sessions' "
                + "AND r.delete_rule = 'SET NULL' AND k.column_name IN ('cloned_from', 'verifies')")).isEqualTo(2);
    }

    @Test
    void sessionsKeepFingerprintsLeanLogsAndWhatAVerificationReRuns() {
        Map<String, String> c = columns("sessions");
        assertThat(c).containsKeys("fingerprint", "lean_log", "verifies", "verifies_trades_hash");
        assertThat(c.get("verifies")).isEqualTo("varchar(36)");
        assertThat(c.get("lean_log")).startsWith("tinyint");
        assertThat(defaultOf("sessions", "lean_log")).contains("0");
        assertThat(count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                + "AND table_name = 'sessions' AND column_name = 'lean_log' AND is_nullable = 'NO'")).isEqualTo(1);
    }

    @Test
    void sessionEventsCascadeWithTheirSession() {
        Map<String, String> c = columns("session_events");
        assertThat(c.get("event_type")).startsWith("enum('created','started','stopped','trade','error','metric_update'");
        assertThat(c).containsKeys("id", "session_id", "event_data", "created_at");
        assertThat(indexes("session_events")).contains("idx_session", "idx_created");
        assertThat(count("SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                + "AND table_name = 'session_events' AND referenced_table_name = 'sessions' AND delete_rule = 'CASCADE'")).isEqualTo(1);
    }

    @Test
    void strategiesAreSeededAsThePlanSays() {
        Map<String, String> defaults = db.sql("SELECT id, default_params FROM strategies")
                .map(row -> Map.entry(row.get("id", String.class), row.get("default_params", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
        assertThat(defaults).containsOnlyKeys("TestBot", "PairTradeBot", "MarketScraper");
        assertThat(defaults.get("TestBot")).isEqualTo("{\"threshold\": 0.5, \"position_size\": 100}");
        assertThat(defaults.get("PairTradeBot")).isEqualTo("{\"spread_threshold\": 2.0, \"lookback\": 100}");
        assertThat(defaults.get("MarketScraper")).isEqualTo("{\"archive_interval\": 60}");
    }

    @Test
    void productTablesExist() {
        assertThat(columns("trades")).containsKeys("session_id", "side", "entry_price", "exit_price", "pnl", "entry_time", "exit_time");
        assertThat(columns("candles")).containsKeys("market", "interval_sec", "open_time", "open", "high", "low", "close", "volume");
        assertThat(indexes("candles")).contains("PRIMARY");
        assertThat(count("SELECT COUNT(*) FROM markets")).isEqualTo(7);
        assertThat(count("SELECT COUNT(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() "
                + "AND table_name = 'trades' AND referenced_table_name = 'sessions' AND delete_rule = 'CASCADE'")).isEqualTo(1);
    }
}
