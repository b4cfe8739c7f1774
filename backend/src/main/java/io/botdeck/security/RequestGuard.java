package io.botdeck.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.botdeck.session.SessionIds;
import io.botdeck.web.TextRules;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks every HTTP request and WebSocket handshake passes before any handler sees it, in
 * this order:
 * <ol>
 *   <li>{@code Host} must be one Botdeck serves ({@link HostRule}): 421 otherwise (DNS rebinding);</li>
 *   <li>a state-changing request (anything but GET, HEAD, OPTIONS) or a WebSocket handshake must not
 *       come from another site's page ({@link OriginRule}): 403 otherwise;</li>
 *   <li>the access token, when one is configured ({@link AccessToken}): 401 otherwise;</li>
 *   <li>a state-changing request with a body must say it is JSON (or CSV for the candle import): a
 *       form or a {@code text/plain} body, which any page can send without asking, is a 415;</li>
 *   <li>a GraphQL request body may hold at most {@code botdeck.graphql.max-body-bytes} (256 KiB): 413;</li>
 *   <li>a session id in a path must be in its one form, a lower-case UUID: 404 otherwise;</li>
 *   <li>query parameters must not hold NUL characters or unpaired surrogates: 400.</li>
 * </ol>
 * Refusals carry the REST envelope {@code {"success": false, "error": ...}}, or a GraphQL error
 * on {@code /graphql}.
 */
@Component
public class RequestGuard implements WebFilter, Ordered {

    /** Routes that need the token; everything else is the dashboard's static shell. */
    private static final List<String> PROTECTED = List.of("/sessions", "/session/", "/strategies", "/markets",
            "/graphql", "/graphiql", "/v3/", "/swagger-ui", "/actuator", "/alert-", "/alerts");
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> SIMPLE_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
            "text/plain");

    private final HostRule hosts;
    private final OriginRule origins;
    private final AccessToken token;
    private final JsonMapper json;
    private final String graphQlPath;
    private final long maxGraphQlBody;

    public RequestGuard(SecurityProperties settings, JsonMapper json,
                        @Value("${server.address:}") String serverAddress,
                        @Value("${spring.graphql.http.path:/graphql}") String graphQlPath,
                        @Value("${botdeck.graphql.max-body-bytes:262144}") long maxGraphQlBody) {
        this.hosts = new HostRule(serverAddress, settings.allowedHosts());
        this.origins = new OriginRule(settings.allowedOrigins());
        this.token = new AccessToken(settings.auth().token());
        this.json = json;
        this.graphQlPath = graphQlPath;
        this.maxGraphQlBody = maxGraphQlBody;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String path = request.getPath().pathWithinApplication().value();
        boolean graphQl = path.equals(graphQlPath);

        String host = headers.getFirst(HttpHeaders.HOST);
        if (!hosts.allows(host)) {
            return refuse(exchange, HttpStatus.MISDIRECTED_REQUEST, graphQl, "this server does not serve the host '"
                    + abbreviate(String.valueOf(host)) + "'; add it to botdeck.allowed-hosts to serve it");
        }
        boolean upgrade = "websocket".equalsIgnoreCase(headers.getUpgrade());
        boolean changes = !SAFE.contains(request.getMethod());
        if (changes || upgrade) {
            String reason = origins.crossSiteReason(headers);
            if (reason != null) {
                return refuse(exchange, HttpStatus.FORBIDDEN, graphQl, reason);
            }
        }
        if (token.required() && (changes || isProtected(path)) && !token.presentIn(request)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"botdeck\"");
            if (!changes && !upgrade && acceptsHtml(headers)) {
                return tokenPage(exchange);
            }
            return refuse(exchange, HttpStatus.UNAUTHORIZED, graphQl, "this server needs its access token: send "
                    + "'Authorization: Bearer <token>' (the dashboard asks for it once)");
        }
        if (changes && hasBody(headers) && isSimpleType(headers)) {
            return refuse(exchange, HttpStatus.UNSUPPORTED_MEDIA_TYPE, graphQl,
                    "send the request body as application/json (text/csv for a candle import)");
        }
        if (graphQl && changes) {
            long length = headers.getContentLength();
            if (length > maxGraphQlBody) {
                return tooLarge(exchange);
            }
            exchange = exchange.mutate().request(limited(request, maxGraphQlBody)).build();
        }
        // a log stream of no session is closed with 4404 by its handler, which checks the id the same way
        String badId = upgrade ? null : nonCanonicalSessionId(path);
        if (badId != null) {
            return refuse(exchange, HttpStatus.NOT_FOUND, false, "session '" + abbreviate(badId) + "' not found");
        }
        for (Map.Entry<String, List<String>> param : request.getQueryParams().entrySet()) {
            String problem = TextRules.problem(param.getKey());
            for (String value : param.getValue()) {
                problem = problem != null ? problem : TextRules.problem(value);
            }
            if (problem != null) {
                return refuse(exchange, HttpStatus.BAD_REQUEST, graphQl,
                        "query parameter '" + abbreviate(TextRules.printable(param.getKey())) + "' " + problem);
            }
        }
        ServerWebExchange checked = exchange;
        return chain.filter(checked).onErrorResume(e -> graphQl && isTooLarge(e) && !checked.getResponse().isCommitted(),
                e -> tooLarge(checked));
    }

    private static boolean acceptsHtml(HttpHeaders headers) {
        return headers.getAccept().stream().anyMatch(t -> t.getType().equals("text") && t.getSubtype().equals("html"));
    }

    /** GraphiQL, Swagger UI and the like opened in a browser without the token: a page that asks for it. */
    private static Mono<Void> tokenPage(ServerWebExchange exchange) {
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Botdeck: access token</title></head>
                <body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
                <h1>This Botdeck server needs its access token</h1>
                <p>It is the value of <code>botdeck.auth.token</code> (<code>BOTDECK_AUTH_TOKEN</code>) on the server.</p>
                <form id="f"><label>Access token <input id="t" type="password" autocomplete="current-password" autofocus></label>
                <button>Continue</button></form>
                <script>
                document.getElementById('f').addEventListener('submit', function (e) {
                  e.preventDefault();
                  var secure = location.protocol === 'https:' ? '; Secure' : '';
                  document.cookie = '%s=' + encodeURIComponent(document.getElementById('t').value.trim())
                      + '; Path=/; Max-Age=31536000; SameSite=Strict' + secure;
                  location.reload();
                });
                </script></body></html>
                """.formatted(AccessToken.COOKIE);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.TEXT_HTML);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    private static boolean isProtected(String path) {
        for (String prefix : PROTECTED) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean isSimpleType(HttpHeaders headers) {
        String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        if (type == null || type.isBlank()) {
            return true;
        }
        int semi = type.indexOf(';');
        String essence = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return SIMPLE_TYPES.contains(essence);
    }

    /** The id segment of {@code /sessions/<id>[/...]} when it is not a canonical id; null otherwise. */
    static String nonCanonicalSessionId(String path) {
        if (!path.startsWith("/sessions/")) {
            return null;
        }
        int end = path.indexOf('/', 10);
        String segment = end < 0 ? path.substring(10) : path.substring(10, end);
        if (segment.isEmpty() || segment.equals("health") && end < 0 || SessionIds.isCanonical(segment)) {
            return null;
        }
        return segment;
    }

    /** The request with a body that fails with {@link DataBufferLimitException} once it passes {@code max} bytes. */
    private static ServerHttpRequest limited(ServerHttpRequest request, long max) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > max) {
                        org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                        sink.error(new DataBufferLimitException("request body over " + max + " bytes"));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return refuse(exchange, HttpStatus.CONTENT_TOO_LARGE, true,
                "the request body is over " + maxGraphQlBody + " bytes; send a smaller document and variables");
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, boolean graphQl, String message) {
        Object body;
        if (graphQl) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", message);
            error.put("extensions", Map.of("classification", status == HttpStatus.UNAUTHORIZED ? "UNAUTHORIZED"
                    : status == HttpStatus.FORBIDDEN ? "FORBIDDEN" : "BAD_REQUEST"));
            body = Map.of("errors", List.of(error));
        } else {
            body = Map.of("success", false, "error", message);
        }
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = json.writeValueAsBytes(body);
        // a small refused body is read first, so the client's keep-alive connection stays usable
        return discardBody(exchange.getRequest(), status)
                .then(response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes))));
    }

    /** Reads and drops the request body, up to {@value #MAX_DISCARD} bytes (more: the connection closes). */
    private static Mono<Void> discardBody(ServerHttpRequest request, HttpStatus status) {
        if (status == HttpStatus.CONTENT_TOO_LARGE || !hasBody(request.getHeaders())
                || request.getHeaders().getContentLength() > MAX_DISCARD) {
            return Mono.empty();
        }
        AtomicLong seen = new AtomicLong();
        return request.getBody()
                .map(buffer -> {
                    long n = seen.addAndGet(buffer.readableByteCount());
                    org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    return n;
                })
                .takeUntil(n -> n > MAX_DISCARD)
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    private static final long MAX_DISCARD = 1024 * 1024;

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
