package io.botdeck.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.botdeck.alert.AlertCommands.ChannelInput;
import io.botdeck.alert.AlertCommands.RuleInput;
import io.botdeck.config.Sql;
import io.botdeck.error.InvalidInputException;
import io.botdeck.web.JsonInput;
import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code /alert-channels}, {@code /alert-rules}, {@code /alerts} and {@code /alert-mutes}: a thin
 * adapter over {@link AlertService}, in the plan's REST style (snake_case, unix seconds,
 * {@code success}). Secrets are only ever shown masked.
 */
@RestController
@Tag(name = "Alerts")
public class AlertRestController {

    private static final Set<String> CHANNEL_FIELDS = Set.of("name", "type", "url", "secret", "bot_token", "chat_id", "api_url");
    private static final Set<String> RULE_FIELDS = Set.of("name", "kind", "threshold", "scope", "channels", "enabled", "muted_until");
    private static final Set<String> SCOPE_FIELDS = Set.of("type", "market", "strategy", "session_id");
    private static final Set<String> MUTE_FIELDS = Set.of("session_id", "muted_until");

    private final AlertService alerts;

    public AlertRestController(AlertService alerts) {
        this.alerts = alerts;
    }

    // ------------------------------------------------------------------ views

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChannelView(String id, String name, String type, String url, boolean hasSecret, String secret,
                              String botToken, String chatId, String apiUrl, long createdAt, long updatedAt) {
        static ChannelView of(AlertChannel c) {
            return new ChannelView(c.id(), c.name(), c.type().wire(), c.shownUrl(), c.secret() != null, c.shownSecret(),
                    c.shownBotToken(), c.chatId(), c.type() == ChannelType.TELEGRAM ? c.telegramApi() : null,
                    c.createdAt().getEpochSecond(), c.updatedAt().getEpochSecond());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ScopeView(String type, String market, String strategy, String sessionId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RuleView(String id, String name, String kind, BigDecimal threshold, String unit, ScopeView scope,
                           List<String> channels, boolean enabled, Long mutedUntil, long createdAt, long updatedAt) {
        static RuleView of(AlertRule r) {
            AlertScope s = r.scope();
            return new RuleView(r.id(), r.name(), r.kind().wire(),
                    io.botdeck.web.Decimals.plain(r.threshold()), r.kind().unit(),
                    new ScopeView(s.type(), s.market(), s.strategy(), s.sessionId()), r.channels(), r.enabled(),
                    Sql.epochSeconds(r.mutedUntil()), r.createdAt().getEpochSecond(), r.updatedAt().getEpochSecond());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotificationView(String channelId, String episode, String state, int attempts, String lastError,
                                   Long deliveredAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertView(String id, String ruleId, String ruleName, String kind, String state, String sessionId,
                            String sessionName, String sessionType, String market, String strategy, String detail,
                            long startedAt, Long acknowledgedAt, Long resolvedAt, List<NotificationView> notifications) {
        static AlertView of(Alert a, List<AlertRepository.Outgoing> sent) {
            return new AlertView(a.id(), a.ruleId(), a.ruleName(), a.kind().wire(), a.state().wire(), a.sessionId(),
                    a.sessionName(), a.sessionType(), a.market(), a.strategy(), a.detail(), a.startedAt().getEpochSecond(),
                    Sql.epochSeconds(a.acknowledgedAt()), Sql.epochSeconds(a.resolvedAt()),
                    sent.stream().map(o -> new NotificationView(o.channelId(), o.phase(), o.state(), o.attempts(),
                            o.lastError(), Sql.epochSeconds(o.deliveredAt()))).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MuteView(String sessionId, long mutedUntil) {
    }

    public record ChannelResponse(boolean success, ChannelView channel) {
    }

    public record ChannelsResponse(boolean success, List<ChannelView> channels) {
    }

    public record RuleResponse(boolean success, RuleView rule) {
    }

    public record RulesResponse(boolean success, List<RuleView> rules) {
    }

    public record AlertResponse(boolean success, AlertView alert) {
    }

    public record AlertsResponse(boolean success, List<AlertView> alerts, int limit, int offset) {
    }

    public record MuteResponse(boolean success, MuteView mute) {
    }

    public record MutesResponse(boolean success, List<MuteView> mutes) {
    }

    public record DeletedResponse(boolean success, String id) {
    }

    /** {@code delivered}: the channel took the test message; otherwise {@code error} says what it answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestResponse(boolean success, boolean delivered, Integer status, String answer, String error) {
    }

    // ------------------------------------------------------------------ channels

    @PostMapping(path = "/alert-channels", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a channel: webhook, slack, discord, telegram or ntfy")
    public Mono<ChannelResponse> createChannel(@RequestBody JsonNode body) {
        return Mono.defer(() -> alerts.createChannel(channelInput(body)))
                .map(c -> new ChannelResponse(true, ChannelView.of(c)));
    }

    @GetMapping(path = "/alert-channels", produces = "application/json")
    @Operation(summary = "List channels (secrets masked)")
    public Mono<ChannelsResponse> channels() {
        return alerts.channels().map(ChannelView::of).collectList().map(l -> new ChannelsResponse(true, l));
    }

    @GetMapping(path = "/alert-channels/{id}", produces = "application/json")
    @Operation(summary = "Get a channel (secrets masked)")
    public Mono<ChannelResponse> channel(@PathVariable String id) {
        return alerts.channel(id).map(c -> new ChannelResponse(true, ChannelView.of(c)));
    }

    @PatchMapping(path = "/alert-channels/{id}", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Change a channel; a field sent as null is cleared, a masked value sent back keeps the secret")
    public Mono<ChannelResponse> updateChannel(@PathVariable String id, @RequestBody JsonNode body) {
        return Mono.defer(() -> alerts.updateChannel(id, channelInput(body)))
                .map(c -> new ChannelResponse(true, ChannelView.of(c)));
    }

    @DeleteMapping(path = "/alert-channels/{id}", produces = "application/json")
    @Operation(summary = "Delete a channel (rules stop using it; its pending notifications are dropped)")
    public Mono<DeletedResponse> deleteChannel(@PathVariable String id) {
        return alerts.deleteChannel(id).map(d -> new DeletedResponse(true, d));
    }

    @PostMapping(path = "/alert-channels/{id}/test", produces = "application/json")
    @Operation(summary = "Send a test message now and report what the channel answered")
    public Mono<TestResponse> testChannel(@PathVariable String id) {
        return alerts.testChannel(id).map(d -> new TestResponse(true, d.accepted(), d.status() == 0 ? null : d.status(),
                d.answer(), d.accepted() ? null : d.describe()));
    }

    private static ChannelInput channelInput(JsonNode body) {
        JsonInput in = JsonInput.object(body, CHANNEL_FIELDS);
        return new ChannelInput(in.string("name"), in.string("type"), in.string("url"), in.string("secret"),
                in.string("bot_token"), in.stringOrNumber("chat_id"), in.string("api_url"), present(body));
    }

    // ------------------------------------------------------------------ rules

    @PostMapping(path = "/alert-rules", consumes = "application/json", produces = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a rule: stale, failed, drawdown, loss, no_trade, error_rate or session_finished")
    public Mono<RuleResponse> createRule(@RequestBody JsonNode body) {
        return Mono.defer(() -> alerts.createRule(ruleInput(body))).map(r -> new RuleResponse(true, RuleView.of(r)));
    }

    @GetMapping(path = "/alert-rules", produces = "application/json")
    @Operation(summary = "List rules")
    public Mono<RulesResponse> rules() {
        return alerts.rules().map(RuleView::of).collectList().map(l -> new RulesResponse(true, l));
    }

    @GetMapping(path = "/alert-rules/{id}", produces = "application/json")
    @Operation(summary = "Get a rule")
    public Mono<RuleResponse> rule(@PathVariable String id) {
        return alerts.rule(id).map(r -> new RuleResponse(true, RuleView.of(r)));
    }

    @PatchMapping(path = "/alert-rules/{id}", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Change a rule; \"muted_until\" (unix seconds, null to unmute) mutes it for a while")
    public Mono<RuleResponse> updateRule(@PathVariable String id, @RequestBody JsonNode body) {
        return Mono.defer(() -> alerts.updateRule(id, ruleInput(body))).map(r -> new RuleResponse(true, RuleView.of(r)));
    }

    @DeleteMapping(path = "/alert-rules/{id}", produces = "application/json")
    @Operation(summary = "Delete a rule; its open alerts end without a message")
    public Mono<DeletedResponse> deleteRule(@PathVariable String id) {
        return alerts.deleteRule(id).map(d -> new DeletedResponse(true, d));
    }

    private static RuleInput ruleInput(JsonNode body) {
        JsonInput in = JsonInput.object(body, RULE_FIELDS);
        JsonInput scope = in.nested("scope", SCOPE_FIELDS);
        AlertScope s = scope == null ? null : new AlertScope(scope.string("type"), scope.string("market"),
                scope.string("strategy"), scope.string("session_id"));
        return new RuleInput(in.string("name"), in.string("kind"), in.decimal("threshold"), s,
                in.strings("channels", AlertService.MAX_CHANNELS_PER_RULE), in.bool("enabled"),
                unixSeconds(in, "muted_until"), present(body));
    }

    // ------------------------------------------------------------------ alerts

    @GetMapping(path = "/alerts", produces = "application/json")
    @Operation(summary = "Alert history, newest first; state=open|acknowledged|resolved")
    public Mono<AlertsResponse> list(@RequestParam(required = false) String state,
                                     @RequestParam(required = false) String limit,
                                     @RequestParam(required = false) String offset) {
        return Mono.defer(() -> {
            Alert.State s = AlertService.parseState("state", state);
            int l = QueryParams.size("limit", limit, AlertService.DEFAULT_LIMIT, 1, AlertService.MAX_LIMIT);
            int o = QueryParams.wholeNumber("offset", offset, 0, 0, 1_000_000);
            return alerts.alerts(s, l, o).collectList().flatMap(list -> alerts.notifications(list.stream().map(Alert::id).toList())
                    .map(sent -> new AlertsResponse(true, list.stream()
                            .map(a -> AlertView.of(a, sent.getOrDefault(a.id(), List.of()))).toList(), l, o)));
        });
    }

    @GetMapping(path = "/alerts/{id}", produces = "application/json")
    @Operation(summary = "Get an alert with where each of its notifications stands")
    public Mono<AlertResponse> alert(@PathVariable String id) {
        return alerts.alert(id).flatMap(this::withNotifications);
    }

    @PostMapping(path = "/alerts/{id}/acknowledge", produces = "application/json")
    @Operation(summary = "Acknowledge an alert (it leaves the bell; it still resolves when its condition clears)")
    public Mono<AlertResponse> acknowledge(@PathVariable String id) {
        return alerts.acknowledge(id).flatMap(this::withNotifications);
    }

    private Mono<AlertResponse> withNotifications(Alert a) {
        return alerts.notifications(List.of(a.id()))
                .map(sent -> new AlertResponse(true, AlertView.of(a, sent.getOrDefault(a.id(), List.of()))));
    }

    // ------------------------------------------------------------------ session mutes

    @PostMapping(path = "/alert-mutes", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Mute a session's alerts until \"muted_until\" (unix seconds)")
    public Mono<MuteResponse> mute(@RequestBody JsonNode body) {
        return Mono.defer(() -> {
            JsonInput in = JsonInput.object(body, MUTE_FIELDS);
            return alerts.muteSession(in.string("session_id"), unixSeconds(in, "muted_until"));
        }).map(m -> new MuteResponse(true, new MuteView(m.sessionId(), m.mutedUntil().getEpochSecond())));
    }

    @GetMapping(path = "/alert-mutes", produces = "application/json")
    @Operation(summary = "Sessions muted now")
    public Mono<MutesResponse> mutes() {
        return alerts.mutes().map(m -> new MuteView(m.sessionId(), m.mutedUntil().getEpochSecond())).collectList()
                .map(l -> new MutesResponse(true, l));
    }

    @DeleteMapping(path = "/alert-mutes/{sessionId}", produces = "application/json")
    @Operation(summary = "Unmute a session")
    public Mono<DeletedResponse> unmute(@PathVariable String sessionId) {
        return alerts.unmuteSession(sessionId).map(id -> new DeletedResponse(true, id));
    }

    // ------------------------------------------------------------------ helpers

    private static Instant unixSeconds(JsonInput in, String field) {
        Long seconds = in.wholeNumber(field);
        if (seconds == null) {
            return null;
        }
        if (seconds < 0 || seconds > AlertService.MAX_UNIX_SECONDS) {
            throw InvalidInputException.field(field, "must be unix seconds between 0 and " + AlertService.MAX_UNIX_SECONDS);
        }
        return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
    }

    private static Set<String> present(JsonNode body) {
        Set<String> names = new HashSet<>();
        body.propertyNames().forEach(names::add);
        return names;
    }

}
