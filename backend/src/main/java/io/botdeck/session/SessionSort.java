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
        return column + (descending ? " DESC" : " ASC") + ", row_no" + (descending ? " DESC" : " ASC");
    }
}
