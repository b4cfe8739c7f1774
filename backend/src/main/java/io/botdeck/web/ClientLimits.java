package io.botdeck.web;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Per-client counters (a client is a remote address): open WebSockets and running subscriptions
 * (graphql-ws subscriptions plus raw log streams), each with its cap from {@code botdeck.websocket.*}.
 */
@Component
public class ClientLimits {

    private final int maxSockets;
    private final int maxSubscriptions;
    private final Map<String, AtomicInteger> sockets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> subscriptions = new ConcurrentHashMap<>();

    public ClientLimits(@org.springframework.beans.factory.annotation.Value("${botdeck.websocket.max-per-client:500}") int maxSockets,
                        @org.springframework.beans.factory.annotation.Value("${botdeck.websocket.max-subscriptions-per-client:2000}") int maxSubscriptions) {
        this.maxSockets = maxSockets;
        this.maxSubscriptions = maxSubscriptions;
    }

    public static String client(InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** Counts one more open WebSocket of the client; false (and nothing counted) when at the cap. */
    public boolean openSocket(String client) {
        return acquire(sockets, client, maxSockets);
    }

    public void closeSocket(String client) {
        release(sockets, client);
    }

    /** Counts one more subscription of the client; false (and nothing counted) when at the cap. */
    public boolean startSubscription(String client) {
        return acquire(subscriptions, client, maxSubscriptions);
    }

    public void endSubscription(String client) {
        release(subscriptions, client);
    }

    public int maxSockets() {
        return maxSockets;
    }

    public int maxSubscriptions() {
        return maxSubscriptions;
    }

    /** Open WebSockets of the client now (for tests and diagnostics). */
    public int socketsOf(String client) {
        AtomicInteger n = sockets.get(client);
        return n == null ? 0 : n.get();
    }

    /** Running subscriptions of the client now (for tests and diagnostics). */
    public int subscriptionsOf(String client) {
        AtomicInteger n = subscriptions.get(client);
        return n == null ? 0 : n.get();
    }

    private static boolean acquire(Map<String, AtomicInteger> counts, String client, int max) {
        boolean[] counted = {false};
        counts.compute(client, (c, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < max) {
                count.incrementAndGet();
                counted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return counted[0];
    }

    private static void release(Map<String, AtomicInteger> counts, String client) {
        counts.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
        // compute/computeIfPresent run atomically per key, so a count never outlives its entry
    }
}
