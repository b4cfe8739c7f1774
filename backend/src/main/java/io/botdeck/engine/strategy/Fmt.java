package io.botdeck.engine.strategy;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.botdeck.core.Prices;

/** Locale-independent number formatting for log lines (only called when a line is logged). */
final class Fmt {

    private Fmt() {
    }

    /** A fixed-point price with thousands separators and no trailing zeros: {@code 89,450}, {@code 0.1234}. */
    static String price(long fixed) {
        StringBuilder out = new StringBuilder(24);
        appendPrice(out, fixed);
        return out.toString();
    }

    static StringBuilder appendPrice(StringBuilder out, long fixed) {
        if (fixed < 0) {
            out.append('-');
            fixed = -fixed; // Long.MIN_VALUE is not a price
        }
        long whole = fixed / Prices.SCALE;
        long fraction = fixed % Prices.SCALE;
        appendGrouped(out, whole);
        if (fraction != 0) {
            int digits = Prices.DIGITS;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            out.append('.');
            String text = Long.toString(fraction);
            for (int i = text.length(); i < digits; i++) {
                out.append('0');
            }
            out.append(text);
        }
        return out;
    }

    /** Signed US dollars, 2 decimals HALF_EVEN, thousands separators: {@code +$1,234.50}, {@code -$20.00}, {@code $0.00}. */
    static String usd(BigDecimal amount) {
        long cents = amount.setScale(2, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
        StringBuilder out = new StringBuilder(16);
        if (cents > 0) {
            out.append('+');
        } else if (cents < 0) {
            out.append('-');
            cents = -cents;
        }
        out.append('$');
        appendGrouped(out, cents / 100);
        long rest = cents % 100;
        out.append('.').append((char) ('0' + rest / 10)).append((char) ('0' + rest % 10));
        return out.toString();
    }

    /** A ratio with 2 decimals, HALF_UP on the magnitude: {@code 0.48}, {@code -2.14}. */
    static StringBuilder appendRatio(StringBuilder out, double value) {
        long hundredths = Math.round(Math.abs(value) * 100);
        if (value < 0 && hundredths != 0) {
            out.append('-');
        }
        out.append(hundredths / 100).append('.');
        long rest = hundredths % 100;
        return out.append((char) ('0' + rest / 10)).append((char) ('0' + rest % 10));
    }

    static String ratio(double value) {
        return appendRatio(new StringBuilder(8), value).toString();
    }

    private static void appendGrouped(StringBuilder out, long value) {
        String digits = Long.toString(value);
        int n = digits.length();
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
    }
}
