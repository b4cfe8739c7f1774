package io.botdeck.security;

import io.botdeck.web.ClientLimits;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Timeouts and caps of HTTP connections ({@code botdeck.connections.*}):
 * <ul>
 *   <li>{@code idle-timeout}: a connection that sends no request for this long (a keep-alive
 *       connection between requests, or one that never sends anything) is closed;</li>
 *   <li>{@code request-timeout}: the request line and headers must all have arrived this long after
 *       the connection opened, however the bytes trickle in; on a keep-alive connection, this long
 *       after the idle timeout has passed since the previous response (so a client reusing a
 *       connection it kept idle a while never races a close, while a request trickled in byte by
 *       byte is still cut off);</li>
 *   <li>{@code read-timeout}: the longest pause while a request body is being read;</li>
 *   <li>{@code max-per-client}: open connections per remote address; one more is closed at once.</li>
 * </ul>
 * After each response the connection is asked to read on (see {@link RequestDeadline#readOn}).
 * WebSockets are not affected by the first three once upgraded (see {@link WebSocketGuard}).
 */
@Component
public class ConnectionLimits implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimits.class);
    private static final String DEADLINE = "botdeck.requestDeadline";

    private final SecurityProperties.Connections settings;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public ConnectionLimits(SecurityProperties settings) {
        this.settings = settings.connections();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server
                .idleTimeout(settings.idleTimeout())
                .readTimeout(settings.readTimeout())
                .doOnChannelInit((observer, channel, remote) -> onOpen(channel, remote));
    }

    private void onOpen(Channel channel, SocketAddress remote) {
        SocketAddress address = channel.remoteAddress() != null ? channel.remoteAddress() : remote;
        String client = address instanceof InetSocketAddress inet ? ClientLimits.client(inet) : "unknown";
        AtomicInteger count = open.compute(client, (c, n) -> {
            AtomicInteger v = n == null ? new AtomicInteger() : n;
            v.incrementAndGet();
            return v;
        });
        channel.closeFuture().addListener(f -> open.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n));
        if (count.get() > settings.maxPerClient()) {
            log.debug("Connection from {} closed: it already has {} open", client, settings.maxPerClient());
            channel.close();
            return;
        }
        RequestDeadline deadline = new RequestDeadline(settings.requestTimeout().toMillis(),
                settings.idleTimeout().toMillis() + settings.requestTimeout().toMillis());
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, DEADLINE, deadline);
        } else {
            channel.pipeline().addFirst(DEADLINE, deadline);
        }
    }

    /** Open HTTP connections (WebSockets included) of the client now. */
    public int openOf(String client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }

    /**
     * Closes the connection when a request's headers have not all arrived in time: armed when the
     * connection opens and (later, see {@code request-timeout}) when a response ends, disarmed by a
     * complete request head; off for good once the connection becomes a WebSocket.
     */
    static final class RequestDeadline extends ChannelDuplexHandler {

        private final long firstMillis;
        private final long nextMillis;
        private ScheduledFuture<?> timer;
        private boolean upgraded;

        RequestDeadline(long firstMillis, long nextMillis) {
            this.firstMillis = firstMillis;
            this.nextMillis = nextMillis;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx, firstMillis);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                disarm();
                upgraded = request.headers().contains(HttpHeaderNames.UPGRADE);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent && !upgraded) {
                promise = promise.unvoid();
                promise.addListener(f -> {
                    arm(ctx, nextMillis);
                    readOn(ctx);
                });
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }

        /**
         * Asks for the next request once a response has gone out. Reactor Netty (1.3.6) reads a
         * keep-alive connection on demand, and when a request that came in before the previous
         * exchange had quite finished is answered at once, it can miss asking for the next read:
         * the next request then sits unread until the connection times out (80 s here; a request
         * sent the moment the answer before arrives hits it, see {@code KeepAliveTest}). A read
         * asked for once more is harmless: a request it brings early is queued like a pipelined one.
         */
        private static void readOn(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
                ctx.read();
            }
        }

        private void arm(ChannelHandlerContext ctx, long millis) {
            disarm();
            if (ctx.channel().isActive() || !ctx.channel().isRegistered()) {
                timer = ctx.executor().schedule(() -> {
                    ctx.channel().close();
                }, millis, TimeUnit.MILLISECONDS);
            }
        }

        private void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
