package io.botdeck.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A condition to watch on the sessions in its scope, and the channels told when it starts and
 * when it clears.
 *
 * @param threshold  seconds (stale, no_trade), percent (drawdown), USD (loss) or lines per
 *                   minute (error_rate); null for failed and session_finished
 * @param mutedUntil while in the future, episodes are recorded but no notification is sent
 */
public record AlertRule(String id, String name, AlertKind kind, BigDecimal threshold, AlertScope scope,
                        List<String> channels, boolean enabled, Instant mutedUntil, Instant createdAt,
                        Instant updatedAt) {

    public boolean mutedAt(Instant now) {
        return mutedUntil != null && mutedUntil.isAfter(now);
    }
}
