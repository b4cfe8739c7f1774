package io.botdeck.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A session's error never carries a Java exception's message or class name. */
class FailuresTest {

    @Test
    void javaExceptionsBecomePlainWords() {
        String overflow = Failures.reason(new ArithmeticException("BigInteger out of long range"));
        assertThat(overflow).doesNotContain("BigInteger").doesNotContain("Exception").contains("server log");
        String npe = Failures.reason(new NullPointerException("Cannot invoke \"java.util.Map.get(Object)\""));
        assertThat(npe).doesNotContain("java.").doesNotContain("Map");
        IllegalArgumentException fromTheJdk = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> java.util.UUID.fromString("not-a-uuid"));
        assertThat(Failures.reason(fromTheJdk)).doesNotContain("UUID").doesNotContain("not-a-uuid");
        String db = Failures.reason(new RuntimeException("wrapped",
                new org.springframework.dao.DataIntegrityViolationException("Out of range value for column 'max_drawdown'")));
        assertThat(db).contains("could not be stored").doesNotContain("max_drawdown");
    }

    @Test
    void botdecksOwnMessagesAreKept() {
        assertThat(Failures.reason(new ConflictException("session is already running"))).isEqualTo("session is already running");
        assertThat(Failures.reason(InvalidInputException.field("market", "unknown market 'X'"))).isEqualTo("market: unknown market 'X'");
        IllegalArgumentException own = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.botdeck.engine.strategy.StrategyFactory.create("NoSuchBot", java.util.Map.of()));
        assertThat(Failures.reason(own)).isEqualTo("Unknown strategy: NoSuchBot");
    }
}
