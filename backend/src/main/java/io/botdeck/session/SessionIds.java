package io.botdeck.session;

/**
 * The one form of a session id: a UUID in lower case, exactly as {@link SessionService} creates it
 * ({@code 0f8fad5b-d9cb-469f-a165-70867728950e}). The database compares ids case-insensitively and
 * ignores trailing spaces while the runner's in-memory maps do not; refusing every other spelling
 * before any lookup keeps the two from ever disagreeing about which session an id names.
 */
public final class SessionIds {

    private SessionIds() {
    }

    public static boolean isCanonical(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
