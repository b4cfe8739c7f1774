package io.botdeck.session;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** One row of a session's audit log. */
public record SessionEvent(long id, String sessionId, SessionEventType type, JsonNode data, Instant createdAt) {
}
