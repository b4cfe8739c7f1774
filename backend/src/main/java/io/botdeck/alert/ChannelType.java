package io.botdeck.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.botdeck.error.InvalidInputException;

/** Where a channel's notifications go and in which format. */
public enum ChannelType {
    /** A generic webhook: Botdeck's JSON body, optionally signed with HMAC-SHA256. */
    WEBHOOK,
    /** A Slack-compatible incoming webhook: {@code {"text": ...}}. */
    SLACK,
    /** A Discord-compatible incoming webhook: {@code {"content": ...}}. */
    DISCORD,
    /** Telegram's Bot API {@code sendMessage}. */
    TELEGRAM,
    /** An ntfy topic URL: plain text with a {@code Title} header. */
    NTFY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChannelType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static ChannelType parse(String field, String value) {
        for (ChannelType t : values()) {
            if (t.wire().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw InvalidInputException.field(field, "unknown type '" + value + "'; expected one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(ChannelType::wire).collect(Collectors.joining(", "));
    }

    /** Whether the address itself is a credential (whoever knows it can post). */
    public boolean urlIsSecret() {
        return this == SLACK || this == DISCORD;
    }
}
