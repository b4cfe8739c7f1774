package io.botdeck.session;

/**
 * A change of a session as subscribers see it: the session as it is now, null once deleted.
 *
 * @param kind what changed; {@code DELETED} also when the session is gone by the time it is read
 */
public record SessionUpdate(String sessionId, SessionChange.Kind kind, Session session) {
}
