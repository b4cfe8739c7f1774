package io.botdeck.alert;

import static io.botdeck.config.Sql.bind;
import static io.botdeck.config.Sql.instant;
import static io.botdeck.config.Sql.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Hand-written SQL of the alert tables: channels, rules, mutes, alerts and the outbox. */
@Repository
public class AlertRepository {

    private static final String CHANNEL_COLUMNS = "id, name, type, url, secret, bot_token, chat_id, api_url, created_at, updated_at";
    private static final String RULE_COLUMNS = "id, name, kind, threshold, scope_type, scope_market, scope_strategy, "
            + "scope_session_id, enabled, muted_until, created_at, updated_at";
    private static final String ALERT_COLUMNS = "id, rule_id, rule_name, kind, session_id, session_name, session_type, "
            + "market, strategy, detail, started_at, acknowledged_at, resolved_at";

    private final DatabaseClient db;

    public AlertRepository(DatabaseClient db) {
        this.db = db;
    }

    // ------------------------------------------------------------------ channels

    public Mono<Void> insertChannel(AlertChannel c) {
        return channelValues(db.sql("INSERT INTO alert_channels (" + CHANNEL_COLUMNS + ") VALUES "
                + "(:id, :name, :type, :url, :secret, :bot_token, :chat_id, :api_url, :created_at, :updated_at)"), c)
                .bind("created_at", utc(c.createdAt()))
                .then();
    }

    public Mono<Long> updateChannel(AlertChannel c) {
        return channelValues(db.sql("UPDATE alert_channels SET name = :name, type = :type, url = :url, secret = :secret, "
                + "bot_token = :bot_token, chat_id = :chat_id, api_url = :api_url, updated_at = :updated_at WHERE id = :id"), c)
                .fetch().rowsUpdated();
    }

    private static GenericExecuteSpec channelValues(GenericExecuteSpec spec, AlertChannel c) {
        spec = spec.bind("id", c.id()).bind("name", c.name()).bind("type", c.type().wire())
                .bind("updated_at", utc(c.updatedAt()));
        spec = bind(spec, "url", c.url(), String.class);
        spec = bind(spec, "secret", c.secret(), String.class);
        spec = bind(spec, "bot_token", c.botToken(), String.class);
        spec = bind(spec, "chat_id", c.chatId(), String.class);
        return bind(spec, "api_url", c.apiUrl(), String.class);
    }

    public Mono<Long> deleteChannel(String id) {
        return db.sql("DELETE FROM alert_channels WHERE id = :id").bind("id", id).fetch().rowsUpdated();
    }

    public Mono<AlertChannel> findChannel(String id) {
        return db.sql("SELECT " + CHANNEL_COLUMNS + " FROM alert_channels WHERE id = :id").bind("id", id)
                .map(AlertRepository::channel).one();
    }

    public Flux<AlertChannel> findChannels() {
        return db.sql("SELECT " + CHANNEL_COLUMNS + " FROM alert_channels ORDER BY created_at, id")
                .map(AlertRepository::channel).all();
    }

    public Flux<String> existingChannelIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT id FROM alert_channels WHERE id IN (:ids)").bind("ids", List.copyOf(ids))
                .map(row -> row.get("id", String.class)).all();
    }

    private static AlertChannel channel(Readable row) {
        return new AlertChannel(row.get("id", String.class), row.get("name", String.class),
                ChannelType.fromWire(row.get("type", String.class)), row.get("url", String.class),
                row.get("secret", String.class), row.get("bot_token", String.class), row.get("chat_id", String.class),
                row.get("api_url", String.class), instant(row, "created_at"), instant(row, "updated_at"));
    }

    // ------------------------------------------------------------------ rules

    public Mono<Void> insertRule(AlertRule r) {
        return ruleValues(db.sql("INSERT INTO alert_rules (" + RULE_COLUMNS + ") VALUES (:id, :name, :kind, :threshold, "
                + ":scope_type, :scope_market, :scope_strategy, :scope_session_id, :enabled, :muted_until, :created_at, :updated_at)"), r)
                .bind("created_at", utc(r.createdAt()))
                .then()
                .then(insertRuleChannels(r.id(), r.channels()));
    }

    public Mono<Long> updateRule(AlertRule r) {
        return ruleValues(db.sql("UPDATE alert_rules SET name = :name, kind = :kind, threshold = :threshold, "
                + "scope_type = :scope_type, scope_market = :scope_market, scope_strategy = :scope_strategy, "
                + "scope_session_id = :scope_session_id, enabled = :enabled, muted_until = :muted_until, "
                + "updated_at = :updated_at WHERE id = :id"), r)
                .fetch().rowsUpdated()
                .flatMap(rows -> db.sql("DELETE FROM alert_rule_channels WHERE rule_id = :id").bind("id", r.id()).then()
                        .then(insertRuleChannels(r.id(), r.channels()))
                        .thenReturn(rows));
    }

    private Mono<Void> insertRuleChannels(String ruleId, List<String> channels) {
        if (channels.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO alert_rule_channels (rule_id, channel_id) VALUES ");
        for (int i = 0; i < channels.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:rule, :c").append(i).append(')');
        }
        GenericExecuteSpec spec = db.sql(sql.toString()).bind("rule", ruleId);
        for (int i = 0; i < channels.size(); i++) {
            spec = spec.bind("c" + i, channels.get(i));
        }
        return spec.then();
    }

    private static GenericExecuteSpec ruleValues(GenericExecuteSpec spec, AlertRule r) {
        spec = spec.bind("id", r.id()).bind("name", r.name()).bind("kind", r.kind().wire())
                .bind("enabled", r.enabled()).bind("updated_at", utc(r.updatedAt()));
        spec = bind(spec, "threshold", r.threshold(), BigDecimal.class);
        spec = bind(spec, "scope_type", r.scope().type(), String.class);
        spec = bind(spec, "scope_market", r.scope().market(), String.class);
        spec = bind(spec, "scope_strategy", r.scope().strategy(), String.class);
        spec = bind(spec, "scope_session_id", r.scope().sessionId(), String.class);
        return bind(spec, "muted_until", utc(r.mutedUntil()), LocalDateTime.class);
    }

    public Mono<Long> deleteRule(String id) {
        return db.sql("DELETE FROM alert_rules WHERE id = :id").bind("id", id).fetch().rowsUpdated();
    }

    public Mono<AlertRule> findRule(String id) {
        return db.sql("SELECT " + RULE_COLUMNS + " FROM alert_rules WHERE id = :id").bind("id", id)
                .map(AlertRepository::rule).one()
                .flatMap(r -> channelsOf(List.of(r.id())).map(m -> withChannels(r, m)));
    }

    public Flux<AlertRule> findRules() {
        return db.sql("SELECT " + RULE_COLUMNS + " FROM alert_rules ORDER BY created_at, id")
                .map(AlertRepository::rule).all().collectList()
                .flatMapMany(rules -> channelsOf(rules.stream().map(AlertRule::id).toList())
                        .flatMapIterable(m -> rules.stream().map(r -> withChannels(r, m)).toList()));
    }

    private Mono<Map<String, List<String>>> channelsOf(List<String> ruleIds) {
        if (ruleIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT rc.rule_id, rc.channel_id FROM alert_rule_channels rc JOIN alert_channels c "
                        + "ON c.id = rc.channel_id WHERE rc.rule_id IN (:ids) ORDER BY c.created_at, c.id")
                .bind("ids", ruleIds)
                .map(row -> Map.entry(row.get("rule_id", String.class), row.get("channel_id", String.class)))
                .all()
                .collect(LinkedHashMap::new, (Map<String, List<String>> m, Map.Entry<String, String> e) ->
                        m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    private static AlertRule withChannels(AlertRule r, Map<String, List<String>> channels) {
        return new AlertRule(r.id(), r.name(), r.kind(), r.threshold(), r.scope(),
                List.copyOf(channels.getOrDefault(r.id(), List.of())), r.enabled(), r.mutedUntil(), r.createdAt(),
                r.updatedAt());
    }

    private static AlertRule rule(Readable row) {
        Object enabled = row.get("enabled");
        boolean on = enabled instanceof Boolean b ? b : enabled instanceof Number n && n.intValue() != 0;
        return new AlertRule(row.get("id", String.class), row.get("name", String.class),
                AlertKind.fromWire(row.get("kind", String.class)), row.get("threshold", BigDecimal.class),
                new AlertScope(row.get("scope_type", String.class), row.get("scope_market", String.class),
                        row.get("scope_strategy", String.class), row.get("scope_session_id", String.class)),
                List.of(), on, instant(row, "muted_until"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    // ------------------------------------------------------------------ session mutes

    public Mono<Void> upsertMute(String sessionId, Instant until) {
        return db.sql("INSERT INTO alert_session_mutes (session_id, muted_until) VALUES (:id, :until) "
                        + "ON DUPLICATE KEY UPDATE muted_until = VALUES(muted_until)")
                .bind("id", sessionId).bind("until", utc(until)).then();
    }

    public Mono<Long> deleteMute(String sessionId) {
        return db.sql("DELETE FROM alert_session_mutes WHERE session_id = :id").bind("id", sessionId)
                .fetch().rowsUpdated();
    }

    /** Mutes still in force at {@code now}, by session id. */
    public Mono<Map<String, Instant>> findMutes(Instant now) {
        return db.sql("SELECT session_id, muted_until FROM alert_session_mutes WHERE muted_until > :now ORDER BY muted_until")
                .bind("now", utc(now))
                .map(row -> Map.entry(row.get("session_id", String.class), instant(row, "muted_until")))
                .all()
                .collect(LinkedHashMap::new, (Map<String, Instant> m, Map.Entry<String, Instant> e) -> m.put(e.getKey(), e.getValue()));
    }

    // ------------------------------------------------------------------ alerts

    public Flux<Alert> findAlerts(Alert.State state, int limit, int offset) {
        String where = state == null ? "" : switch (state) {
            case OPEN -> " WHERE resolved_at IS NULL AND acknowledged_at IS NULL";
            case ACKNOWLEDGED -> " WHERE resolved_at IS NULL AND acknowledged_at IS NOT NULL";
            case RESOLVED -> " WHERE resolved_at IS NOT NULL";
        };
        return db.sql("SELECT " + ALERT_COLUMNS + " FROM alerts" + where + " ORDER BY started_at DESC, id DESC "
                        + "LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset)
                .map(AlertRepository::alert).all();
    }

    public Mono<Alert> findAlert(String id) {
        return db.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = :id").bind("id", id)
                .map(AlertRepository::alert).one();
    }

    /** Episodes not yet resolved, oldest first. */
    public Flux<Alert> findUnresolved() {
        return db.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE open_key IS NOT NULL ORDER BY started_at")
                .map(AlertRepository::alert).all();
    }

    /** Episodes of these sessions that started at or after {@code since}, resolved ones included. */
    public Flux<Alert> findStartedSince(List<String> sessionIds, Instant since) {
        if (sessionIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE session_id IN (:ids) AND started_at >= :since")
                .bind("ids", sessionIds).bind("since", utc(since))
                .map(AlertRepository::alert).all();
    }

    public Mono<Long> acknowledge(String id, Instant at) {
        return db.sql("UPDATE alerts SET acknowledged_at = :at WHERE id = :id AND acknowledged_at IS NULL")
                .bind("at", utc(at)).bind("id", id).fetch().rowsUpdated();
    }

    /**
     * Records new episodes and the notifications of their start, both in one multi-row statement
     * each. {@code channels} holds, per alert id, the channels to notify (none while muted).
     */
    public Mono<Void> insertOpened(List<Alert> alerts, Map<String, List<String>> channels, Instant dueAt) {
        if (alerts.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO alerts (" + ALERT_COLUMNS + ", open_key) VALUES ");
        for (int i = 0; i < alerts.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:id").append(i).append(", :rule").append(i).append(", :rn").append(i)
                    .append(", :kind").append(i).append(", :sid").append(i).append(", :sn").append(i).append(", :st").append(i)
                    .append(", :mk").append(i).append(", :sg").append(i).append(", :dt").append(i).append(", :at").append(i)
                    .append(", NULL, NULL, :key").append(i).append(')');
        }
        GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            spec = spec.bind("id" + i, a.id()).bind("rule" + i, a.ruleId()).bind("rn" + i, a.ruleName())
                    .bind("kind" + i, a.kind().wire()).bind("sid" + i, a.sessionId()).bind("sn" + i, a.sessionName())
                    .bind("st" + i, a.sessionType()).bind("mk" + i, a.market()).bind("sg" + i, a.strategy())
                    .bind("dt" + i, a.detail()).bind("at" + i, utc(a.startedAt()))
                    .bind("key" + i, a.ruleId() + "/" + a.sessionId());
        }
        List<String[]> rows = new ArrayList<>();
        for (Alert a : alerts) {
            for (String channel : channels.getOrDefault(a.id(), List.of())) {
                rows.add(new String[] {a.id(), channel});
            }
        }
        return spec.then().then(insertOutbox(rows, "started", dueAt));
    }

    private Mono<Void> insertOutbox(List<String[]> rows, String phase, Instant dueAt) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder("INSERT IGNORE INTO alert_outbox (alert_id, channel_id, phase, state, attempts, "
                + "next_attempt_at, created_at) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:a").append(i).append(", :c").append(i)
                    .append(", :phase, 'pending', 0, :due, :now)");
        }
        GenericExecuteSpec spec = db.sql(sql.toString()).bind("phase", phase).bind("due", utc(dueAt))
                .bind("now", utc(Instant.now()));
        for (int i = 0; i < rows.size(); i++) {
            spec = spec.bind("a" + i, rows.get(i)[0]).bind("c" + i, rows.get(i)[1]);
        }
        return spec.then();
    }

    /**
     * Resolves episodes; with {@code notify}, each channel that was told of an episode's start is
     * told it cleared.
     */
    public Mono<Void> resolve(List<String> alertIds, Instant at, boolean notify, Instant dueAt) {
        if (alertIds.isEmpty()) {
            return Mono.empty();
        }
        Mono<Void> update = db.sql("UPDATE alerts SET resolved_at = :at, open_key = NULL WHERE id IN (:ids) AND resolved_at IS NULL")
                .bind("at", utc(at)).bind("ids", alertIds).then();
        if (!notify) {
            return update;
        }
        return update.then(db.sql("INSERT IGNORE INTO alert_outbox (alert_id, channel_id, phase, state, attempts, "
                        + "next_attempt_at, created_at) SELECT alert_id, channel_id, 'resolved', 'pending', 0, :due, :now "
                        + "FROM alert_outbox WHERE alert_id IN (:ids) AND phase = 'started'")
                .bind("due", utc(dueAt)).bind("now", utc(at)).bind("ids", alertIds).then());
    }

    private static Alert alert(Readable row) {
        return new Alert(row.get("id", String.class), row.get("rule_id", String.class), row.get("rule_name", String.class),
                AlertKind.fromWire(row.get("kind", String.class)), row.get("session_id", String.class),
                row.get("session_name", String.class), row.get("session_type", String.class),
                row.get("market", String.class), row.get("strategy", String.class), row.get("detail", String.class),
                instant(row, "started_at"), instant(row, "acknowledged_at"), instant(row, "resolved_at"));
    }

    // ------------------------------------------------------------------ outbox

    /** A notification waiting in (or done with) the outbox, with its episode and the session's current status. */
    public record Outgoing(long id, String channelId, String phase, String state, int attempts, String lastError,
                           Instant deliveredAt, Alert alert, String sessionStatus) {
    }

    /** Per channel with pending notifications: when the earliest is due. */
    public Mono<Map<String, Instant>> pendingChannels() {
        return db.sql("SELECT channel_id, MIN(next_attempt_at) AS due FROM alert_outbox WHERE state = 'pending' GROUP BY channel_id")
                .map(row -> Map.entry(row.get("channel_id", String.class), instant(row, "due")))
                .all()
                .collect(LinkedHashMap::new, (Map<String, Instant> m, Map.Entry<String, Instant> e) -> m.put(e.getKey(), e.getValue()));
    }

    /** A channel's pending notifications that are due, and fresh ones still in their grouping window. */
    public Flux<Outgoing> pendingFor(String channelId, Instant now, int limit) {
        return db.sql("SELECT o.id AS o_id, o.channel_id, o.phase, o.state, o.attempts, o.last_error, o.delivered_at, "
                        + "a.id, a.rule_id, a.rule_name, a.kind, a.session_id, a.session_name, a.session_type, a.market, "
                        + "a.strategy, a.detail, a.started_at, a.acknowledged_at, a.resolved_at, s.status AS session_status "
                        + "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id LEFT JOIN sessions s ON s.id = a.session_id "
                        + "WHERE o.state = 'pending' AND o.channel_id = :channel AND (o.next_attempt_at <= :now OR o.attempts = 0) "
                        + "ORDER BY o.id LIMIT :limit")
                .bind("channel", channelId).bind("now", utc(now)).bind("limit", limit)
                .map(AlertRepository::outgoing).all();
    }

    /** Every notification of these episodes, oldest first (for the history's delivery column). */
    public Flux<Outgoing> notificationsOf(List<String> alertIds) {
        if (alertIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT o.id AS o_id, o.channel_id, o.phase, o.state, o.attempts, o.last_error, o.delivered_at, "
                        + "a.id, a.rule_id, a.rule_name, a.kind, a.session_id, a.session_name, a.session_type, a.market, "
                        + "a.strategy, a.detail, a.started_at, a.acknowledged_at, a.resolved_at, NULL AS session_status "
                        + "FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id WHERE o.alert_id IN (:ids) ORDER BY o.id")
                .bind("ids", alertIds)
                .map(AlertRepository::outgoing).all();
    }

    private static Outgoing outgoing(Readable row) {
        return new Outgoing(((Number) row.get("o_id")).longValue(), row.get("channel_id", String.class),
                row.get("phase", String.class), row.get("state", String.class),
                ((Number) row.get("attempts")).intValue(), row.get("last_error", String.class),
                instant(row, "delivered_at"), alert(row), row.get("session_status", String.class));
    }

    public Mono<Void> markDelivered(List<Long> ids, Instant at) {
        return db.sql("UPDATE alert_outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = :at, "
                        + "last_error = NULL WHERE id IN (:ids) AND state = 'pending'")
                .bind("at", utc(at)).bind("ids", ids).then();
    }

    /** A failed attempt: retried at {@code retryAt}, or failed for good when {@code retryAt} is null. */
    public Mono<Void> markAttemptFailed(List<Long> ids, String error, Instant retryAt) {
        String sql = retryAt == null
                ? "UPDATE alert_outbox SET state = 'failed', attempts = attempts + 1, last_error = :error WHERE id IN (:ids) AND state = 'pending'"
                : "UPDATE alert_outbox SET attempts = attempts + 1, last_error = :error, next_attempt_at = :retry "
                        + "WHERE id IN (:ids) AND state = 'pending'";
        GenericExecuteSpec spec = db.sql(sql).bind("ids", ids).bind("error", error);
        if (retryAt != null) {
            spec = spec.bind("retry", utc(retryAt));
        }
        return spec.then();
    }
}
