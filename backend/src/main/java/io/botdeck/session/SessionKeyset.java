package io.botdeck.session;

/**
 * A place in a sorted session list: the value of the sort column ({@link SessionSort#valueOf}) and
 * the {@code row_no} of a session, under a given order. Lists continue after (or before) it
 * whatever was inserted or deleted meanwhile.
 *
 * @param sortKey the order it belongs to ({@link SessionSort#key()})
 * @param value   the sort column's value, null for NULL
 */
public record SessionKeyset(String sortKey, String value, long rowNo) {

    static SessionKeyset of(SessionSort sort, Session s, long rowNo) {
        return new SessionKeyset(sort.key(), sort.valueOf(s), rowNo);
    }
}
