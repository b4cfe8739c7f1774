package io.botdeck.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.botdeck.alert.AlertCommands.ChannelInput;
import io.botdeck.alert.AlertCommands.RuleInput;
import io.botdeck.web.QueryParams;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * GraphQL adapter of {@link AlertService}: channels, rules, alerts, mutes and the {@code alerts}
 * subscription. Inputs arrive as maps so that an omitted field (kept) differs from a null (cleared).
 */
@Controller
public class AlertGraphQlController {

    private final AlertService alerts;

    public AlertGraphQlController(AlertService alerts) {
        this.alerts = alerts;
    }

    /** {@code AlertChannel}: credentials masked. */
    public record ChannelView(String id, String name, String type, String url, boolean hasSecret, String secret,
                              String botToken, String chatId, String apiUrl, Instant createdAt, Instant updatedAt) {
        static ChannelView of(AlertChannel c) {
            return new ChannelView(c.id(), c.name(), c.type().name(), c.shownUrl(), c.secret() != null, c.shownSecret(),
                    c.shownBotToken(), c.chatId(), c.type() == ChannelType.TELEGRAM ? c.telegramApi() : null,
                    c.createdAt(), c.updatedAt());
        }
    }

    /** {@code AlertScope}. */
    public record ScopeView(String type, String market, String strategy, String sessionId) {
    }

    /** {@code AlertRule}; {@code channels} resolved in one query per list. */
    public record RuleView(String id, String name, String kind, BigDecimal threshold, String unit, ScopeView scope,
                           List<String> channelIds, boolean enabled, Instant mutedUntil, Instant createdAt,
                           Instant updatedAt) {
        static RuleView of(AlertRule r) {
            AlertScope s = r.scope();
            return new RuleView(r.id(), r.name(), r.kind().name(), r.threshold(), r.kind().unit(),
                    new ScopeView(s.type() == null ? null : s.type().toUpperCase(Locale.ROOT), s.market(), s.strategy(),
                            s.sessionId()), r.channels(), r.enabled(), r.mutedUntil(), r.createdAt(), r.updatedAt());
        }
    }

    /** {@code Alert}. */
    public record AlertView(String id, String ruleId, String ruleName, String kind, String state, String sessionId,
                            String sessionName, String sessionType, String market, String strategy, String detail,
                            Instant startedAt, Instant acknowledgedAt, Instant resolvedAt) {
        static AlertView of(Alert a) {
            return new AlertView(a.id(), a.ruleId(), a.ruleName(), a.kind().name(), a.state().name(), a.sessionId(),
                    a.sessionName(), a.sessionType().toUpperCase(Locale.ROOT), a.market(), a.strategy(), a.detail(),
                    a.startedAt(), a.acknowledgedAt(), a.resolvedAt());
        }
    }

    /** {@code AlertNotification}. */
    public record NotificationView(String channelId, String episode, String state, int attempts, String lastError,
                                   Instant deliveredAt) {
    }

    /** {@code ChannelTestResult}. */
    public record TestView(boolean delivered, Integer status, String answer, String error) {
    }

    /** {@code SessionMute}. */
    public record MuteView(String sessionId, Instant mutedUntil) {
    }

    // ------------------------------------------------------------------ queries

    @QueryMapping
    public Flux<ChannelView> alertChannels() {
        return alerts.channels().map(ChannelView::of);
    }

    @QueryMapping
    public Flux<RuleView> alertRules() {
        return alerts.rules().map(RuleView::of);
    }

    @QueryMapping("alerts")
    public Flux<AlertView> alertList(@Argument String state, @Argument Integer limit, @Argument Integer offset) {
        return Flux.defer(() -> alerts.alerts(AlertService.parseState("state", state),
                QueryParams.size("limit", limit, AlertService.DEFAULT_LIMIT, 1, AlertService.MAX_LIMIT),
                QueryParams.wholeNumber("offset", offset, 0, 0, 1_000_000)).map(AlertView::of));
    }

    @QueryMapping
    public Flux<MuteView> alertMutes() {
        return alerts.mutes().map(m -> new MuteView(m.sessionId(), m.mutedUntil()));
    }

    @BatchMapping(typeName = "AlertRule", field = "channels")
    public Mono<Map<RuleView, List<ChannelView>>> ruleChannels(List<RuleView> rules) {
        return alerts.channels().collectMap(AlertChannel::id, ChannelView::of).map(byId -> {
            Map<RuleView, List<ChannelView>> out = new LinkedHashMap<>();
            rules.forEach(r -> out.put(r, r.channelIds().stream().filter(byId::containsKey).map(byId::get).toList()));
            return out;
        });
    }

    @BatchMapping(typeName = "Alert", field = "notifications")
    public Mono<Map<AlertView, List<NotificationView>>> notifications(List<AlertView> list) {
        return alerts.notifications(list.stream().map(AlertView::id).toList()).map(sent -> {
            Map<AlertView, List<NotificationView>> out = new LinkedHashMap<>();
            list.forEach(a -> out.put(a, sent.getOrDefault(a.id(), List.of()).stream()
                    .map(o -> new NotificationView(o.channelId(), o.phase(), o.state().toUpperCase(Locale.ROOT),
                            o.attempts(), o.lastError(), o.deliveredAt())).toList()));
            return out;
        });
    }

    @SchemaMapping(typeName = "AlertRule", field = "threshold")
    public BigDecimal threshold(RuleView rule) {
        return io.botdeck.web.Decimals.plain(rule.threshold());
    }

    // ------------------------------------------------------------------ mutations

    @MutationMapping
    public Mono<ChannelView> createAlertChannel(@Argument Map<String, Object> input) {
        return Mono.defer(() -> alerts.createChannel(channelInput(input))).map(ChannelView::of);
    }

    @MutationMapping
    public Mono<ChannelView> updateAlertChannel(@Argument String id, @Argument Map<String, Object> input) {
        return Mono.defer(() -> alerts.updateChannel(id, channelInput(input))).map(ChannelView::of);
    }

    @MutationMapping
    public Mono<String> deleteAlertChannel(@Argument String id) {
        return alerts.deleteChannel(id);
    }

    @MutationMapping
    public Mono<TestView> testAlertChannel(@Argument String id) {
        return alerts.testChannel(id).map(d -> new TestView(d.accepted(), d.status() == 0 ? null : d.status(),
                d.answer(), d.accepted() ? null : d.describe()));
    }

    @MutationMapping
    public Mono<RuleView> createAlertRule(@Argument Map<String, Object> input) {
        return Mono.defer(() -> alerts.createRule(ruleInput(input))).map(RuleView::of);
    }

    @MutationMapping
    public Mono<RuleView> updateAlertRule(@Argument String id, @Argument Map<String, Object> input) {
        return Mono.defer(() -> alerts.updateRule(id, ruleInput(input))).map(RuleView::of);
    }

    @MutationMapping
    public Mono<String> deleteAlertRule(@Argument String id) {
        return alerts.deleteRule(id);
    }

    @MutationMapping
    public Mono<AlertView> acknowledgeAlert(@Argument String id) {
        return alerts.acknowledge(id).map(AlertView::of);
    }

    @MutationMapping
    public Mono<MuteView> muteSession(@Argument Map<String, Object> input) {
        return Mono.defer(() -> alerts.muteSession((String) input.get("sessionId"), instant(input.get("mutedUntil"))))
                .map(m -> new MuteView(m.sessionId(), m.mutedUntil()));
    }

    @MutationMapping
    public Mono<String> unmuteSession(@Argument String sessionId) {
        return alerts.unmuteSession(sessionId);
    }

    @SubscriptionMapping("alerts")
    public Flux<AlertView> alertStream() {
        return alerts.changes().map(AlertView::of);
    }

    // ------------------------------------------------------------------ inputs

    /** GraphQL's names of the input fields, by the services' (REST) names. */
    private static final Map<String, String> NAMES = Map.of("bot_token", "botToken", "chat_id", "chatId",
            "api_url", "apiUrl", "muted_until", "mutedUntil");

    private static Set<String> present(Map<String, Object> input) {
        Set<String> names = new java.util.HashSet<>();
        for (String key : input.keySet()) {
            String rest = NAMES.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                    .findFirst().orElse(key);
            names.add(rest);
        }
        return names;
    }

    private static ChannelInput channelInput(Map<String, Object> in) {
        Object type = in.get("type");
        return new ChannelInput((String) in.get("name"), type == null ? null : type.toString(), (String) in.get("url"),
                (String) in.get("secret"), (String) in.get("botToken"), (String) in.get("chatId"),
                (String) in.get("apiUrl"), present(in));
    }

    @SuppressWarnings("unchecked")
    private static RuleInput ruleInput(Map<String, Object> in) {
        Object kind = in.get("kind");
        Map<String, Object> scope = (Map<String, Object>) in.get("scope");
        AlertScope s = scope == null ? null : new AlertScope(
                scope.get("type") == null ? null : scope.get("type").toString(), (String) scope.get("market"),
                (String) scope.get("strategy"), (String) scope.get("sessionId"));
        return new RuleInput((String) in.get("name"), kind == null ? null : kind.toString(),
                (BigDecimal) in.get("threshold"), s, (List<String>) in.get("channels"), (Boolean) in.get("enabled"),
                instant(in.get("mutedUntil")), present(in));
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant() : value instanceof Instant i ? i : null;
    }
}
