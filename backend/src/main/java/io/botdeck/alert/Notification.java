package io.botdeck.alert;

import java.util.List;
import java.util.Locale;

/**
 * One message to one channel: the start or the end of one rule's episodes on one or more
 * sessions (a burst is one message naming every session), or a channel test.
 *
 * @param episode {@code started}, {@code resolved} or {@code test}
 */
public record Notification(String ruleId, String ruleName, AlertKind kind, String episode, List<Item> items) {

    /** One session's episode in the message; {@code status} is the session's status now ({@code deleted} when gone). */
    public record Item(String alertId, String sessionId, String sessionName, String sessionType, String market,
                       String strategy, String status, String detail, long startedAt, Long resolvedAt) {
    }

    /** Sessions named in a chat message before "and N more". */
    static final int NAMED = 20;

    public static Notification test() {
        return new Notification(null, "Test message", null, "test", List.of());
    }

    public boolean isTest() {
        return "test".equals(episode);
    }

    /** One line for titles: "Botdeck: Live session stale — 3 sessions". */
    public String title() {
        if (isTest()) {
            return "Botdeck: test message";
        }
        String what = "resolved".equals(episode) ? "resolved" : kindText(kind);
        return "Botdeck: " + ruleName + " — " + what + " (" + items.size() + (items.size() == 1 ? " session)" : " sessions)");
    }

    /** The readable body shared by every chat channel. */
    public String text() {
        if (isTest()) {
            return "Botdeck test message: this channel is set up correctly.";
        }
        StringBuilder out = new StringBuilder();
        out.append("resolved".equals(episode) ? "✅ RESOLVED " : "🔴 ").append(ruleName).append(" [")
                .append(kind.wire()).append("]: ")
                .append(items.size()).append(items.size() == 1 ? " session" : " sessions")
                .append("resolved".equals(episode) ? " back to normal" : " " + kindText(kind));
        int shown = Math.min(NAMED, items.size());
        for (int i = 0; i < shown; i++) {
            Item it = items.get(i);
            out.append("\n• ").append(it.sessionName()).append(" (").append(it.market()).append(", ")
                    .append(it.status()).append(")");
            if (!"resolved".equals(episode)) {
                out.append(": ").append(it.detail());
            }
        }
        if (items.size() > shown) {
            out.append("\n… and ").append(items.size() - shown).append(" more");
        }
        return out.toString();
    }

    /** The text cut to {@code max} characters, for channels with a message size limit. */
    public String text(int max) {
        String t = text();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    static String kindText(AlertKind kind) {
        return switch (kind) {
            case STALE -> "stale (no heartbeat)";
            case FAILED -> "failed";
            case DRAWDOWN -> "in drawdown";
            case LOSS -> "losing beyond the limit";
            case NO_TRADE -> "not trading";
            case ERROR_RATE -> "logging errors";
            case SESSION_FINISHED -> "finished";
        };
    }

    String episodeWire() {
        return episode.toLowerCase(Locale.ROOT);
    }
}
