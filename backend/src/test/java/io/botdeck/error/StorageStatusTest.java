package io.botdeck.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class StorageStatusTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(30);

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void pass(int seconds) {
            now = now.plusSeconds(seconds);
        }
    }

    private final HandClock clock = new HandClock();
    private final StorageStatus status = new StorageStatus(clock, 1_000);

    @Test
    void failingFromTheFirstRefusedWriteUntilThatWriterSucceedsAgain() {
        AtomicLong held = new AtomicLong(40);
        StorageStatus.Writer run = status.register(true, held::get);
        StorageStatus.Writer probe = status.register(false, () -> 0);
        assertThat(status.state().failing()).isFalse();
        assertThat(status.state().backlog()).isEqualTo(40);

        Instant began = clock.now;
        run.failed();
        clock.pass(5);
        probe.failed();
        run.failed();
        StorageStatus.State s = status.state();
        assertThat(s.failing()).isTrue();
        assertThat(s.failingSince()).isEqualTo(began);
        assertThat(s.failingForSeconds(clock.now)).isEqualTo(5);
        assertThat(s.failingRuns()).as("the probe is not a run").isEqualTo(1);

        run.succeeded();
        assertThat(status.state().failing()).as("the probe still fails").isTrue();
        probe.succeeded();
        assertThat(status.state().failing()).isFalse();
        assertThat(status.state().failingSince()).isNull();
        assertThat(run.backlogLimit()).isEqualTo(1_000);
    }

    @Test
    void aClosedWriterNeitherFailsNorHoldsABacklog() {
        StorageStatus.Writer run = status.register(true, () -> 25);
        run.failed();
        run.close();
        assertThat(status.state().failing()).isFalse();
        assertThat(status.backlog()).isZero();
        run.failed();
        assertThat(status.state().failing()).as("a report after close is ignored").isFalse();
    }

    @Test
    void silenceIsExcusedOnlyForSessionsAliveWhenStorageBeganFailingAndUntilTheStaleLimitAfterItCameBack() {
        StorageStatus.Writer probe = status.register(false, () -> 0);
        Instant aliveAtStart = clock.now.minusSeconds(8);
        Instant deadLongBefore = clock.now.minusSeconds(600);
        assertThat(status.excusesSilence(aliveAtStart, clock.now, STALE_AFTER)).as("no failure yet").isFalse();

        probe.failed();
        clock.pass(120);
        assertThat(status.excusesSilence(aliveAtStart, clock.now, STALE_AFTER)).isTrue();
        assertThat(status.excusesSilence(deadLongBefore, clock.now, STALE_AFTER)).as("silent before the failure").isFalse();

        probe.succeeded();
        clock.pass(30);
        assertThat(status.excusesSilence(aliveAtStart, clock.now, STALE_AFTER)).as("within the stale limit after recovery").isTrue();
        clock.pass(1);
        assertThat(status.excusesSilence(aliveAtStart, clock.now, STALE_AFTER)).as("past it").isFalse();
    }

    @Test
    void theBacklogLimitMustBePositive() {
        assertThatThrownBy(() -> new StorageStatus(clock, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-backlog-per-run");
    }
}
