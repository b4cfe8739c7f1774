package io.botdeck.alert;

import io.botdeck.session.Session;

/**
 * Which sessions a rule watches: every given field must match; none given means all sessions.
 *
 * @param type a session type (test, backtest, scraper)
 */
public record AlertScope(String type, String market, String strategy, String sessionId) {

    public static final AlertScope ALL = new AlertScope(null, null, null, null);

    public boolean matches(Session s) {
        return (type == null || type.equalsIgnoreCase(s.type().wire()))
                && (market == null || market.equalsIgnoreCase(s.market()))
                && (strategy == null || strategy.equalsIgnoreCase(s.strategy()))
                && (sessionId == null || sessionId.equals(s.id()));
    }
}
