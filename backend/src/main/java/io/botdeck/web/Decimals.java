package io.botdeck.web;

import java.math.BigDecimal;

/** How exact amounts are shown: 245.50000000 → 245.5, and never in exponent notation. */
public final class Decimals {

    private Decimals() {
    }

    public static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
