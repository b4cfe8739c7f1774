package io.botdeck.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the adapters hand to {@link AlertService}; on updates, {@code present} names the fields sent (null clears). */
public final class AlertCommands {

    private AlertCommands() {
    }

    public record ChannelInput(String name, String type, String url, String secret, String botToken, String chatId,
                               String apiUrl, Set<String> present) {
        boolean has(String field) {
            return present.contains(field);
        }
    }

    /** {@code mutedUntil}: an instant, or null to clear. */
    public record RuleInput(String name, String kind, BigDecimal threshold, AlertScope scope, List<String> channels,
                            Boolean enabled, Instant mutedUntil, Set<String> present) {
        boolean has(String field) {
            return present.contains(field);
        }
    }
}
