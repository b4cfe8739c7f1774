package io.botdeck.web;

/**
 * Text Botdeck refuses to store or act on: NUL characters (which C libraries, log viewers and some
 * databases cut strings at) and unpaired UTF-16 surrogates (which cannot be encoded in UTF-8: a
 * database would store them as {@code ?}).
 */
public final class TextRules {

    private TextRules() {
    }

    /** What is wrong with the text ("contains a NUL character", ...); null when nothing is. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "contains an unpaired surrogate (not valid Unicode text)";
                }
            } else if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate (not valid Unicode text)";
            }
        }
        return null;
    }

    /** The text with NULs and unpaired surrogates replaced, for messages. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
