package io.botdeck.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.botdeck.alert.AlertCommands.ChannelInput;
import io.botdeck.alert.AlertCommands.RuleInput;
import io.botdeck.core.SessionType;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.session.SessionIds;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Channels, rules, session mutes and the alert history: validation (every bad field is a 400
 * naming it, and nothing is written), storage, acknowledgement and the channel test.
 */
@Service
public class AlertService {

    public static final int MAX_NAME = 100;
    public static final int MAX_URL = 2000;
    public static final int MAX_SECRET = 500;
    public static final int MAX_CHANNELS_PER_RULE = 20;
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /** The latest instant a mute may last until: the end of year 9999. */
    public static final long MAX_UNIX_SECONDS = 253_402_300_799L;

    private static final Pattern BOT_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{1,200}");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}|@[A-Za-z0-9_]{1,64}");

    private final AlertRepository repo;
    private final ChannelSender sender;
    private final AlertEvents events;
    private final TransactionalOperator tx;
    private final Clock clock;

    public AlertService(AlertRepository repo, ChannelSender sender, AlertEvents events, TransactionalOperator tx,
                        Clock clock) {
        this.repo = repo;
        this.sender = sender;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ channels

    public Flux<AlertChannel> channels() {
        return repo.findChannels();
    }

    public Mono<AlertChannel> channel(String id) {
        return repo.findChannel(id).switchIfEmpty(Mono.error(() -> notFound("alert channel", id)));
    }

    public Mono<AlertChannel> createChannel(ChannelInput in) {
        return Mono.defer(() -> {
            if (in.type() == null) {
                throw InvalidInputException.field("type", "required; one of " + ChannelType.allowed());
            }
            ChannelType type = ChannelType.parse("type", in.type());
            Instant now = now();
            AlertChannel c = checkChannel(new AlertChannel(UUID.randomUUID().toString(), in.name(), type,
                    emptyToNull(in.url()), emptyToNull(in.secret()), emptyToNull(in.botToken()),
                    emptyToNull(in.chatId()), emptyToNull(in.apiUrl()), now, now));
            return repo.insertChannel(c).thenReturn(c);
        });
    }

    public Mono<AlertChannel> updateChannel(String id, ChannelInput in) {
        return Mono.defer(() -> {
            if (in.has("type") && in.type() == null) {
                throw InvalidInputException.field("type", "must not be null");
            }
            ChannelType type = in.has("type") ? ChannelType.parse("type", in.type()) : null;
            return channel(id).flatMap(cur -> {
                if (type != null && type != cur.type()) {
                    throw InvalidInputException.field("type", "a channel's type cannot change; create a new channel");
                }
                AlertChannel c = checkChannel(new AlertChannel(cur.id(),
                        in.has("name") ? in.name() : cur.name(), cur.type(),
                        in.has("url") ? keepIfMasked(in.url(), cur.url(), cur.shownUrl()) : cur.url(),
                        in.has("secret") ? keepIfMasked(in.secret(), cur.secret(), cur.shownSecret()) : cur.secret(),
                        in.has("bot_token") ? keepIfMasked(in.botToken(), cur.botToken(), cur.shownBotToken()) : cur.botToken(),
                        in.has("chat_id") ? emptyToNull(in.chatId()) : cur.chatId(),
                        in.has("api_url") ? emptyToNull(in.apiUrl()) : cur.apiUrl(),
                        cur.createdAt(), now()));
                return repo.updateChannel(c).thenReturn(c);
            });
        });
    }

    public Mono<String> deleteChannel(String id) {
        return channel(id).flatMap(c -> repo.deleteChannel(id)).doOnSuccess(r -> events.configChanged()).thenReturn(id);
    }

    /** Sends a test message now (not through the outbox) and tells what the channel answered. */
    public Mono<Delivery> testChannel(String id) {
        return channel(id).flatMap(c -> sender.send(c, Notification.test()));
    }

    /** A value sent back exactly as it was shown (masked) keeps the stored secret. */
    private static String keepIfMasked(String sent, String stored, String shown) {
        if (sent != null && shown != null && sent.equals(shown) && !sent.equals(stored)) {
            return stored;
        }
        return emptyToNull(sent);
    }

    private static AlertChannel checkChannel(AlertChannel c) {
        String name = checkName(c.name());
        boolean telegram = c.type() == ChannelType.TELEGRAM;
        if (telegram) {
            if (c.url() != null) {
                throw InvalidInputException.field("url", "a telegram channel takes bot_token, chat_id and api_url, not url");
            }
            if (c.botToken() == null) {
                throw InvalidInputException.field("bot_token", "required for a telegram channel (from @BotFather, e.g. 123456:ABC-DEF…)");
            }
            if (!BOT_TOKEN.matcher(c.botToken()).matches()) {
                throw InvalidInputException.field("bot_token", "must look like 123456:ABC-DEF… (digits, a colon, letters, digits, _ or -)");
            }
            if (c.chatId() == null) {
                throw InvalidInputException.field("chat_id", "required for a telegram channel (a number, or @channelname)");
            }
            if (!CHAT_ID.matcher(c.chatId()).matches()) {
                throw InvalidInputException.field("chat_id", "must be a number (e.g. -1001234567890) or @channelname");
            }
            if (c.apiUrl() != null) {
                checkUrl("api_url", c.apiUrl());
            }
        } else {
            for (var field : Map.of("bot_token", String.valueOf(c.botToken() != null), "chat_id",
                    String.valueOf(c.chatId() != null), "api_url", String.valueOf(c.apiUrl() != null)).entrySet()) {
                if (Boolean.parseBoolean(field.getValue())) {
                    throw InvalidInputException.field(field.getKey(), "only a telegram channel takes " + field.getKey());
                }
            }
            if (c.url() == null) {
                throw InvalidInputException.field("url", "required for a " + c.type().wire() + " channel");
            }
            checkUrl("url", c.url());
        }
        if (c.secret() != null) {
            if (c.type() != ChannelType.WEBHOOK) {
                throw InvalidInputException.field("secret", "only a webhook channel signs its messages with a secret");
            }
            if (c.secret().length() > MAX_SECRET) {
                throw InvalidInputException.field("secret", "at most " + MAX_SECRET + " characters");
            }
        }
        return new AlertChannel(c.id(), name, c.type(), c.url(), c.secret(), c.botToken(), c.chatId(), c.apiUrl(),
                c.createdAt(), c.updatedAt());
    }

    static void checkUrl(String field, String url) {
        if (url.length() > MAX_URL) {
            throw InvalidInputException.field(field, "at most " + MAX_URL + " characters");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw InvalidInputException.field(field, "is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw InvalidInputException.field(field, "must be an http:// or https:// URL");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw InvalidInputException.field(field, "must name a host");
        }
        if (u.getRawUserInfo() != null) {
            throw InvalidInputException.field(field, "must not hold a user name or password");
        }
    }

    // ------------------------------------------------------------------ rules

    public Flux<AlertRule> rules() {
        return repo.findRules();
    }

    public Mono<AlertRule> rule(String id) {
        return repo.findRule(id).switchIfEmpty(Mono.error(() -> notFound("alert rule", id)));
    }

    public Mono<AlertRule> createRule(RuleInput in) {
        return Mono.defer(() -> {
            if (in.kind() == null) {
                throw InvalidInputException.field("kind", "required; one of " + AlertKind.allowed());
            }
            AlertKind kind = AlertKind.parse("kind", in.kind());
            Instant now = now();
            AlertRule r = checkRule(new AlertRule(UUID.randomUUID().toString(), in.name(), kind, in.threshold(),
                    in.scope() == null ? AlertScope.ALL : in.scope(),
                    in.channels() == null ? List.of() : in.channels(),
                    in.enabled() == null || in.enabled(), in.mutedUntil(), now, now));
            return knownChannels(r.channels())
                    .then(repo.insertRule(r).as(tx::transactional))
                    .then(Mono.defer(() -> {
                        events.configChanged();
                        return rule(r.id());
                    }));
        });
    }

    public Mono<AlertRule> updateRule(String id, RuleInput in) {
        return Mono.defer(() -> {
            if (in.has("kind") && in.kind() == null) {
                throw InvalidInputException.field("kind", "must not be null");
            }
            AlertKind kind = in.has("kind") ? AlertKind.parse("kind", in.kind()) : null;
            return rule(id).flatMap(cur -> {
                AlertKind k = kind != null ? kind : cur.kind();
                AlertRule r = checkRule(new AlertRule(cur.id(),
                        in.has("name") ? in.name() : cur.name(), k,
                        in.has("threshold") ? in.threshold() : (k == cur.kind() ? cur.threshold() : null),
                        in.has("scope") ? (in.scope() == null ? AlertScope.ALL : in.scope()) : cur.scope(),
                        in.has("channels") ? (in.channels() == null ? List.of() : in.channels()) : cur.channels(),
                        in.has("enabled") ? Boolean.TRUE.equals(in.enabled()) : cur.enabled(),
                        in.has("muted_until") ? in.mutedUntil() : cur.mutedUntil(),
                        cur.createdAt(), now()));
                return knownChannels(r.channels())
                        .then(repo.updateRule(r).as(tx::transactional))
                        .then(Mono.defer(() -> {
                            events.configChanged();
                            return rule(r.id());
                        }));
            });
        });
    }

    public Mono<String> deleteRule(String id) {
        return rule(id).flatMap(r -> repo.deleteRule(id)).doOnSuccess(r -> events.configChanged()).thenReturn(id);
    }

    private Mono<Void> knownChannels(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return repo.existingChannelIds(ids).collectList().flatMap(found -> {
            for (String id : ids) {
                if (found.stream().noneMatch(f -> f.equals(id))) {
                    return Mono.error(InvalidInputException.field("channels", "no alert channel '" + abbreviate(id) + "'"));
                }
            }
            return Mono.empty();
        });
    }

    private static AlertRule checkRule(AlertRule r) {
        String name = checkName(r.name());
        java.math.BigDecimal threshold = r.kind().checkThreshold("threshold", r.threshold());
        AlertScope s = r.scope();
        String type = null;
        if (s.type() != null) {
            SessionType t = SessionType.named(s.type());
            if (t == null) {
                throw InvalidInputException.field("scope.type", "unknown type '" + abbreviate(s.type()) + "'; expected one of "
                        + SessionType.allowed());
            }
            type = t.wire();
        }
        String market = scopeText("scope.market", s.market(), 20);
        String strategy = scopeText("scope.strategy", s.strategy(), 100);
        String sessionId = emptyToNull(s.sessionId());
        if (sessionId != null && !SessionIds.isCanonical(sessionId)) {
            throw InvalidInputException.field("scope.session_id", "must be a session id (a lower-case UUID)");
        }
        if (r.channels().size() > MAX_CHANNELS_PER_RULE) {
            throw InvalidInputException.field("channels", "at most " + MAX_CHANNELS_PER_RULE + " channels");
        }
        List<String> channels = new ArrayList<>(new LinkedHashSet<>(r.channels()));
        if (r.mutedUntil() != null && r.mutedUntil().getEpochSecond() > MAX_UNIX_SECONDS) {
            throw InvalidInputException.field("muted_until", "must be before the year 10000");
        }
        return new AlertRule(r.id(), name, r.kind(), threshold, new AlertScope(type, market == null ? null
                : market.toUpperCase(Locale.ROOT), strategy, sessionId), List.copyOf(channels), r.enabled(),
                r.mutedUntil(), r.createdAt(), r.updatedAt());
    }

    private static String scopeText(String field, String value, int max) {
        String v = emptyToNull(value);
        if (v != null && v.length() > max) {
            throw InvalidInputException.field(field, "at most " + max + " characters");
        }
        return v;
    }

    // ------------------------------------------------------------------ session mutes

    /** A session mute: no notifications for its episodes until {@code until}. */
    public record SessionMute(String sessionId, Instant mutedUntil) {
    }

    public Flux<SessionMute> mutes() {
        return repo.findMutes(now()).flatMapIterable(Map::entrySet).map(e -> new SessionMute(e.getKey(), e.getValue()));
    }

    public Mono<SessionMute> muteSession(String sessionId, Instant until) {
        return Mono.defer(() -> {
            if (sessionId == null || sessionId.isBlank()) {
                throw InvalidInputException.field("session_id", "required");
            }
            if (!SessionIds.isCanonical(sessionId)) {
                throw InvalidInputException.field("session_id", "must be a session id (a lower-case UUID)");
            }
            if (until == null) {
                throw InvalidInputException.field("muted_until", "required (unix seconds)");
            }
            if (until.getEpochSecond() > MAX_UNIX_SECONDS) {
                throw InvalidInputException.field("muted_until", "must be before the year 10000");
            }
            return repo.upsertMute(sessionId, until).doOnSuccess(v -> events.configChanged())
                    .thenReturn(new SessionMute(sessionId, until));
        });
    }

    public Mono<String> unmuteSession(String sessionId) {
        return repo.deleteMute(sessionId).doOnSuccess(v -> events.configChanged()).thenReturn(sessionId);
    }

    // ------------------------------------------------------------------ alerts

    /** Newest first; {@code state} null means every state. */
    public Flux<Alert> alerts(Alert.State state, int limit, int offset) {
        return repo.findAlerts(state, limit, offset);
    }

    public Mono<Alert> alert(String id) {
        return repo.findAlert(id).switchIfEmpty(Mono.error(() -> notFound("alert", id)));
    }

    /** Marks an alert seen; acknowledging twice changes nothing. */
    public Mono<Alert> acknowledge(String id) {
        return alert(id).flatMap(a -> repo.acknowledge(id, now())).then(Mono.defer(() -> alert(id)))
                .doOnNext(events::publish);
    }

    /** Where each notification of these alerts stands, per alert id. */
    public Mono<Map<String, List<AlertRepository.Outgoing>>> notifications(List<String> alertIds) {
        return repo.notificationsOf(alertIds).collectMultimap(o -> o.alert().id())
                .map(m -> {
                    Map<String, List<AlertRepository.Outgoing>> out = new java.util.HashMap<>();
                    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
                    return out;
                });
    }

    public Flux<Alert> changes() {
        return events.stream();
    }

    public static Alert.State parseState(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (Alert.State s : Alert.State.values()) {
            if (s.wire().equalsIgnoreCase(value.strip())) {
                return s;
            }
        }
        throw InvalidInputException.field(field, "unknown state '" + abbreviate(value) + "'; expected one of open, acknowledged, resolved");
    }

    // ------------------------------------------------------------------ helpers

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInputException.field("name", "required");
        }
        String n = name.strip();
        if (n.length() > MAX_NAME) {
            throw InvalidInputException.field("name", "at most " + MAX_NAME + " characters");
        }
        return n;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static NotFoundException notFound(String what, String id) {
        return new NotFoundException(what + " '" + abbreviate(String.valueOf(id)) + "' not found");
    }
}
