package io.botdeck.market.archive;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.error.InvalidInputException;
import io.botdeck.market.sim.CandleSeries;
import io.botdeck.web.Decimals;

/**
 * The archive's CSV format: the header {@value #HEADER}, then one candle per line with the open
 * time in unix seconds and prices and volume as plain decimals (at most 8 decimals), e.g.
 * {@code 1705881600,41250.5,41262,41248.5,41260,12.3456,87}.
 *
 * <p>The {@link Parser} validates line by line (header, field count, numbers, high and low
 * against open and close, time on the interval grid, ascending times) and keeps the rows
 * column-wise, so a whole file is checked before anything is written. Every error names its line.
 */
public final class CandleCsv {

    public static final String HEADER = "time,open,high,low,close,volume,trades";
    /** Most rows one upload may hold. */
    public static final int MAX_ROWS = 1_000_000;
    /** Longest line accepted, in characters. */
    public static final int MAX_LINE_LENGTH = 1_024;

    private static final String[] COLUMNS = HEADER.split(",");
    /**
     * Largest whole part of a price or volume: a fixed-point long holds at most
     * 92,233,720,368.54775807 (the table's DECIMAL columns hold more).
     */
    static final long MAX_WHOLE = Long.MAX_VALUE / Prices.SCALE - 1;
    /** Latest open time accepted (end of year 9999). */
    static final long MAX_TIME = 253_402_300_799L;

    private CandleCsv() {
    }

    /** One candle as a CSV line, without the line break. */
    public static String row(Candle c) {
        return appendRow(new StringBuilder(64), c).toString();
    }

    /** Appends one candle as a CSV line, without the line break. */
    public static StringBuilder appendRow(StringBuilder out, Candle c) {
        return out.append(c.time()).append(',')
                .append(decimal(c.open())).append(',')
                .append(decimal(c.high())).append(',')
                .append(decimal(c.low())).append(',')
                .append(decimal(c.close())).append(',')
                .append(decimal(c.volume())).append(',')
                .append(c.trades());
    }

    /** A fixed-point value as a plain decimal without trailing zeros: 41250.5, 12, 0.00001. */
    public static String decimal(long fixed) {
        return Decimals.plain(Prices.toDecimal(fixed)).toPlainString();
    }

    /** Parses a whole CSV text (for tests and small inputs); see {@link Parser}. */
    public static CandleSeries parse(String text, int intervalSec) {
        Parser parser = new Parser(intervalSec, MAX_ROWS);
        text.lines().forEach(parser::accept);
        return parser.finish();
    }

    /**
     * Reads a CSV one line at a time. Not thread-safe; feed it the lines in order, then call
     * {@link #finish()}. Every problem is an {@link InvalidInputException} naming the line.
     */
    public static final class Parser {

        private final int intervalSec;
        private final int maxRows;
        private final CandleSeries rows;
        private int lineNo;
        private boolean headerSeen;
        private long previousTime = Long.MIN_VALUE;
        private int previousLine;

        public Parser(int intervalSec, int maxRows) {
            if (intervalSec < 1) {
                throw new IllegalArgumentException("interval must be at least 1 second");
            }
            this.intervalSec = intervalSec;
            this.maxRows = maxRows;
            this.rows = new CandleSeries(intervalSec);
        }

        /** Lines read so far. */
        public int lines() {
            return lineNo;
        }

        /** The next line, without its line break (a trailing carriage return is ignored). */
        public void accept(String raw) {
            lineNo++;
            String line = raw;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > MAX_LINE_LENGTH) {
                throw error("is longer than " + MAX_LINE_LENGTH + " characters");
            }
            if (line.isBlank()) {
                return;
            }
            if (!headerSeen) {
                header(line);
                headerSeen = true;
                return;
            }
            if (rows.size() >= maxRows) {
                throw error("more than " + String.format(Locale.ROOT, "%,d", maxRows)
                        + " candle rows; split the file into several uploads");
            }
            row(line);
        }

        /** All rows, validated; fails when there were none. */
        public CandleSeries finish() {
            if (!headerSeen) {
                throw new InvalidInputException("line 1: the CSV is empty; its first line must be the header " + HEADER,
                        Map.of("line", "1"));
            }
            if (rows.isEmpty()) {
                throw new InvalidInputException("line " + (lineNo + 1) + ": no candle rows after the header",
                        Map.of("line", String.valueOf(lineNo + 1)));
            }
            return rows;
        }

        private void header(String line) {
            String[] names = line.split(",", -1);
            boolean ok = names.length == COLUMNS.length;
            for (int i = 0; ok && i < names.length; i++) {
                ok = names[i].trim().toLowerCase(Locale.ROOT).equals(COLUMNS[i]);
            }
            if (!ok) {
                throw error("the header must be " + HEADER + ", not '" + abbreviate(line) + "'");
            }
        }

        private void row(String line) {
            String[] f = line.split(",", -1);
            if (f.length != COLUMNS.length) {
                throw error("expected " + COLUMNS.length + " fields (" + HEADER + "), found " + f.length);
            }
            long time = wholeNumber("time", f[0], MAX_TIME);
            if (time % intervalSec != 0) {
                throw error("time " + time + " is not on the " + intervalSec + " s grid (a multiple of " + intervalSec + ")");
            }
            if (time <= previousTime) {
                throw error("time " + time + " is not after line " + previousLine + "'s " + previousTime
                        + "; rows must be in ascending time order without repeats");
            }
            long open = price("open", f[1]);
            long high = price("high", f[2]);
            long low = price("low", f[3]);
            long close = price("close", f[4]);
            long volume = decimal("volume", f[5], false);
            long trades = wholeNumber("trades", f[6], Integer.MAX_VALUE);
            if (high < Math.max(open, close)) {
                throw error("high " + f[2].trim() + " is below " + (open >= close ? "open " + f[1].trim() : "close " + f[4].trim())
                        + " (high must be at least max(open, close))");
            }
            if (low > Math.min(open, close)) {
                throw error("low " + f[3].trim() + " is above " + (open <= close ? "open " + f[1].trim() : "close " + f[4].trim())
                        + " (low must be at most min(open, close))");
            }
            rows.accept(time, open, high, low, close, volume, (int) trades);
            previousTime = time;
            previousLine = lineNo;
        }

        private long price(String column, String text) {
            long value = decimal(column, text, true);
            if (value == 0) {
                throw error(column + " must be greater than 0");
            }
            return value;
        }

        private long wholeNumber(String column, String text, long max) {
            String s = text.trim();
            if (s.isEmpty() || s.length() > 19) {
                throw error(column + " must be a whole number, not '" + abbreviate(s) + "'");
            }
            long value = 0;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    throw error(column + " must be a whole number, not '" + abbreviate(s) + "'");
                }
                value = value * 10 + (ch - '0');
                if (value > max) {
                    throw error(column + " " + abbreviate(s) + " is too large (at most " + max + ")");
                }
            }
            return value;
        }

        /** A non-negative plain decimal with at most 8 significant decimals, as fixed-point. */
        private long decimal(String column, String text, boolean isPrice) {
            String s = text.trim();
            int point = s.indexOf('.');
            int intEnd = point < 0 ? s.length() : point;
            boolean valid = intEnd > 0 && (point < 0 || point < s.length() - 1);
            long integer = 0;
            for (int i = 0; valid && i < intEnd; i++) {
                char ch = s.charAt(i);
                valid = ch >= '0' && ch <= '9';
                integer = integer * 10 + (ch - '0');
                if (valid && integer > MAX_WHOLE) {
                    throw error(column + " " + abbreviate(s) + " is too large (at most " + MAX_WHOLE + ".99999999)");
                }
            }
            long fraction = 0;
            int digits = 0;
            for (int i = intEnd + 1; valid && i < s.length(); i++) {
                char ch = s.charAt(i);
                valid = ch >= '0' && ch <= '9';
                if (!valid) {
                    break;
                }
                if (digits < Prices.DIGITS) {
                    fraction = fraction * 10 + (ch - '0');
                    digits++;
                } else if (ch != '0') {
                    throw error(column + " " + abbreviate(s) + " has more than " + Prices.DIGITS + " decimals");
                }
            }
            if (!valid) {
                throw error(column + " must be a " + (isPrice ? "positive " : "") + "decimal number like 41250.5, not '"
                        + abbreviate(s) + "'");
            }
            for (; digits < Prices.DIGITS; digits++) {
                fraction *= 10;
            }
            return integer * Prices.SCALE + fraction;
        }

        private InvalidInputException error(String problem) {
            return new InvalidInputException("line " + lineNo + ": " + problem, Map.of("line", String.valueOf(lineNo)));
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }
    }
}
