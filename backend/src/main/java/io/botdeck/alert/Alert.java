package io.botdeck.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * One episode of a rule on one session: opened when the condition started, resolved when it
 * cleared. The rule's and the session's names are kept as they were, so history reads the same
 * after either is renamed or deleted.
 *
 * @param detail what was seen, e.g. "no heartbeat for 47 s"
 */
public record Alert(String id, String ruleId, String ruleName, AlertKind kind, String sessionId, String sessionName,
                    String sessionType, String market, String strategy, String detail, Instant startedAt,
                    Instant acknowledgedAt, Instant resolvedAt) {

    /** Open (not yet acknowledged nor resolved), acknowledged (still going), or resolved. */
    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public State state() {
        if (resolvedAt != null) {
            return State.RESOLVED;
        }
        return acknowledgedAt != null ? State.ACKNOWLEDGED : State.OPEN;
    }

    Alert resolved(Instant at) {
        return new Alert(id, ruleId, ruleName, kind, sessionId, sessionName, sessionType, market, strategy, detail,
                startedAt, acknowledgedAt, at);
    }
}
