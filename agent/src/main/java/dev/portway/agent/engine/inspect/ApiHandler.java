// The inspector's JSON API: the exchanges, one exchange, its replay, the HAR out and in.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The bodies a GET /api/har writes out at most (base64 makes the file a third larger). */
    static final long MAX_HAR_BODIES = 32L * 1024 * 1024;
    private static final Pattern ONE = Pattern.compile("/api/exchanges/([0-9]{1,18})(/replay|/diff)?");

    private final ExchangeLog log;
    private final ConnectionList connections;
    /** Where replays run: they block on the local service, never on the event loop. */
    private final Executor replays;

    /** Null: this server keeps no saved sets. */
    private final SetsApi sets;

    ApiHandler(ExchangeLog log, ConnectionList connections, Executor replays, SetsApi sets) {
        this.log = log;
        this.connections = connections;
        this.replays = replays;
        this.sets = sets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        log.lookedAt(); // from now on the tunnels capture heads and bodies again (from the next request)
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path = query.path();
        // Secrets (Authorization, cookies, token-like query parameters) are hidden unless ?raw=true asks for them.
        boolean raw = query.parameters().getOrDefault("raw", List.of()).contains("true");
        HttpMethod method = req.method();
        Matcher one = ONE.matcher(path);
        try {
            if (path.equals("/api/exchanges")) {
                expect(method, HttpMethod.GET);
                String q = query.parameters().getOrDefault("q", List.of("")).get(0);
                // A search reads up to every kept body: off the loop, as the list's summaries are.
                Offload.run(ctx, keepAlive, () -> {
                    Map<String, Object> list = Map.of("exchanges", log.search(q).stream()
                            .map(e -> ExchangeJson.summary(raw ? e : e.redacted(), log)).toList());
                    return c -> Replies.json(c, keepAlive, HttpResponseStatus.OK, list);
                });
            } else if (path.equals("/api/connections")) {
                expect(method, HttpMethod.GET);
                Replies.json(ctx, keepAlive, HttpResponseStatus.OK, Map.of("connections",
                        connections.all().stream().map(ConnectionJson::of).toList()));
            } else if (path.equals("/api/har")) {
                if (method.equals(HttpMethod.POST)) {
                    String har = req.content().toString(StandardCharsets.UTF_8);
                    Offload.run(ctx, keepAlive, () -> {
                        List<Exchange> read = HarReader.read(har);
                        List<Object> ids = read.stream().map(e -> (Object) log.addImported(e).id()).toList();
                        return c -> Replies.json(c, keepAlive, HttpResponseStatus.OK,
                                Map.of("imported", ids.size(), "ids", ids));
                    });
                } else {
                    expect(method, HttpMethod.GET);
                    List<String> asked = query.parameters().get("ids");
                    Offload.run(ctx, keepAlive, () -> {
                        List<Exchange> chosen = asked != null ? Ids.find(log, asked) : log.all();
                        String har = Har.write(capped(chosen), !raw);
                        return c -> Replies.send(c, keepAlive, HttpResponseStatus.OK, "application/json", har);
                    });
                }
            } else if (SetsApi.handles(path)) {
                if (sets == null) {
                    throw new Refusal(HttpResponseStatus.NOT_FOUND, "not_found", "this inspector keeps no saved sets");
                }
                sets.handle(ctx, keepAlive, method, path, req.content().toString(StandardCharsets.UTF_8));
            } else if (one.matches()) {
                long id = Long.parseLong(one.group(1));
                Exchange e = log.find(id).orElseThrow(() -> new Refusal(HttpResponseStatus.NOT_FOUND, "not_found",
                        "no exchange " + id + " (the inspector keeps the newest " + ExchangeLog.KEEP + ")"));
                if ("/diff".equals(one.group(2))) {
                    expect(method, HttpMethod.GET);
                    List<String> to = query.parameters().get("to");
                    Offload.run(ctx, keepAlive, () -> {
                        Map<String, Object> d = diff(e, to);
                        return c -> Replies.json(c, keepAlive, HttpResponseStatus.OK, d);
                    });
                } else if (one.group(2) == null) {
                    expect(method, HttpMethod.GET);
                    Replies.json(ctx, keepAlive, HttpResponseStatus.OK,
                            ExchangeJson.detail(raw ? e : e.redacted(), log));
                } else {
                    expect(method, HttpMethod.POST);
                    replay(ctx, keepAlive, e, req.content().toString(StandardCharsets.UTF_8));
                }
            } else {
                throw new Refusal(HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
            }
        } catch (Refusal r) {
            Replies.error(ctx, keepAlive, r.status, r.code, r.getMessage());
        } catch (IllegalArgumentException bad) {
            Replies.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "bad_request", bad.getMessage());
        }
    }

    /**
     * The exchanges a HAR is written of, bounded: past MAX_HAR_BODIES of bodies the file would be a string of
     * hundreds of MB, so the caller is asked to choose fewer (?ids=).
     */
    static List<Exchange> capped(List<Exchange> chosen) {
        long bodies = 0;
        for (Exchange e : chosen) {
            bodies += e.requestBody().captured().length + e.responseBody().captured().length;
        }
        if (bodies > MAX_HAR_BODIES) {
            throw new Refusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "these exchanges hold "
                    + bodies / (1024 * 1024) + " MiB of bodies, more than a HAR is written of ("
                    + MAX_HAR_BODIES / (1024 * 1024) + " MiB): choose fewer with ?ids=");
        }
        return chosen;
    }

    /** The exchange's response beside another's (?to=ID): 400 without a to, 404 when it is not kept. */
    private Map<String, Object> diff(Exchange from, List<String> to) {
        if (to == null || to.size() != 1 || !to.get(0).matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("say which exchange to compare with: ?to=ID");
        }
        long other = Long.parseLong(to.get(0));
        Exchange e = log.find(other).orElseThrow(() -> new Refusal(HttpResponseStatus.NOT_FOUND, "not_found",
                "no exchange " + other + " (the inspector keeps the newest " + ExchangeLog.KEEP + ")"));
        return ExchangeJson.diff(from.id(), other, ExchangeDiff.of(from, e));
    }

    private void replay(ChannelHandlerContext ctx, boolean keepAlive, Exchange e, String edits) {
        ReplayRequest captured;
        try {
            captured = ReplayRequest.of(e);
        } catch (IllegalStateException tooBig) {
            throw new Refusal(HttpResponseStatus.CONFLICT, "not_replayable", tooBig.getMessage());
        }
        ReplayRequest r = ReplayEdits.apply(captured, edits);
        LocalTarget target = log.target(e.id()).orElseThrow(() -> new Refusal(HttpResponseStatus.CONFLICT,
                "no_service", "no tunnel serves a local service to replay to"));
        try {
            replays.execute(() -> {
                try {
                    Exchange answer = log.add(Replay.send(r, target), target, e.id());
                    ctx.executor().execute(() -> Replies.json(ctx, keepAlive, HttpResponseStatus.OK,
                            ExchangeJson.detail(answer.redacted(), log)));
                } catch (RuntimeException failed) {
                    // Off the pipeline, so Failures never hears of it: answered here, never left hanging.
                    ctx.executor().execute(() -> Replies.error(ctx, false, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "internal", "the replay failed: " + failed));
                }
            });
        } catch (RejectedExecutionException busy) {
            throw new Refusal(HttpResponseStatus.TOO_MANY_REQUESTS, "busy", "too many replays at once; try again");
        }
    }

    static void expect(HttpMethod method, HttpMethod allowed) {
        if (!method.equals(allowed)) {
            throw new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "use " + allowed + " here, not " + method);
        }
    }

    /** A request the API turns down, with its status and code. */
    static final class Refusal extends RuntimeException {
        final HttpResponseStatus status;
        final String code;

        Refusal(HttpResponseStatus status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
