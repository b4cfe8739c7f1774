package io.botdeck.session;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.botdeck.error.InvalidInputException;

/** A sort order for session lists; only whitelisted columns ever reach SQL. */
public record SessionSort(String column, boolean descending) {

    private static final Map<String, String> COLUMNS = new TreeMap<>(Map.ofEntries(
            Map.entry("created_at", "created_at"),
            Map.entry("started_at", "started_at"),
            Map.entry("stopped_at", "stopped_at"),
            Map.entry("last_updated", "last_updated"),
            Map.entry("name", "name"),
            Map.entry("type", "type"),
            Map.entry("market", "market"),
            Map.entry("strategy", "strategy"),
            Map.entry("status", "status"),
            Map.entry("trade_count", "trade_count"),
            Map.entry("total_pnl", "total_pnl"),
            Map.entry("win_rate", "win_rate"),
            Map.entry("max_drawdown", "max_drawdown")));

    public static final SessionSort DEFAULT = new SessionSort("created_at", true);

    /** Parses {@code field:direction} (direction {@code asc} or {@code desc}, default desc). */
    public static SessionSort parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.trim().split(":", -1);
        String field = parts[0].trim().toLowerCase(Locale.ROOT);
        String column = COLUMNS.get(field);
        if (column == null || parts.length > 2) {
            throw InvalidInputException.field("sort", "cannot sort by '" + value + "'; use field:asc or field:desc with field one of "
                    + String.join(", ", COLUMNS.keySet()));
        }
        boolean descending = true;
        if (parts.length == 2) {
            String direction = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw InvalidInputException.field("sort", "direction must be asc or desc, not '" + parts[1] + "'");
            }
            descending = direction.equals("desc");
        }
        return new SessionSort(column, descending);
    }

    String sql() {
        return sql("");
    }

    /** The ORDER BY of this sort, its columns qualified with {@code alias} (e.g. {@code "s."}). */
    String sql(String alias) {
        return alias + column + (descending ? " DESC" : " ASC") + ", " + alias + "row_no" + (descending ? " DESC" : " ASC");
    }

    /** The same column in the other direction (reading a list backwards). */
    SessionSort reversed() {
        return new SessionSort(column, !descending);
    }

    /** {@code stopped_at:desc}: what a cursor remembers, so it is not used with another order. */
    String key() {
        return column + (descending ? ":desc" : ":asc");
    }

    /** How the column's values are compared and carried in cursors. */
    enum Kind { TIME, TEXT, NUMBER, STATUS, TYPE }

    Kind kind() {
        return switch (column) {
            case "created_at", "started_at", "stopped_at", "last_updated" -> Kind.TIME;
            case "trade_count", "total_pnl", "win_rate", "max_drawdown" -> Kind.NUMBER;
            case "status" -> Kind.STATUS;
            case "type" -> Kind.TYPE;
            default -> Kind.TEXT;
        };
    }

    /** The session's value in this column as a cursor carries it (unix seconds, plain decimals, text); null for NULL. */
    String valueOf(Session s) {
        return switch (column) {
            case "created_at" -> seconds(s.createdAt());
            case "started_at" -> seconds(s.startedAt());
            case "stopped_at" -> seconds(s.stoppedAt());
            case "last_updated" -> seconds(s.lastUpdated());
            case "name" -> s.name();
            case "type" -> s.type().wire();
            case "market" -> s.market();
            case "strategy" -> s.strategy();
            case "status" -> s.status().wire();
            case "trade_count" -> Integer.toString(s.tradeCount());
            case "total_pnl" -> s.totalPnl().toPlainString();
            case "win_rate" -> s.winRate().toPlainString();
            case "max_drawdown" -> s.maxDrawdown().toPlainString();
            default -> throw new IllegalStateException("unknown sort column " + column);
        };
    }

    private static String seconds(java.time.Instant t) {
        return t == null ? null : Long.toString(t.getEpochSecond());
    }
}
