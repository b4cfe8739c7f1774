package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.botdeck.alert.AlertEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import reactor.test.StepVerifier;

/** Alerts through GraphQL: channels, rules, masked secrets, bad inputs as classified errors, and the live {@code alerts} stream. */
class AlertGraphQlTest extends GraphQlIntegrationTest {

    @Autowired
    AlertEvents alertEvents;

    @BeforeEach
    void noAlertSettings() {
        db.sql("DELETE FROM alert_rules WHERE id NOT LIKE '7c1e3b52-5a0f-4c1e-9d1a-00000000000%'").then().block();
        db.sql("DELETE FROM alert_channels").then().block();
        alertEvents.configChanged();
    }

    private String createChannel(Map<String, Object> input) {
        return graphQl.document("mutation($input: CreateAlertChannelInput!) { createAlertChannel(input: $input) { id } }")
                .variable("input", input).execute().path("createAlertChannel.id").entity(String.class).get();
    }

    @Test
    void channelsAndRulesAreCreatedAndReadWithSecretsMasked() {
        String hook = createChannel(Map.of("name", "ops hook", "type", "WEBHOOK", "url", "http://127.0.0.1:9/h",
                "secret", "top-secret-value-9876"));
        String tg = createChannel(Map.of("name", "tg", "type", "TELEGRAM", "botToken", "123456:AAHsecretTokenXYZ",
                "chatId", "-1009"));
        String rule = graphQl.document("mutation($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { id kind threshold unit "
                        + "scope { type market } channels { id name } enabled } }")
                .variable("input", Map.of("name", "dd", "kind", "DRAWDOWN", "threshold", 12.5,
                        "scope", Map.of("type", "TEST", "market", "XBTUSD"), "channels", List.of(hook, tg)))
                .execute()
                .path("createAlertRule.kind").entity(String.class).isEqualTo("DRAWDOWN")
                .path("createAlertRule.threshold").entity(Double.class).isEqualTo(12.5)
                .path("createAlertRule.unit").entity(String.class).isEqualTo("percent")
                .path("createAlertRule.scope.type").entity(String.class).isEqualTo("TEST")
                .path("createAlertRule.channels[*].name").entityList(String.class).hasSize(2).contains("ops hook", "tg")
                .path("createAlertRule.id").entity(String.class).get();
        String all = graphQl.document("{ alertChannels { id type url hasSecret secret botToken chatId apiUrl } "
                        + "alertRules { id kind scope { type } } }")
                .execute()
                .path("alertChannels[?(@.id=='" + hook + "')].secret").entityList(String.class).containsExactly("****9876")
                .path("alertChannels[?(@.id=='" + tg + "')].botToken").entityList(String.class).containsExactly("****nXYZ")
                .path("alertChannels[?(@.id=='" + tg + "')].apiUrl").entityList(String.class).containsExactly("https://api.telegram.org")
                .path("alertRules[?(@.id=='7c1e3b52-5a0f-4c1e-9d1a-000000000001')].kind").entityList(String.class).containsExactly("STALE")
                .path("alertRules[?(@.id=='" + rule + "')].scope.type").entityList(String.class).containsExactly("TEST")
                .path("alertChannels").entity(Object.class).get().toString();
        assertThat(all).doesNotContain("top-secret-value").doesNotContain("AAHsecretToken");

        graphQl.document("mutation($id: ID!) { updateAlertRule(id: $id, input: {enabled: false, mutedUntil: \"2030-01-01T00:00:00Z\"}) "
                        + "{ enabled mutedUntil threshold } }").variable("id", rule).execute()
                .path("updateAlertRule.enabled").entity(Boolean.class).isEqualTo(false)
                .path("updateAlertRule.mutedUntil").entity(String.class).isEqualTo("2030-01-01T00:00:00.000Z")
                .path("updateAlertRule.threshold").entity(Double.class).isEqualTo(12.5);
        graphQl.document("mutation($id: ID!) { deleteAlertRule(id: $id) }").variable("id", rule).execute()
                .path("deleteAlertRule").entity(String.class).isEqualTo(rule);
        graphQl.document("mutation($id: ID!) { deleteAlertChannel(id: $id) }").variable("id", tg).execute()
                .path("deleteAlertChannel").entity(String.class).isEqualTo(tg);
    }

    private static Map<String, Object> rule(Object... pairs) {
        Map<String, Object> input = new HashMap<>(Map.of("name", "r", "kind", "STALE", "threshold", 30));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                input.remove((String) pairs[i]);
            } else {
                input.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return input;
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of(rule("kind", "CRASH"), "ValidationError", null),
                Arguments.of(rule("kind", null), "ValidationError", null),
                Arguments.of(rule("threshold", null), "BAD_REQUEST", "threshold"),
                Arguments.of(rule("threshold", 0), "BAD_REQUEST", "threshold"),
                Arguments.of(rule("threshold", 2.5), "BAD_REQUEST", "threshold"),
                Arguments.of(rule("kind", "DRAWDOWN", "threshold", 101), "BAD_REQUEST", "threshold"),
                Arguments.of(rule("kind", "FAILED"), "BAD_REQUEST", "threshold"),
                Arguments.of(rule("threshold", "soon"), "ValidationError", null),
                Arguments.of(rule("name", " "), "BAD_REQUEST", "name"),
                Arguments.of(rule("scope", Map.of("sessionId", "abc")), "BAD_REQUEST", "scope.sessionId"),
                Arguments.of(rule("scope", Map.of("type", "LIVE")), "ValidationError", null),
                Arguments.of(rule("scope", Map.of("market", "M".repeat(21))), "BAD_REQUEST", "scope.market"),
                Arguments.of(rule("channels", List.of("no-such-channel")), "BAD_REQUEST", "channels"),
                Arguments.of(rule("mutedUntil", "tomorrow"), "ValidationError", null));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badRules")
    void aBadRuleIsAClassifiedErrorNamingTheFieldAndWritesNothing(Map<String, Object> input, String classification, String field) {
        long before = count("SELECT COUNT(*) FROM alert_rules");
        graphQl.document("mutation($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { id } }")
                .variable("input", input).execute().errors().satisfy(errors -> check(errors, classification, field));
        assertThat(count("SELECT COUNT(*) FROM alert_rules")).isEqualTo(before);
    }

    static Stream<Arguments> badChannels() {
        return Stream.of(
                Arguments.of(Map.of("name", "x", "type", "EMAIL", "url", "http://a.test/"), "ValidationError", null),
                Arguments.of(Map.of("name", "x", "type", "WEBHOOK"), "BAD_REQUEST", "url"),
                Arguments.of(Map.of("name", "x", "type", "SLACK", "url", "hooks.slack.com/x"), "BAD_REQUEST", "url"),
                Arguments.of(Map.of("name", "x", "type", "DISCORD", "url", "http://a.test/", "secret", "k"), "BAD_REQUEST", "secret"),
                Arguments.of(Map.of("name", "x", "type", "TELEGRAM", "chatId", "1"), "BAD_REQUEST", "botToken"),
                Arguments.of(Map.of("name", "x", "type", "TELEGRAM", "botToken", "1:a", "chatId", "one"), "BAD_REQUEST", "chatId"),
                Arguments.of(Map.of("name", "x", "type", "TELEGRAM", "botToken", "1:a", "chatId", "1", "apiUrl", "x"), "BAD_REQUEST", "apiUrl"),
                Arguments.of(Map.of("name", "", "type", "NTFY", "url", "http://a.test/t"), "BAD_REQUEST", "name"));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badChannels")
    void aBadChannelIsAClassifiedErrorNamingTheFieldAndWritesNothing(Map<String, Object> input, String classification, String field) {
        graphQl.document("mutation($input: CreateAlertChannelInput!) { createAlertChannel(input: $input) { id } }")
                .variable("input", input).execute().errors().satisfy(errors -> check(errors, classification, field));
        assertThat(count("SELECT COUNT(*) FROM alert_channels")).isZero();
    }

    private static void check(List<ResponseError> errors, String classification, String field) {
        assertThat(errors).isNotEmpty();
        ResponseError error = errors.get(0);
        assertThat(error.getErrorType().toString()).isEqualTo(classification);
        if (field != null) {
            assertThat(error.getExtensions().get("fields")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
            assertThat(error.getMessage()).startsWith(field + ":");
        }
        assertThat(error.getMessage()).doesNotContain("Exception").doesNotContain("io.botdeck");
    }

    @Test
    void unknownIdsAreNotFound() {
        graphQl.document("mutation { acknowledgeAlert(id: \"nope\") { id } }").execute().errors()
                .expect(e -> e.getErrorType().toString().equals("NOT_FOUND")).verify();
        graphQl.document("mutation { testAlertChannel(id: \"nope\") { delivered } }").execute().errors()
                .expect(e -> e.getErrorType().toString().equals("NOT_FOUND")).verify();
        graphQl.document("{ alerts(limit: 0) { id } }").execute().errors()
                .expect(e -> e.getErrorType().toString().equals("BAD_REQUEST")).verify();
    }

    @Test
    void theAlertsSubscriptionSeesAnAlertOpenAndGetAcknowledged() {
        String session = createTestSession();
        startSession(session);
        graphQl.document("mutation($input: CreateAlertRuleInput!) { createAlertRule(input: $input) { id } }")
                .variable("input", Map.of("name", "watch", "kind", "STALE", "threshold", 60, "scope", Map.of("sessionId", session)))
                .execute().path("createAlertRule.id").hasValue();
        java.util.concurrent.atomic.AtomicReference<String> alertId = new java.util.concurrent.atomic.AtomicReference<>();
        var opened = socket().document("subscription { alerts { id sessionId ruleName state } }")
                .executeSubscription().toFlux("alerts", mapType())
                .filter(a -> session.equals(a.get("sessionId")) && "watch".equals(a.get("ruleName")));
        StepVerifier.create(opened.take(1))
                .then(() -> {
                    SessionLogsSubscriptionTest.sleep(300);
                    db.sql("UPDATE sessions SET last_updated = :at WHERE id = :id")
                            .bind("at", LocalDateTime.ofInstant(Instant.now().minusSeconds(100), ZoneOffset.UTC))
                            .bind("id", session).then().block();
                })
                .assertNext(a -> {
                    assertThat(a.get("state")).isEqualTo("OPEN");
                    alertId.set((String) a.get("id"));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        var acknowledged = socket().document("subscription { alerts { id state } }")
                .executeSubscription().toFlux("alerts", mapType())
                .filter(a -> alertId.get().equals(a.get("id")));
        StepVerifier.create(acknowledged.take(1))
                .then(() -> {
                    SessionLogsSubscriptionTest.sleep(300);
                    graphQl.document("mutation($id: ID!) { acknowledgeAlert(id: $id) { state } }").variable("id", alertId.get())
                            .execute().path("acknowledgeAlert.state").entity(String.class).isEqualTo("ACKNOWLEDGED");
                })
                .assertNext(a -> assertThat(a.get("state")).isEqualTo("ACKNOWLEDGED"))
                .expectComplete()
                .verify(Duration.ofSeconds(60));
    }
}
