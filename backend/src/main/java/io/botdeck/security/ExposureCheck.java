package io.botdeck.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start when Botdeck would listen beyond this machine without an access token: it has
 * no login, so on {@code 0.0.0.0} or a LAN address anyone who can reach the port could start and
 * stop bots. Runs before anything else (before the embedded database starts), so the start fails
 * at once with a message that says what to set. On loopback nothing is required.
 */
public class ExposureCheck implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    /** Shortest token accepted: a guessable token is no guard. */
    public static final int MIN_TOKEN_LENGTH = 16;

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        String address = env.getProperty("server.address", "").trim();
        String token = env.getProperty("botdeck.auth.token", "").trim();
        String problem = problem(address, token);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** What is wrong with listening on {@code address} with {@code token}; null when nothing is. */
    static String problem(String address, String token) {
        if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            return "botdeck.auth.token is " + token.length() + " characters; use at least " + MIN_TOKEN_LENGTH
                    + " random characters (e.g. openssl rand -hex 24)";
        }
        if (isLoopback(address) || !token.isEmpty()) {
            return null;
        }
        return "Botdeck would listen on " + (address.isEmpty() ? "every network interface" : "server.address=" + address)
                + ", reachable from other machines, and it has no login. Set an access token "
                + "(botdeck.auth.token, or the environment variable BOTDECK_AUTH_TOKEN, at least " + MIN_TOKEN_LENGTH
                + " characters) that every client must send, or listen on 127.0.0.1 (server.address=127.0.0.1).";
    }

    /** Whether the address is a loopback one ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
    public static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(strip(address));
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String strip(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }
}
