package io.botdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.botdeck.core.LogLevel;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLogs;
import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionChanges;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Episodes from detection to fake receivers on loopback: what each channel receives, the
 * signature, no duplicates, the resolved message, grouping, retries, a restart with a pending
 * outbox, and a hung receiver that delays nobody else.
 */
class AlertDeliveryTest extends AlertTestSupport {

    @Autowired
    JsonMapper json;
    @Autowired
    AlertEvaluator evaluator;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    SessionChanges changes;
    @Autowired
    SessionLogs logs;
    @Autowired
    MetricsStore metrics;

    private JsonNode body(FakeReceiver.Request r) {
        return json.readTree(r.body());
    }

    /** Waits (bounded) until the evaluator has finished {@code n} more passes and the outbox holds nothing pending. */
    private void settle(int n) {
        long target = evaluator.passes() + n;
        FakeReceiver.waitUntil(() -> evaluator.passes() >= target, Duration.ofSeconds(60), n + " evaluation passes");
        FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE state = 'pending' AND attempts = 0") == 0,
                Duration.ofSeconds(60), "the outbox to be sent");
    }

    @Test
    void aStaleSessionIsSentOnceSignedAndItsRecoveryOnce() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("ops hook", hook.url("/hook"), "hmac-key-123456");
            String session = runningSession("BTC bot", 0);
            String ruleId = rule("{\"name\":\"quiet bot\",\"kind\":\"stale\",\"threshold\":20,\"scope\":{\"session_id\":\""
                    + session + "\"},\"channels\":[\"" + channel + "\"]}");
            heartbeatAgo(session, 100);

            FakeReceiver.Request started = hook.await(1).get(0);
            assertThat(started.method()).isEqualTo("POST");
            assertThat(started.path()).isEqualTo("/hook");
            assertThat(started.header("Content-Type")).startsWith("application/json");
            assertThat(started.header("Content-Length")).isEqualTo(Integer.toString(started.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(started.header("Transfer-Encoding")).isNull();
            String expected = "sha256=" + ChannelSender.hmacSha256Hex("hmac-key-123456", started.body().getBytes(StandardCharsets.UTF_8));
            assertThat(started.header("X-Botdeck-Signature")).isEqualTo(expected);
            JsonNode b = body(started);
            assertThat(b.get("episode").asString()).isEqualTo("started");
            assertThat(b.get("kind").asString()).isEqualTo("stale");
            assertThat(b.get("rule").get("id").asString()).isEqualTo(ruleId);
            assertThat(b.get("rule").get("name").asString()).isEqualTo("quiet bot");
            assertThat(b.get("sessions")).hasSize(1);
            JsonNode s = b.get("sessions").get(0);
            assertThat(s.get("id").asString()).isEqualTo(session);
            assertThat(s.get("name").asString()).isEqualTo("BTC bot");
            assertThat(s.get("market").asString()).isEqualTo("XBTUSD");
            assertThat(s.get("status").asString()).isEqualTo("running");
            assertThat(s.get("detail").asString()).startsWith("no heartbeat for ");
            String alertId = s.get("alert_id").asString();
            // the receiver has the message before its answer is recorded
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE alert_id = '" + alertId
                    + "' AND state = 'delivered'") == 1, Duration.ofSeconds(30), "the delivery to be recorded");

            http.get().uri("/alerts?state=open").exchange().expectBody()
                    .jsonPath("$.alerts[?(@.id=='" + alertId + "')].kind").isEqualTo("stale")
                    .jsonPath("$.alerts[?(@.id=='" + alertId + "')].notifications[0].state").isEqualTo("delivered");

            settle(3);
            assertThat(hook.requests()).hasSize(1);

            post("/sessions/" + session + "/heartbeat").expectStatus().isOk();
            FakeReceiver.Request resolved = hook.await(2).get(1);
            JsonNode r = body(resolved);
            assertThat(r.get("episode").asString()).isEqualTo("resolved");
            assertThat(r.get("sessions").get(0).get("alert_id").asString()).isEqualTo(alertId);
            assertThat(r.get("sessions").get(0).get("resolved_at").isNumber()).isTrue();
            assertThat(resolved.header("X-Botdeck-Signature")).isEqualTo("sha256="
                    + ChannelSender.hmacSha256Hex("hmac-key-123456", resolved.body().getBytes(StandardCharsets.UTF_8)));

            settle(3);
            assertThat(hook.requests()).hasSize(2);
            http.get().uri("/alerts/" + alertId).exchange().expectBody()
                    .jsonPath("$.alert.state").isEqualTo("resolved")
                    .jsonPath("$.alert.notifications.length()").isEqualTo(2);
        }
    }

    @Test
    void aBurstIsOneMessageNamingEverySession() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("burst", hook.url("/b"), null);
            rule("{\"name\":\"feed drop\",\"kind\":\"stale\",\"threshold\":60,\"scope\":{\"market\":\"ETHUSD\"},\"channels\":[\"" + channel + "\"]}");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = create("{\"name\":\"eth " + i + "\",\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
                post("/sessions/" + id + "/start").expectStatus().isOk();
                ids.add(id);
            }
            db.sql("UPDATE sessions SET last_updated = UTC_TIMESTAMP() - INTERVAL 100 SECOND WHERE market = 'ETHUSD'").then().block();
            FakeReceiver.Request msg = hook.await(1).get(0);
            settle(2);
            assertThat(hook.requests()).hasSize(1);
            JsonNode b = body(msg);
            List<String> named = new ArrayList<>();
            b.get("sessions").forEach(s -> named.add(s.get("id").asString()));
            assertThat(named).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(b.get("text").asString()).contains("6 sessions");
        }
    }

    @Test
    void a500IsRetriedAndTheLastFailureIsKeptWithTheAnswer() throws Exception {
        try (FakeReceiver flaky = new FakeReceiver(); FakeReceiver broken = new FakeReceiver()) {
            flaky.answer(500);
            broken.body("upstream exploded").answer(500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
            String ok = webhook("flaky", flaky.url("/f"), null);
            String bad = webhook("broken", broken.url("/x"), null);
            String session = runningSession("retry bot", 0);
            rule("{\"name\":\"r\",\"kind\":\"stale\",\"threshold\":5,\"scope\":{\"session_id\":\"" + session
                    + "\"},\"channels\":[\"" + ok + "\",\"" + bad + "\"]}");
            heartbeatAgo(session, 100);

            List<FakeReceiver.Request> got = flaky.await(2);
            assertThat(body(got.get(0)).toString()).isEqualTo(body(got.get(1)).toString().replaceAll(
                    "\"sent_at\":\\d+", body(got.get(0)).toString().replaceAll(".*(\"sent_at\":\\d+).*", "$1")));
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + ok
                    + "' AND state = 'delivered' AND attempts = 2") == 1, Duration.ofSeconds(30), "the retry to be recorded");

            broken.await(1);
            // the broken channel is on its last attempt: the next failure is final
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + bad
                    + "' AND attempts >= 1 AND state = 'pending'") == 1, Duration.ofSeconds(30), "the first failure to be recorded");
            db.sql("UPDATE alert_outbox SET attempts = 7, next_attempt_at = UTC_TIMESTAMP(3) WHERE channel_id = '" + bad + "'").then().block();
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + bad
                    + "' AND state = 'failed'") == 1, Duration.ofSeconds(30), "the notification to fail for good");
            String error = db.sql("SELECT last_error FROM alert_outbox WHERE channel_id = '" + bad + "'")
                    .map(row -> row.get(0, String.class)).one().block();
            assertThat(error).isEqualTo("HTTP 500: upstream exploded");
            int sent = broken.requests().size();
            settle(2);
            assertThat(broken.requests()).hasSize(sent);
        }
    }

    @Test
    void aHungReceiverDelaysNoOtherChannel() throws Exception {
        try (FakeReceiver hung = new FakeReceiver().hang(); FakeReceiver fine = new FakeReceiver()) {
            String slow = webhook("hung", hung.url("/h"), null);
            String fast = webhook("fine", fine.url("/f"), null);
            String session = runningSession("hang bot", 0);
            rule("{\"name\":\"r\",\"kind\":\"stale\",\"threshold\":5,\"scope\":{\"session_id\":\"" + session
                    + "\"},\"channels\":[\"" + slow + "\",\"" + fast + "\"]}");
            heartbeatAgo(session, 100);
            hung.await(1);
            fine.await(1);
            // the hung receiver has not answered yet: it holds its request until released
            assertThat(count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + slow + "' AND state = 'pending' AND attempts = 0")).isEqualTo(1);
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + fast
                    + "' AND state = 'delivered'") == 1, Duration.ofSeconds(30), "the other channel's delivery");
            // and requests are served meanwhile
            http.get().uri("/alert-channels").exchange().expectStatus().isOk();
            hung.release();
        }
    }

    @Test
    void aDispatcherStartingWithAPendingOutboxDeliversIt() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("after restart", hook.url("/r"), null);
            dispatcher.stop();
            try {
                db.sql("INSERT INTO alerts (id, rule_id, rule_name, kind, session_id, session_name, session_type, market, "
                        + "strategy, detail, started_at, open_key) VALUES ('a0000000-0000-4000-8000-000000000001', 'gone-rule', "
                        + "'written before the restart', 'failed', 'b0000000-0000-4000-8000-000000000001', 'old bot', 'test', "
                        + "'XBTUSD', 'TestBot', 'failed: feed lost', UTC_TIMESTAMP(3), NULL)").then().block();
                db.sql("INSERT INTO alert_outbox (alert_id, channel_id, phase, state, attempts, next_attempt_at, created_at) "
                        + "VALUES ('a0000000-0000-4000-8000-000000000001', '" + channel + "', 'started', 'pending', 3, "
                        + "UTC_TIMESTAMP(3) - INTERVAL 1 SECOND, UTC_TIMESTAMP(3))").then().block();
            } finally {
                dispatcher.start();
            }
            JsonNode b = body(hook.await(1).get(0));
            assertThat(b.get("rule").get("name").asString()).isEqualTo("written before the restart");
            assertThat(b.get("sessions").get(0).get("status").asString()).isEqualTo("deleted");
            FakeReceiver.waitUntil(() -> count("SELECT COUNT(*) FROM alert_outbox WHERE channel_id = '" + channel
                    + "' AND state = 'delivered' AND attempts = 4") == 1, Duration.ofSeconds(30), "delivery to be recorded");
        } finally {
            db.sql("DELETE FROM alerts WHERE id = 'a0000000-0000-4000-8000-000000000001'").then().block();
        }
    }

    @Test
    void eachChatChannelGetsItsOwnFormat() throws Exception {
        try (FakeReceiver slack = new FakeReceiver(); FakeReceiver discord = new FakeReceiver();
             FakeReceiver telegram = new FakeReceiver().body("{\"ok\":true,\"result\":{\"message_id\":1}}");
             FakeReceiver ntfy = new FakeReceiver()) {
            String s = createdId("/alert-channels", "{\"name\":\"s\",\"type\":\"slack\",\"url\":\"" + slack.url("/services/T/B/C") + "\"}", "channel");
            String d = createdId("/alert-channels", "{\"name\":\"d\",\"type\":\"discord\",\"url\":\"" + discord.url("/api/webhooks/1/x") + "\"}", "channel");
            String t = createdId("/alert-channels", "{\"name\":\"t\",\"type\":\"telegram\",\"bot_token\":\"123456:ABC-def_ghi\",\"chat_id\":\"-1001\",\"api_url\":\"" + telegram.url("") + "\"}", "channel");
            String n = createdId("/alert-channels", "{\"name\":\"n\",\"type\":\"ntfy\",\"url\":\"" + ntfy.url("/botdeck-alerts") + "\"}", "channel");
            String session = runningSession("SOL bot", 0);
            rule("{\"name\":\"quiet\",\"kind\":\"stale\",\"threshold\":5,\"scope\":{\"session_id\":\"" + session
                    + "\"},\"channels\":[\"" + s + "\",\"" + d + "\",\"" + t + "\",\"" + n + "\"]}");
            heartbeatAgo(session, 100);

            JsonNode sl = body(slack.await(1).get(0));
            assertThat(sl.propertyNames()).containsExactly("text");
            assertThat(sl.get("text").asString()).contains("quiet").contains("SOL bot").contains("no heartbeat");

            JsonNode di = body(discord.await(1).get(0));
            assertThat(di.propertyNames()).containsExactly("content");
            assertThat(di.get("content").asString()).contains("SOL bot");

            FakeReceiver.Request tg = telegram.await(1).get(0);
            assertThat(tg.path()).isEqualTo("/bot123456:ABC-def_ghi/sendMessage");
            JsonNode tb = body(tg);
            assertThat(tb.get("chat_id").asString()).isEqualTo("-1001");
            assertThat(tb.get("text").asString()).contains("SOL bot");

            FakeReceiver.Request nt = ntfy.await(1).get(0);
            assertThat(nt.path()).isEqualTo("/botdeck-alerts");
            assertThat(nt.header("Content-Type")).startsWith("text/plain");
            assertThat(nt.header("Title")).contains("quiet");
            assertThat(nt.body()).contains("SOL bot").contains("no heartbeat");
        }
    }

    @Test
    void sendTestReportsWhatTheChannelAnswered() throws Exception {
        try (FakeReceiver telegram = new FakeReceiver().body("{\"ok\":false,\"description\":\"Bad Request: chat not found\"}").answer(400);
             FakeReceiver hook = new FakeReceiver()) {
            String t = createdId("/alert-channels", "{\"name\":\"t\",\"type\":\"telegram\",\"bot_token\":\"42:tok\",\"chat_id\":\"@ops\",\"api_url\":\"" + telegram.url("/") + "\"}", "channel");
            String h = webhook("h", hook.url("/t"), "k");
            post("/alert-channels/" + h + "/test").expectStatus().isOk().expectBody()
                    .jsonPath("$.success").isEqualTo(true)
                    .jsonPath("$.delivered").isEqualTo(true)
                    .jsonPath("$.status").isEqualTo(200);
            assertThat(body(hook.await(1).get(0)).get("episode").asString()).isEqualTo("test");
            post("/alert-channels/" + t + "/test").expectStatus().isOk().expectBody()
                    .jsonPath("$.delivered").isEqualTo(false)
                    .jsonPath("$.status").isEqualTo(400)
                    .jsonPath("$.error").value(e -> assertThat((String) e).contains("chat not found"));
            assertThat(telegram.await(1).get(0).path()).isEqualTo("/bot42:tok/sendMessage");
            // nobody listening: a clear answer, not an error
            webhook("closed", "http://127.0.0.1:1/none", null);
            String closed = db.sql("SELECT id FROM alert_channels WHERE name = 'closed'").map(r -> r.get(0, String.class)).one().block();
            post("/alert-channels/" + closed + "/test").expectStatus().isOk().expectBody()
                    .jsonPath("$.delivered").isEqualTo(false)
                    .jsonPath("$.error").isEqualTo("connection refused");
        }
    }

    @Test
    void aFailureWhoseChangeWasNotSeenIsCaughtUpOnceAndOneSeenIsNotSentAgain() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("late", hook.url("/late"), null);
            String unseen = createTest();
            String seen = runningSession("seen bot", 0);
            String failures = rule("{\"name\":\"failures\",\"kind\":\"failed\",\"scope\":{\"type\":\"test\"},\"channels\":[\"" + channel + "\"]}");

            // failed as another writer (or a server that went down before telling anyone) would leave it: no change published
            db.sql("UPDATE sessions SET status = 'failed', error_message = 'feed lost', started_at = UTC_TIMESTAMP(), "
                    + "stopped_at = UTC_TIMESTAMP() WHERE id = '" + unseen + "'").then().block();
            // and one failure the evaluator hears of at once
            db.sql("UPDATE sessions SET status = 'failed', error_message = 'exchange said no', stopped_at = UTC_TIMESTAMP() "
                    + "WHERE id = '" + seen + "'").then().block();
            changes.publish(seen, SessionChange.Kind.STATUS);

            List<FakeReceiver.Request> got = hook.await(1);
            settle(4);
            Map<String, String> detailBySession = new java.util.HashMap<>();
            for (FakeReceiver.Request r : hook.requests()) {
                body(r).get("sessions").forEach(x -> assertThat(detailBySession.put(x.get("id").asString(), x.get("detail").asString()))
                        .as("one message per session").isNull());
            }
            assertThat(got).isNotEmpty();
            assertThat(detailBySession).containsOnlyKeys(unseen, seen);
            assertThat(detailBySession.get(seen)).isEqualTo("failed: exchange said no");
            assertThat(detailBySession.get(unseen)).startsWith("failed: feed lost (at ").endsWith(", seen late)");
            assertThat(count("SELECT COUNT(*) FROM alerts WHERE rule_id = '" + failures + "'")).isEqualTo(2);
            // the rule of a fresh install (no channel) saw both as well, once each
            assertThat(count("SELECT COUNT(*) FROM alerts WHERE rule_id = '" + FAILED_RULE + "' AND session_id IN ('"
                    + unseen + "', '" + seen + "')")).isEqualTo(2);
        }
    }

    @Test
    void aDrawdownOpensWhenEquityFallsBelowItsPeakAndClearsWhenItRecovers() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("dd", hook.url("/dd"), null);
            // running as far as the database knows, with no run in this process that would write its curve
            String session = createTest();
            db.sql("UPDATE sessions SET status = 'running', started_at = UTC_TIMESTAMP(), last_updated = UTC_TIMESTAMP() "
                    + "WHERE id = '" + session + "'").then().block();
            rule("{\"name\":\"deep\",\"kind\":\"drawdown\",\"threshold\":5,\"scope\":{\"session_id\":\"" + session
                    + "\"},\"channels\":[\"" + channel + "\"]}");
            long t = System.currentTimeMillis();
            metrics.append(session, List.of(new EquityPoint(t, new java.math.BigDecimal("10000"), java.math.BigDecimal.ZERO),
                    new EquityPoint(t + 1, new java.math.BigDecimal("9200"), new java.math.BigDecimal("8.0000"))));
            db.sql("UPDATE sessions SET max_drawdown = 8 WHERE id = '" + session + "'").then().block();

            JsonNode started = body(hook.await(1).get(0));
            assertThat(started.get("kind").asString()).isEqualTo("drawdown");
            assertThat(started.get("sessions").get(0).get("detail").asString())
                    .isEqualTo("drawdown 8% below peak equity (limit 5%; max so far 8%)");

            // equity recovers to 3% below the peak: the max drawdown stays 8, the episode clears
            metrics.append(session, List.of(new EquityPoint(t + 2, new java.math.BigDecimal("9700"), new java.math.BigDecimal("3.0000"))));
            JsonNode resolved = body(hook.await(2).get(1));
            assertThat(resolved.get("episode").asString()).isEqualTo("resolved");
            assertThat(resolved.get("kind").asString()).isEqualTo("drawdown");
            settle(2);
            assertThat(hook.requests()).hasSize(2);
            assertThat(count("SELECT COUNT(*) FROM sessions WHERE id = '" + session + "' AND max_drawdown = 8")).isEqualTo(1);
        }
    }

    @Test
    void failureLossAndErrorRateOpenEpisodesAndAcknowledgingKeepsThemUntilResolved() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("h", hook.url("/h"), null);
            String failing = runningSession("failing bot", 0);
            // running as far as the database knows, with no run in this process that would rewrite its results
            String losing = createTest();
            db.sql("UPDATE sessions SET status = 'running', started_at = UTC_TIMESTAMP(), last_updated = UTC_TIMESTAMP() "
                    + "WHERE id = '" + losing + "'").then().block();
            String noisy = runningSession("noisy bot", 0);
            rule("{\"name\":\"failed\",\"kind\":\"failed\",\"scope\":{\"session_id\":\"" + failing + "\"},\"channels\":[\"" + channel + "\"]}");
            rule("{\"name\":\"loss\",\"kind\":\"loss\",\"threshold\":100,\"scope\":{\"session_id\":\"" + losing + "\"},\"channels\":[\"" + channel + "\"]}");
            rule("{\"name\":\"errors\",\"kind\":\"error_rate\",\"threshold\":3,\"scope\":{\"session_id\":\"" + noisy + "\"},\"channels\":[\"" + channel + "\"]}");

            db.sql("UPDATE sessions SET status = 'failed', error_message = 'exchange said no' WHERE id = '" + failing + "'").then().block();
            changes.publish(failing, SessionChange.Kind.STATUS);
            db.sql("UPDATE sessions SET total_pnl = -250.5 WHERE id = '" + losing + "'").then().block();
            long now = System.currentTimeMillis();
            List<LogEntry> lines = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lines.add(new LogEntry(0, now, LogEntry.Kind.LOG, LogLevel.ERROR, "order rejected " + i, Map.of()));
            }
            logs.of(noisy).append(lines);

            List<FakeReceiver.Request> got = hook.await(3);
            Map<String, String> details = new java.util.HashMap<>();
            for (FakeReceiver.Request r : got) {
                JsonNode b = body(r);
                details.put(b.get("kind").asString(), b.get("sessions").get(0).get("detail").asString());
            }
            assertThat(details).containsEntry("failed", "failed: exchange said no")
                    .containsEntry("loss", "PnL -250.5 USD (limit -100)")
                    .containsEntry("error_rate", "3 error lines in the last minute (limit 3)");

            String lossAlert = db.sql("SELECT id FROM alerts WHERE session_id = '" + losing + "' AND kind = 'loss'")
                    .map(r -> r.get(0, String.class)).one().block();
            post("/alerts/" + lossAlert + "/acknowledge").expectStatus().isOk().expectBody()
                    .jsonPath("$.alert.state").isEqualTo("acknowledged")
                    .jsonPath("$.alert.acknowledged_at").isNumber();
            http.get().uri("/alerts?state=acknowledged").exchange().expectBody()
                    .jsonPath("$.alerts[?(@.id=='" + lossAlert + "')]").exists();
            db.sql("UPDATE sessions SET total_pnl = 10 WHERE id = '" + losing + "'").then().block();
            JsonNode resolved = body(hook.await(4).get(3));
            assertThat(resolved.get("episode").asString()).isEqualTo("resolved");
            assertThat(resolved.get("kind").asString()).isEqualTo("loss");
            http.get().uri("/alerts/" + lossAlert).exchange().expectBody().jsonPath("$.alert.state").isEqualTo("resolved");
        }
    }

    @Test
    void aMutedRuleOrSessionRecordsTheEpisodeButSendsNothing() throws Exception {
        try (FakeReceiver hook = new FakeReceiver()) {
            String channel = webhook("h", hook.url("/h"), null);
            String quietRule = runningSession("muted rule bot", 0);
            String quietSession = runningSession("muted session bot", 0);
            String loud = runningSession("loud bot", 0);
            long until = System.currentTimeMillis() / 1000 + 3600;
            rule("{\"name\":\"muted\",\"kind\":\"stale\",\"threshold\":60,\"muted_until\":" + until
                    + ",\"scope\":{\"session_id\":\"" + quietRule + "\"},\"channels\":[\"" + channel + "\"]}");
            rule("{\"name\":\"on\",\"kind\":\"stale\",\"threshold\":60,\"scope\":{\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"},\"channels\":[\"" + channel + "\"]}");
            postJson("/alert-mutes", "{\"session_id\":\"" + quietSession + "\",\"muted_until\":" + until + "}").expectStatus().isOk();
            heartbeatAgo(quietSession, 100);
            heartbeatAgo(quietRule, 100);
            heartbeatAgo(loud, 100);
            JsonNode b = body(hook.await(1).get(0));
            settle(2);
            assertThat(hook.requests()).hasSize(1);
            List<String> named = new ArrayList<>();
            b.get("sessions").forEach(s -> named.add(s.get("id").asString()));
            assertThat(named).containsExactlyInAnyOrder(loud, quietRule);
            assertThat(b.get("rule").get("name").asString()).isEqualTo("on");
            assertThat(count("SELECT COUNT(*) FROM alerts WHERE session_id = '" + quietSession + "' AND resolved_at IS NULL AND rule_name = 'on'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM alerts WHERE session_id = '" + quietRule + "' AND resolved_at IS NULL AND rule_name = 'muted'")).isEqualTo(1);
        }
    }
}
