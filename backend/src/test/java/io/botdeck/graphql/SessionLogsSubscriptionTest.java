package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Subscriptions over graphql-ws against the running server: subscribe first, then act, then verify. */
class SessionLogsSubscriptionTest extends GraphQlIntegrationTest {

    private static final String MILLIS_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @Test
    void aStartedSessionStreamsItsLogLinesTickByTickUntilItIsStopped() {
        String id = createTestSession();
        Flux<Map<String, Object>> lines = socket().documentName("sessionLogs").variable("sessionId", id)
                .executeSubscription().toFlux("sessionLogs", mapType());

        List<Map<String, Object>> received = lines
                .doOnSubscribe(s -> { })
                .take(5)
                .collectList()
                .doOnSubscribe(s -> new Thread(() -> {
                    sleep(300); // the subscription is registered before the bot starts writing
                    assertThat(startSession(id)).isEqualTo("RUNNING");
                }).start())
                .block(WAIT);

        assertThat(received).hasSize(5);
        long previous = 0;
        for (Map<String, Object> line : received) {
            long seq = ((Number) line.get("sequence")).longValue();
            assertThat(seq).isEqualTo(previous + 1);
            previous = seq;
            assertThat((String) line.get("timestamp")).matches(MILLIS_TIMESTAMP);
            assertThat((String) line.get("message")).isNotBlank();
        }

        graphQl.document("mutation($id: ID!) { stopSession(id: $id) { status stoppedAt } }").variable("id", id).execute()
                .path("stopSession.status").entity(String.class).isEqualTo("STOPPED")
                .path("stopSession.stoppedAt").hasValue();
        graphQl.document("query($id: ID!) { session(id: $id) { lastLogSequence logs(tail: 3) { sequence } } }")
                .variable("id", id).execute()
                .path("session.lastLogSequence").entity(Long.class).satisfies(last -> assertThat(last).isGreaterThanOrEqualTo(5));
    }

    @Test
    void aReaderThatReconnectsWithAfterSequenceGetsExactlyTheLinesAfterIt() {
        String id = createTestSession();
        startSession(id);
        List<Map<String, Object>> first = socket().documentName("sessionLogs").variable("sessionId", id)
                .executeSubscription().toFlux("sessionLogs", mapType())
                .take(6).collectList().block(WAIT);
        long lastSeen = ((Number) first.get(2).get("sequence")).longValue();

        // a new connection, as after a network drop
        List<Map<String, Object>> resumed = socket().documentName("sessionLogs").variable("sessionId", id)
                .variable("afterSequence", lastSeen)
                .executeSubscription().toFlux("sessionLogs", mapType())
                .take(4).collectList().block(WAIT);
        assertThat(resumed).extracting(l -> ((Number) l.get("sequence")).longValue())
                .containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4);
        assertThat(resumed.get(0).get("message")).isEqualTo(first.get(3).get("message"));
    }

    @Test
    void batchesCarryTheSameLinesInOrderAndResumeAfterASequence() {
        String id = createTestSession();
        startSession(id);
        // wait until the bot has written a few lines, so that the first batch holds past ones
        List<Map<String, Object>> warm = socket().documentName("sessionLogs").variable("sessionId", id)
                .executeSubscription().toFlux("sessionLogs", mapType()).take(4).collectList().block(WAIT);
        long written = ((Number) warm.get(3).get("sequence")).longValue();

        List<List<Map<String, Object>>> batches = socket().documentName("sessionLogBatches").variable("sessionId", id)
                .variable("tail", 10_000)
                .executeSubscription().toFlux("sessionLogBatches", listOfMapType())
                .scan(new java.util.ArrayList<List<Map<String, Object>>>(), (all, batch) -> {
                    java.util.ArrayList<List<Map<String, Object>>> next = new java.util.ArrayList<>(all);
                    next.add(batch);
                    return next;
                })
                .filter(all -> all.stream().mapToInt(List::size).sum() >= written + 5)
                .blockFirst(WAIT);

        assertThat(batches.get(0)).as("the first batch holds the past lines at once").hasSizeGreaterThanOrEqualTo((int) written);
        List<Long> sequences = batches.stream().flatMap(List::stream).map(l -> ((Number) l.get("sequence")).longValue()).toList();
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("line %d across the batches", i).isEqualTo(i + 1);
        }
        assertThat(batches).allSatisfy(batch -> assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(1_000));

        long lastSeen = sequences.get(sequences.size() - 1);
        List<Long> resumed = socket().documentName("sessionLogBatches").variable("sessionId", id).variable("afterSequence", lastSeen)
                .executeSubscription().toFlux("sessionLogBatches", listOfMapType())
                .flatMapIterable(batch -> batch)
                .map(l -> ((Number) l.get("sequence")).longValue())
                .take(3).collectList().block(WAIT);
        assertThat(resumed).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3);
    }

    @Test
    void aBatchSubscriptionRejectsANegativeSequenceAndAnUnknownSession() {
        StepVerifier.create(socket().documentName("sessionLogBatches").variable("sessionId", createTestSession())
                        .variable("afterSequence", -1).executeSubscription().toFlux("sessionLogBatches", listOfMapType()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("afterSequence"))
                .verify(WAIT);
        StepVerifier.create(socket().documentName("sessionLogBatches").variable("sessionId", "6f1c2b9e-0000-4000-8000-000000000000")
                        .executeSubscription().toFlux("sessionLogBatches", listOfMapType()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("not found"))
                .verify(WAIT);
    }

    @Test
    void aLevelFilterLetsOnlyThoseLevelsThrough() {
        String id = createTestSession();
        startSession(id);
        List<Map<String, Object>> lines = socket().documentName("sessionLogs").variable("sessionId", id)
                .variable("levels", List.of("HEARTBEAT", "INFO"))
                .executeSubscription().toFlux("sessionLogs", mapType())
                .take(3).collectList().block(WAIT);
        assertThat(lines).extracting(l -> l.get("level")).allMatch(level -> level.equals("INFO") || level.equals("HEARTBEAT"));
    }

    @Test
    void followingAnUnknownSessionEndsWithANotFoundError() {
        Flux<Map<String, Object>> lines = socket().documentName("sessionLogs")
                .variable("sessionId", "6f1c2b9e-0000-4000-8000-000000000000")
                .executeSubscription().toFlux("sessionLogs", mapType());
        StepVerifier.create(lines)
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("not found"))
                .verify(WAIT);
    }

    @Test
    void sessionUpdatedSeesTheStartOfAWatchedSession() {
        String id = createTestSession();
        Flux<Map<String, Object>> updates = socket().documentName("sessionUpdated").variable("sessionIds", List.of(id))
                .executeSubscription().toFlux("sessionUpdated", mapType());
        StepVerifier.create(updates.filter(u -> "STATUS".equals(u.get("kind"))).take(1))
                .then(() -> {
                    sleep(300);
                    startSession(id);
                })
                .assertNext(u -> {
                    assertThat(u.get("sessionId")).isEqualTo(id);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> session = (Map<String, Object>) u.get("session");
                    assertThat(session.get("status")).isEqualTo("RUNNING");
                })
                .verifyComplete();
    }

    @SuppressWarnings("unchecked")
    static Class<List<Map<String, Object>>> listOfMapType() {
        return (Class<List<Map<String, Object>>>) (Class<?>) List.class;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
