package io.botdeck.alert;

import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Shared setup of the alert tests: no channels and only the two rules of a fresh install. */
abstract class AlertTestSupport extends IntegrationTest {

    static final String STALE_RULE = "7c1e3b52-5a0f-4c1e-9d1a-000000000001";
    static final String FAILED_RULE = "7c1e3b52-5a0f-4c1e-9d1a-000000000002";

    @Autowired
    AlertEvents alertEvents;

    @BeforeEach
    void freshAlertSettings() {
        db.sql("DELETE FROM alert_rules WHERE id NOT IN ('" + STALE_RULE + "', '" + FAILED_RULE + "')").then().block();
        db.sql("DELETE FROM alert_channels").then().block();
        db.sql("DELETE FROM alert_session_mutes").then().block();
        db.sql("UPDATE alert_rules SET enabled = TRUE, muted_until = NULL, threshold = 30 WHERE id = '" + STALE_RULE + "'").then().block();
        db.sql("UPDATE alert_rules SET enabled = TRUE, muted_until = NULL WHERE id = '" + FAILED_RULE + "'").then().block();
        alertEvents.configChanged();
    }

    @SuppressWarnings("unchecked")
    String createdId(String uri, String json, String field) {
        Map<String, Object> body = http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) ((Map<String, Object>) body.get(field)).get("id");
    }

    String webhook(String name, String url, String secret) {
        return createdId("/alert-channels", "{\"name\":\"" + name + "\",\"type\":\"webhook\",\"url\":\"" + url + "\""
                + (secret == null ? "" : ",\"secret\":\"" + secret + "\"") + "}", "channel");
    }

    String rule(String json) {
        return createdId("/alert-rules", json, "rule");
    }

    /** A running live session whose heartbeat is {@code age} seconds old. */
    String runningSession(String name, long age) {
        String id = create("{\"name\":\"" + name + "\",\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        heartbeatAgo(id, age);
        return id;
    }
}
