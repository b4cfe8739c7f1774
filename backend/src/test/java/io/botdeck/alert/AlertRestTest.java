package io.botdeck.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

/** The REST routes of channels, rules, mutes and alerts: shapes, masking, and every bad input a 400 that writes nothing. */
class AlertRestTest extends AlertTestSupport {

    @Test
    void aFreshInstallWatchesEveryLiveSessionForStaleAndFailed() {
        http.get().uri("/alert-rules").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.rules[?(@.id=='" + STALE_RULE + "')].kind").isEqualTo("stale")
                .jsonPath("$.rules[?(@.id=='" + STALE_RULE + "')].threshold").isEqualTo(30)
                .jsonPath("$.rules[?(@.id=='" + STALE_RULE + "')].scope.type").isEqualTo("test")
                .jsonPath("$.rules[?(@.id=='" + STALE_RULE + "')].enabled").isEqualTo(true)
                .jsonPath("$.rules[?(@.id=='" + FAILED_RULE + "')].kind").isEqualTo("failed")
                .jsonPath("$.rules[?(@.id=='" + FAILED_RULE + "')].scope.type").isEqualTo("test")
                .jsonPath("$.rules[?(@.id=='" + FAILED_RULE + "')].enabled").isEqualTo(true);
    }

    @Test
    void aWebhookChannelIsCreatedAndItsSecretIsNeverShownInFull() {
        http.post().uri("/alert-channels").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"ops hook\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"s3cret-value-abcd\"}")
                .exchange().expectStatus().isCreated().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.channel.id").isNotEmpty()
                .jsonPath("$.channel.type").isEqualTo("webhook")
                .jsonPath("$.channel.name").isEqualTo("ops hook")
                .jsonPath("$.channel.url").isEqualTo("http://127.0.0.1:9/hook")
                .jsonPath("$.channel.has_secret").isEqualTo(true)
                .jsonPath("$.channel.secret").isEqualTo("****abcd");
        String all = http.get().uri("/alert-channels").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(all).doesNotContain("s3cret-value").contains("****abcd");
        assertThat(count("SELECT COUNT(*) FROM alert_channels WHERE secret = 's3cret-value-abcd'")).isEqualTo(1);
    }

    @Test
    void slackDiscordAndTelegramCredentialsAreMasked() {
        String slack = createdId("/alert-channels", "{\"name\":\"s\",\"type\":\"slack\",\"url\":\"https://hooks.slack.example/services/T0/B0/XXXXXXXXsecret\"}", "channel");
        String tg = createdId("/alert-channels", "{\"name\":\"t\",\"type\":\"telegram\",\"bot_token\":\"123456:ABCdefGhIJKlmnoPQRstu\",\"chat_id\":-100123}", "channel");
        String body = http.get().uri("/alert-channels").exchange().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("XXXXXXXXsecret").doesNotContain("ABCdefGhIJKlmnoPQRstu");
        http.get().uri("/alert-channels/" + slack).exchange().expectBody()
                .jsonPath("$.channel.url").isEqualTo("https://hooks.slack.example/****cret");
        http.get().uri("/alert-channels/" + tg).exchange().expectBody()
                .jsonPath("$.channel.bot_token").isEqualTo("****Rstu")
                .jsonPath("$.channel.chat_id").isEqualTo("-100123")
                .jsonPath("$.channel.api_url").isEqualTo("https://api.telegram.org");
        // the masked value sent back unchanged keeps the stored token
        patchJson("/alert-channels/" + tg, "{\"bot_token\":\"****Rstu\",\"name\":\"t2\"}").expectStatus().isOk();
        assertThat(count("SELECT COUNT(*) FROM alert_channels WHERE bot_token = '123456:ABCdefGhIJKlmnoPQRstu' AND name = 't2'")).isEqualTo(1);
    }

    @Test
    void channelsAndRulesAreReadChangedAndDeleted() {
        String hook = webhook("a", "http://127.0.0.1:9/a", null);
        String id = rule("{\"name\":\"dd\",\"kind\":\"drawdown\",\"threshold\":12.5,\"scope\":{\"market\":\"xbtusd\",\"strategy\":\"TestBot\"},\"channels\":[\"" + hook + "\"]}");
        http.get().uri("/alert-rules/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.rule.kind").isEqualTo("drawdown")
                .jsonPath("$.rule.threshold").isEqualTo(12.5)
                .jsonPath("$.rule.unit").isEqualTo("percent")
                .jsonPath("$.rule.scope.market").isEqualTo("XBTUSD")
                .jsonPath("$.rule.scope.strategy").isEqualTo("TestBot")
                .jsonPath("$.rule.channels[0]").isEqualTo(hook)
                .jsonPath("$.rule.muted_until").doesNotExist();
        long until = System.currentTimeMillis() / 1000 + 3600;
        patchJson("/alert-rules/" + id, "{\"muted_until\":" + until + ",\"enabled\":false}").expectStatus().isOk().expectBody()
                .jsonPath("$.rule.muted_until").isEqualTo((int) until)
                .jsonPath("$.rule.enabled").isEqualTo(false)
                .jsonPath("$.rule.threshold").isEqualTo(12.5);
        patchJson("/alert-channels/" + hook, "{\"url\":\"https://example.test/b\"}").expectStatus().isOk().expectBody()
                .jsonPath("$.channel.url").isEqualTo("https://example.test/b");
        http.delete().uri("/alert-channels/" + hook).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(hook);
        http.get().uri("/alert-rules/" + id).exchange().expectBody().jsonPath("$.rule.channels.length()").isEqualTo(0);
        http.delete().uri("/alert-rules/" + id).exchange().expectStatus().isOk();
        http.get().uri("/alert-rules/" + id).exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.success").isEqualTo(false);
    }

    @Test
    void sessionsAreMutedAndUnmuted() {
        String session = createTest();
        long until = System.currentTimeMillis() / 1000 + 600;
        postJson("/alert-mutes", "{\"session_id\":\"" + session + "\",\"muted_until\":" + until + "}").expectStatus().isOk()
                .expectBody().jsonPath("$.mute.session_id").isEqualTo(session).jsonPath("$.mute.muted_until").isEqualTo((int) until);
        http.get().uri("/alert-mutes").exchange().expectBody().jsonPath("$.mutes[?(@.session_id=='" + session + "')]").exists();
        http.delete().uri("/alert-mutes/" + session).exchange().expectStatus().isOk();
        http.get().uri("/alert-mutes").exchange().expectBody().jsonPath("$.mutes[?(@.session_id=='" + session + "')]").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no type                   | {\"name\":\"x\",\"url\":\"http://a.test/\"}                                   | type",
            "unknown type              | {\"name\":\"x\",\"type\":\"email\",\"url\":\"http://a.test/\"}                | type",
            "no name                   | {\"type\":\"webhook\",\"url\":\"http://a.test/\"}                            | name",
            "no url                    | {\"name\":\"x\",\"type\":\"webhook\"}                                        | url",
            "malformed url             | {\"name\":\"x\",\"type\":\"slack\",\"url\":\"not a url\"}                     | url",
            "ftp url                   | {\"name\":\"x\",\"type\":\"discord\",\"url\":\"ftp://a.test/x\"}              | url",
            "url with password         | {\"name\":\"x\",\"type\":\"ntfy\",\"url\":\"http://u:p@a.test/x\"}            | url",
            "url is a number           | {\"name\":\"x\",\"type\":\"webhook\",\"url\":5}                               | url",
            "secret on slack           | {\"name\":\"x\",\"type\":\"slack\",\"url\":\"http://a.test/\",\"secret\":\"k\"} | secret",
            "telegram without token    | {\"name\":\"x\",\"type\":\"telegram\",\"chat_id\":\"1\"}                       | bot_token",
            "telegram bad token        | {\"name\":\"x\",\"type\":\"telegram\",\"bot_token\":\"abc\",\"chat_id\":\"1\"}  | bot_token",
            "telegram without chat     | {\"name\":\"x\",\"type\":\"telegram\",\"bot_token\":\"1:abc\"}                 | chat_id",
            "telegram bad chat         | {\"name\":\"x\",\"type\":\"telegram\",\"bot_token\":\"1:abc\",\"chat_id\":\"x y\"} | chat_id",
            "telegram bad api_url      | {\"name\":\"x\",\"type\":\"telegram\",\"bot_token\":\"1:abc\",\"chat_id\":\"1\",\"api_url\":\"nope\"} | api_url",
            "telegram with url         | {\"name\":\"x\",\"type\":\"telegram\",\"bot_token\":\"1:abc\",\"chat_id\":\"1\",\"url\":\"http://a.test/\"} | url",
            "chat_id on webhook        | {\"name\":\"x\",\"type\":\"webhook\",\"url\":\"http://a.test/\",\"chat_id\":\"1\"} | chat_id",
    })
    void badChannelsAre400NamingTheFieldAndWriteNothing(String name, String json, String field) {
        long before = count("SELECT COUNT(*) FROM alert_channels");
        postJson("/alert-channels", json).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e).startsWith(field + ":"))
                .jsonPath("$.fields." + field).exists();
        assertThat(count("SELECT COUNT(*) FROM alert_channels")).isEqualTo(before);
    }

    @Test
    void unknownFieldsAndNonObjectsAre400() {
        postJson("/alert-channels", "{\"name\":\"x\",\"type\":\"webhook\",\"url\":\"http://a.test/\",\"colour\":1}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("colour"));
        postJson("/alert-channels", "{\"name\":\"" + "x".repeat(101) + "\",\"type\":\"webhook\",\"url\":\"http://a.test/\"}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.fields.name").exists();
        postJson("/alert-rules", "[1]").expectStatus().isBadRequest().expectBody().jsonPath("$.success").isEqualTo(false);
        postJson("/alert-rules", "{\"kind\":").expectStatus().isBadRequest().expectBody().jsonPath("$.success").isEqualTo(false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no kind                   | {\"name\":\"r\",\"threshold\":5}                                | kind",
            "unknown kind              | {\"name\":\"r\",\"kind\":\"crash\",\"threshold\":5}              | kind",
            "no name                   | {\"kind\":\"stale\",\"threshold\":5}                             | name",
            "stale without threshold   | {\"name\":\"r\",\"kind\":\"stale\"}                              | threshold",
            "stale zero                | {\"name\":\"r\",\"kind\":\"stale\",\"threshold\":0}              | threshold",
            "stale fraction            | {\"name\":\"r\",\"kind\":\"stale\",\"threshold\":1.5}            | threshold",
            "stale too long            | {\"name\":\"r\",\"kind\":\"stale\",\"threshold\":99999999}       | threshold",
            "drawdown over 100         | {\"name\":\"r\",\"kind\":\"drawdown\",\"threshold\":150}         | threshold",
            "loss negative             | {\"name\":\"r\",\"kind\":\"loss\",\"threshold\":-5}              | threshold",
            "threshold a string        | {\"name\":\"r\",\"kind\":\"loss\",\"threshold\":\"5\"}           | threshold",
            "failed with threshold     | {\"name\":\"r\",\"kind\":\"failed\",\"threshold\":5}             | threshold",
            "error_rate fraction       | {\"name\":\"r\",\"kind\":\"error_rate\",\"threshold\":2.5}       | threshold",
            "scope type unknown        | {\"name\":\"r\",\"kind\":\"failed\",\"scope\":{\"type\":\"live\"}} | scope.type",
            "scope session not an id   | {\"name\":\"r\",\"kind\":\"failed\",\"scope\":{\"session_id\":\"abc\"}} | scope.session_id",
            "scope unknown field       | {\"name\":\"r\",\"kind\":\"failed\",\"scope\":{\"colour\":\"red\"}} | scope",
            "scope not an object       | {\"name\":\"r\",\"kind\":\"failed\",\"scope\":\"all\"}           | scope",
            "unknown channel           | {\"name\":\"r\",\"kind\":\"failed\",\"channels\":[\"nope\"]}     | channels",
            "channels not a list       | {\"name\":\"r\",\"kind\":\"failed\",\"channels\":\"a\"}          | channels",
            "enabled not boolean       | {\"name\":\"r\",\"kind\":\"failed\",\"enabled\":\"yes\"}         | enabled",
            "muted_until negative      | {\"name\":\"r\",\"kind\":\"failed\",\"muted_until\":-1}          | muted_until",
            "muted_until a string      | {\"name\":\"r\",\"kind\":\"failed\",\"muted_until\":\"soon\"}    | muted_until",
    })
    void badRulesAre400NamingTheFieldAndWriteNothing(String name, String json, String field) {
        long rules = count("SELECT COUNT(*) FROM alert_rules");
        long links = count("SELECT COUNT(*) FROM alert_rule_channels");
        postJson("/alert-rules", json).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e).startsWith(field + ":"));
        assertThat(count("SELECT COUNT(*) FROM alert_rules")).isEqualTo(rules);
        assertThat(count("SELECT COUNT(*) FROM alert_rule_channels")).isEqualTo(links);
    }

    @Test
    void aBadPatchChangesNothing() {
        String hook = webhook("a", "http://127.0.0.1:9/a", null);
        String id = rule("{\"name\":\"r\",\"kind\":\"loss\",\"threshold\":100,\"channels\":[\"" + hook + "\"]}");
        patchJson("/alert-rules/" + id, "{\"name\":\"renamed\",\"threshold\":-1}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).startsWith("threshold:"));
        patchJson("/alert-channels/" + hook, "{\"type\":\"slack\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).startsWith("type:"));
        patchJson("/alert-channels/" + hook, "{\"name\":\"b\",\"url\":\"gopher://x\"}").expectStatus().isBadRequest();
        http.get().uri("/alert-rules/" + id).exchange().expectBody().jsonPath("$.rule.name").isEqualTo("r")
                .jsonPath("$.rule.threshold").isEqualTo(100);
        http.get().uri("/alert-channels/" + hook).exchange().expectBody().jsonPath("$.channel.name").isEqualTo("a");
    }

    @Test
    void unknownIdsAre404AndABadStateIs400() {
        http.get().uri("/alert-channels/nope").exchange().expectStatus().isNotFound();
        http.post().uri("/alert-channels/nope/test").exchange().expectStatus().isNotFound();
        http.post().uri("/alerts/nope/acknowledge").exchange().expectStatus().isNotFound();
        http.get().uri("/alerts?state=sleeping").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").value(e -> assertThat((String) e).startsWith("state:"));
        http.get().uri("/alerts?limit=0").exchange().expectStatus().isBadRequest();
        postJson("/alert-mutes", "{\"session_id\":\"x\",\"muted_until\":1}").expectStatus().isBadRequest();
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertsAreListedByState() {
        Map<String, Object> body = http.get().uri("/alerts?state=open&limit=5").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("success")).isEqualTo(true);
        assertThat((List<Map<String, Object>>) body.get("alerts")).allSatisfy(a -> assertThat(a.get("state")).isEqualTo("open"));
    }
}
