package io.botdeck.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a search text means: its words (letters, digits and {@code _}; everything else separates
 * them), each of which must be found in the session's name, strategy, market or notes. A word of
 * three or more characters must start a word there ({@code eth} finds {@code ETH Test #4} and
 * {@code ETHUSD}, not {@code Bethany}); a shorter word (or one of InnoDB's stop words such as
 * {@code the}) may appear anywhere. The long words are
 * looked up in the full-text index ({@code MATCH ... AGAINST ('+eth*' IN BOOLEAN MODE)}); the
 * short ones are checked with {@code LIKE} on the rows the other filters leave.
 */
record SessionSearch(List<String> words, List<String> shortWords, List<String> commonWords) {

    /** InnoDB's default {@code innodb_ft_min_token_size} on MariaDB and MySQL 8. */
    static final int MIN_WORD = 3;
    /** Words beyond these are ignored (a search is a few words, not a document). */
    static final int MAX_WORDS = 8;
    private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}_]+");
    /** InnoDB's default stop words of three letters or more: not in the index, so checked like short words. */
    private static final Set<String> STOP_WORDS = Set.of("about", "are", "com", "for", "from", "how", "that", "the",
            "this", "was", "what", "when", "where", "who", "will", "with", "und", "www");

    static final SessionSearch NONE = new SessionSearch(List.of(), List.of(), List.of());

    SessionSearch(List<String> words, List<String> shortWords) {
        this(words, shortWords, List.of());
    }

    /**
     * The same search with {@code common} words (found in very many sessions) checked row by row
     * as word beginnings instead of through the full-text index: walking a sorted index finds a
     * page of them quickly, while the index would hand over every one of them to be sorted.
     */
    SessionSearch withCommon(java.util.Collection<String> common) {
        if (common.isEmpty()) {
            return this;
        }
        List<String> indexed = words.stream().filter(w -> !common.contains(w)).toList();
        List<String> walked = words.stream().filter(common::contains).toList();
        return new SessionSearch(indexed, shortWords, walked);
    }

    /** A pattern for {@code REGEXP} that finds {@code word} at the start of a word (MariaDB's PCRE and MySQL's ICU alike). */
    static String wordStart(String word) {
        return "(^|[^[:alnum:]_])" + word;
    }

    static SessionSearch of(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<String> words = new ArrayList<>();
        List<String> shortWords = new ArrayList<>();
        for (String word : SEPARATOR.split(text.toLowerCase(Locale.ROOT))) {
            if (word.isEmpty() || words.contains(word) || shortWords.contains(word)
                    || words.size() + shortWords.size() >= MAX_WORDS) {
                continue;
            }
            boolean indexed = word.codePointCount(0, word.length()) >= MIN_WORD && !STOP_WORDS.contains(word);
            (indexed ? words : shortWords).add(word);
        }
        return new SessionSearch(List.copyOf(words), List.copyOf(shortWords));
    }

    boolean isEmpty() {
        return words.isEmpty() && shortWords.isEmpty() && commonWords.isEmpty();
    }

    /** The boolean-mode full-text query: every long word required, as a word beginning. */
    String fullTextQuery() {
        StringBuilder q = new StringBuilder();
        for (String w : words) {
            q.append(q.isEmpty() ? "" : " ").append('+').append(w).append('*');
        }
        return q.toString();
    }

    /** The same rule in memory (for live updates of a filtered list). */
    boolean matches(String... fields) {
        List<String> fieldWords = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String f : fields) {
            if (f == null) {
                continue;
            }
            String lower = f.toLowerCase(Locale.ROOT);
            all.append(lower).append('\n');
            for (String w : SEPARATOR.split(lower)) {
                if (!w.isEmpty()) {
                    fieldWords.add(w);
                }
            }
        }
        for (String w : words) {
            if (fieldWords.stream().noneMatch(fw -> fw.startsWith(w))) {
                return false;
            }
        }
        for (String w : commonWords) {
            if (fieldWords.stream().noneMatch(fw -> fw.startsWith(w))) {
                return false;
            }
        }
        for (String w : shortWords) {
            if (all.indexOf(w) < 0) {
                return false;
            }
        }
        return true;
    }
}
