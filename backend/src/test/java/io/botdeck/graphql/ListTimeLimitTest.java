package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.botdeck.config.QueryTimeLimit;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A list read that takes longer than {@code botdeck.list-query-time-limit} is stopped by the
 * database and answered with a clear 503 (REST) or a {@code TOO_SLOW} error (GraphQL), never a
 * 500; its connection is free again at once. The read is made slow by a table lock held on a
 * connection of the test's own, which the list statement waits for.
 */
class ListTimeLimitTest extends GraphQlIntegrationTest {

    @Autowired
    ConnectionFactory connections;

    @Autowired
    QueryTimeLimit limit;

    private Connection locker;

    /** Holds a write lock on {@code sessions}: every read of the table waits until {@link #unlock}. */
    private void lockSessions() {
        locker = Mono.from(connections.create()).block();
        Flux.from(locker.createStatement("LOCK TABLES sessions WRITE").execute())
                .flatMap(r -> r.getRowsUpdated()).then().block();
    }

    @AfterEach
    void unlock() {
        if (locker != null) {
            Flux.from(locker.createStatement("UNLOCK TABLES").execute()).flatMap(r -> r.getRowsUpdated()).then()
                    .then(Mono.from(locker.close())).block();
            locker = null;
        }
    }

    @Test
    void aListReadPastTheLimitIsA503WithARetryAfterAndTheListAnswersAgainOnceTheWaitIsOver() {
        createTest();
        lockSessions();
        long started = System.nanoTime();
        http.get().uri("/sessions?sort=name:asc").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals("Retry-After", "2")
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e)
                        .startsWith("this list took longer than " + limit.limit().toSeconds() + " s to read")
                        .doesNotContain("Exception", "SQL", "max_statement_time"));
        // stopped by the database at the limit, not by the pool's acquire time or a client timeout
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(limit.limit());

        unlock();
        http.get().uri("/sessions?sort=name:asc").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1);
    }

    @Test
    void overGraphQlTheSameReadIsATooSlowErrorWithRetryAfterSeconds() {
        createTest();
        lockSessions();
        graphQl.document("{ sessions(sort: {field: NAME, direction: ASC}) { total items { name } } }").execute().errors()
                .expect(e -> "TOO_SLOW".equals(String.valueOf(e.getErrorType()))
                        && e.getMessage().startsWith("this list took longer than")
                        && Integer.valueOf(2).equals(e.getExtensions().get("retryAfterSeconds")))
                .verify();
        unlock();
        graphQl.document("{ sessions { total } }").execute().path("sessions.total").entity(Long.class).isEqualTo(1L);
    }
}
