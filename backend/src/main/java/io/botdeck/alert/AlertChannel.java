package io.botdeck.alert;

import java.net.URI;
import java.time.Instant;

/**
 * A place notifications go. {@code secret} (webhook signing key), {@code botToken} (Telegram) and
 * the address of Slack and Discord webhooks are credentials: views show them only masked.
 */
public record AlertChannel(String id, String name, ChannelType type, String url, String secret, String botToken,
                           String chatId, String apiUrl, Instant createdAt, Instant updatedAt) {

    public static final String DEFAULT_TELEGRAM_API = "https://api.telegram.org";

    /** The Telegram API base to call (configured, or Telegram's own). */
    public String telegramApi() {
        String base = apiUrl == null || apiUrl.isBlank() ? DEFAULT_TELEGRAM_API : apiUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The address as shown: Slack and Discord webhook paths are masked. */
    public String shownUrl() {
        if (url == null || !type.urlIsSecret()) {
            return url;
        }
        return maskUrl(url);
    }

    public String shownSecret() {
        return mask(secret);
    }

    public String shownBotToken() {
        return mask(botToken);
    }

    /** {@code ****} and the last 4 characters of a long enough secret; only {@code ****} for a short one. */
    static String mask(String secret) {
        if (secret == null) {
            return null;
        }
        return secret.length() >= 12 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    static String maskUrl(String url) {
        try {
            URI u = URI.create(url);
            String tail = url.length() >= 12 ? url.substring(url.length() - 4) : "";
            return u.getScheme() + "://" + u.getRawAuthority() + "/****" + tail;
        } catch (IllegalArgumentException e) {
            return "****";
        }
    }
}
