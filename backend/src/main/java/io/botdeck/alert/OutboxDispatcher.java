package io.botdeck.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers the outbox. Each channel is worked on by itself, one message at a time: its due
 * notifications are grouped by rule and episode phase (a burst of a hundred sessions is one
 * message), sent, and marked delivered; a failure is retried with exponential backoff until the
 * retry limit, then marked failed with the channel's answer. Channels never wait for each other:
 * a channel that hangs holds only its own delivery, up to its send timeout. Everything pending
 * is in the database, so a restart picks up where the last run stopped.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** Notifications read per channel and round. */
    static final int BATCH = 500;
    /** How often the due times are looked at; the database is read only when something may be due. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);
    /** The database is read at least this often even when nothing is known to be due. */
    private static final Duration CHECK_AT_LEAST_EVERY = Duration.ofSeconds(10);

    private final AlertRepository repo;
    private final ChannelSender sender;
    private final AlertProperties settings;
    private final Clock clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile Instant nextCheck = Instant.EPOCH;
    private Disposable loop;

    public OutboxDispatcher(AlertRepository repo, ChannelSender sender, AlertProperties settings, Clock clock) {
        this.repo = repo;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts once the application is ready (its tables migrated). */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        loop = Flux.interval(LOOK_EVERY, LOOK_EVERY)
                .onBackpressureDrop()
                .concatMap(t -> clock.instant().isBefore(nextCheck) ? Mono.empty() : round()
                        .onErrorResume(e -> {
                            log.warn("Reading the alert outbox failed (retried shortly): {}", e.toString());
                            nextCheck = clock.instant().plusSeconds(1);
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    /** New notifications were written: look again once their grouping window has passed. */
    void wake() {
        Instant at = clock.instant().plus(settings.groupWindow());
        if (at.isBefore(nextCheck)) {
            nextCheck = at;
        }
    }

    private Mono<Void> round() {
        Instant now = clock.instant();
        nextCheck = now.plus(CHECK_AT_LEAST_EVERY);
        return repo.pendingChannels().doOnNext(due -> {
            for (Map.Entry<String, Instant> e : due.entrySet()) {
                String channel = e.getKey();
                if (busy.contains(channel)) {
                    continue;
                }
                if (!e.getValue().isAfter(now)) {
                    if (busy.add(channel)) {
                        deliver(channel).doFinally(s -> {
                            busy.remove(channel);
                            nextCheck = clock.instant();
                        }).subscribe();
                    }
                } else if (e.getValue().isBefore(nextCheck)) {
                    nextCheck = e.getValue();
                }
            }
        }).then();
    }

    /** One round for one channel: every group of its due notifications, one message each, in order. */
    private Mono<Void> deliver(String channelId) {
        Instant now = clock.instant();
        return repo.findChannel(channelId)
                .flatMap(channel -> repo.pendingFor(channelId, now, BATCH).collectList()
                        .flatMapMany(rows -> Flux.fromIterable(groups(rows)))
                        .concatMap(group -> sendGroup(channel, group))
                        .then())
                .onErrorResume(e -> {
                    log.warn("Delivering alerts to channel {} failed: {}", channelId, e.toString());
                    return Mono.empty();
                });
    }

    /** Rows of one rule and phase go together, in the order they were written. */
    static List<List<AlertRepository.Outgoing>> groups(List<AlertRepository.Outgoing> rows) {
        Map<String, List<AlertRepository.Outgoing>> byKey = new LinkedHashMap<>();
        for (AlertRepository.Outgoing o : rows) {
            byKey.computeIfAbsent(o.alert().ruleId() + "/" + o.phase(), k -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(byKey.values());
    }

    private Mono<Void> sendGroup(AlertChannel channel, List<AlertRepository.Outgoing> group) {
        AlertRepository.Outgoing first = group.get(0);
        List<Notification.Item> items = group.stream().map(o -> {
            Alert a = o.alert();
            return new Notification.Item(a.id(), a.sessionId(), a.sessionName(), a.sessionType(), a.market(),
                    a.strategy(), o.sessionStatus() == null ? "deleted" : o.sessionStatus(), a.detail(),
                    a.startedAt().getEpochSecond(), a.resolvedAt() == null ? null : a.resolvedAt().getEpochSecond());
        }).toList();
        Notification n = new Notification(first.alert().ruleId(), first.alert().ruleName(), first.alert().kind(),
                first.phase(), items);
        List<Long> ids = group.stream().map(AlertRepository.Outgoing::id).toList();
        return sender.send(channel, n).flatMap(result -> {
            Instant now = clock.instant();
            if (result.accepted()) {
                return repo.markDelivered(ids, now);
            }
            String error = result.describe();
            List<Long> retry = new ArrayList<>();
            List<Long> giveUp = new ArrayList<>();
            int attempts = 0;
            for (AlertRepository.Outgoing o : group) {
                (o.attempts() + 1 >= settings.maxAttempts() ? giveUp : retry).add(o.id());
                attempts = Math.max(attempts, o.attempts() + 1);
            }
            log.info("Alert channel '{}' did not take a message (attempt {}): {}", channel.name(), attempts, error);
            Mono<Void> later = retry.isEmpty() ? Mono.empty()
                    : repo.markAttemptFailed(retry, error, now.plus(settings.backoff(attempts)));
            Mono<Void> failed = giveUp.isEmpty() ? Mono.empty() : repo.markAttemptFailed(giveUp, error, null);
            return later.then(failed);
        });
    }
}
