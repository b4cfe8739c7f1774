package io.botdeck.session;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** How many sessions there are in each status, for the operations metrics. */
@Component
public class SessionCounts {

    private final DatabaseClient db;

    public SessionCounts(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Every status with its count; statuses without sessions count 0. Read from the counts the
     * database keeps per status, type and market ({@code session_counts}), not by counting rows.
     */
    public Mono<Map<SessionStatus, Long>> byStatus() {
        return db.sql("SELECT status, SUM(n) AS n FROM session_counts WHERE status <> '' GROUP BY status")
                .map((row, meta) -> Map.entry(SessionStatus.fromWire(row.get("status", String.class)),
                        ((Number) row.get("n")).longValue()))
                .all()
                .collect(() -> {
                    Map<SessionStatus, Long> counts = new EnumMap<>(SessionStatus.class);
                    for (SessionStatus s : SessionStatus.values()) {
                        counts.put(s, 0L);
                    }
                    return counts;
                }, (counts, e) -> counts.put(e.getKey(), e.getValue()));
    }
}
