// The saved sets' part of the JSON API: list, save, show, replay and delete sets (SavedSets' files, SetReplay's
// replays). A set replay is one task on the server's bounded replay pool; the set files are read, written and
// parsed on Offload's pool: none of it runs on the event loop.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.protocol.json.JsonReader;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class SetsApi {
    static final String PATH = "/api/sets";
    private static final Pattern ONE = Pattern.compile("/api/sets/([^/]+)(/replay)?");

    private final ExchangeLog log;
    private final SavedSets sets;
    private final SetReplay setReplay;
    private final Executor replays;

    SetsApi(ExchangeLog log, SavedSets sets, SetReplay setReplay, Executor replays) {
        this.log = log;
        this.sets = sets;
        this.setReplay = setReplay;
        this.replays = replays;
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    /** Answers the call; Refusal or IllegalArgumentException (a 400) for what it turns down. */
    void handle(ChannelHandlerContext ctx, boolean keepAlive, HttpMethod method, String path, String body) {
        // Set files are read, written and parsed off the event loop (Offload), which then answers.
        Offload.run(ctx, keepAlive, () -> {
            try {
                return route(ctx, keepAlive, method, path, body);
            } catch (SavedSets.Refused r) {
                throw new ApiHandler.Refusal(status(r.code()), r.code(), r.getMessage());
            } catch (UncheckedIOException disk) {
                // Not the caller's fault (a full disk, a folder made unreadable): said, not a dropped connection.
                throw new ApiHandler.Refusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, "io_error", disk.getMessage());
            }
        });
    }

    /** Off the loop: what answers on the loop; null when a set replay answers later by itself. */
    private Consumer<ChannelHandlerContext> route(ChannelHandlerContext ctx, boolean keepAlive, HttpMethod method,
            String path, String body) {
        if (path.equals(PATH)) {
            if (method.equals(HttpMethod.POST)) {
                Map<?, ?> asked = object(body);
                Object name = asked.get("name");
                List<Exchange> chosen = Ids.fromJson(log, asked.get("ids"));
                SavedSets.Info saved = sets.save(name instanceof String s ? s : null, chosen);
                return c -> Replies.json(c, keepAlive, HttpResponseStatus.CREATED, info(saved));
            } else {
                ApiHandler.expect(method, HttpMethod.GET);
                Map<String, Object> list = Map.of("sets", sets.list().stream().map(SetsApi::info).toList());
                return c -> Replies.json(c, keepAlive, HttpResponseStatus.OK, list);
            }
        }
        Matcher one = ONE.matcher(path);
        if (!one.matches()) {
            throw new ApiHandler.Refusal(HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
        }
        String name = one.group(1);
        if (one.group(2) != null) {
            ApiHandler.expect(method, HttpMethod.POST);
            replay(ctx, keepAlive, find(name));
            return null;
        } else if (method.equals(HttpMethod.DELETE)) {
            if (!sets.delete(name)) {
                throw notFound(name);
            }
            return c -> Replies.noContent(c, keepAlive);
        } else {
            ApiHandler.expect(method, HttpMethod.GET);
            SavedSets.Saved set = find(name);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", set.info().name());
            o.put("saved", set.info().saved().toString());
            o.put("exchanges", set.exchanges().stream().map(e -> ExchangeJson.summary(e.redacted())).toList());
            return c -> Replies.json(c, keepAlive, HttpResponseStatus.OK, o);
        }
    }

    private void replay(ChannelHandlerContext ctx, boolean keepAlive, SavedSets.Saved set) {
        LocalTarget target = setReplay.target().orElseThrow(() -> new ApiHandler.Refusal(HttpResponseStatus.CONFLICT,
                "no_service", "no tunnel serves a local service to replay to"));
        if (!setReplay.tryStart()) {
            throw busy();
        }
        try {
            replays.execute(() -> {
                Map<String, Object> answer = null;
                String failed = null;
                try {
                    answer = results(set.info().name(), setReplay.replay(set.exchanges(), target));
                } catch (RuntimeException e) {
                    failed = String.valueOf(e);
                } finally {
                    setReplay.done(); // before the answer: a client that replays again once answered is not busy
                }
                Map<String, Object> done = answer;
                String why = failed;
                ctx.executor().execute(() -> {
                    if (done != null) {
                        Replies.json(ctx, keepAlive, HttpResponseStatus.OK, done);
                    } else {
                        Replies.error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "replay_failed", why);
                    }
                });
            });
        } catch (RejectedExecutionException full) {
            setReplay.done();
            throw busy();
        }
    }

    private Map<String, Object> results(String name, List<SetReplay.Result> results) {
        List<Map<String, Object>> out = new ArrayList<>(results.size());
        int changed = 0;
        for (SetReplay.Result r : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("original", ExchangeJson.summary(r.original().redacted(), log));
            o.put("replayed", r.replayed() == null ? null : ExchangeJson.summary(r.replayed().redacted(), log));
            o.put("error", r.error());
            if (r.diff() == null) {
                o.put("changed", true);
                o.put("status_changed", true);
                o.put("body_changed", true);
            } else {
                ExchangeJson.changes(r.diff(), o);
            }
            changed += r.changed() ? 1 : 0;
            out.add(o);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("changed", changed);
        o.put("results", out);
        return o;
    }

    private SavedSets.Saved find(String name) {
        return sets.read(name).orElseThrow(() -> notFound(name));
    }

    private static ApiHandler.Refusal notFound(String name) {
        return new ApiHandler.Refusal(HttpResponseStatus.NOT_FOUND, "not_found", "no saved set " + name);
    }

    private static ApiHandler.Refusal busy() {
        return new ApiHandler.Refusal(HttpResponseStatus.TOO_MANY_REQUESTS, "busy",
                "a set is being replayed already (at most " + SetReplay.MAX_AT_ONCE + " at once); try again");
    }

    private static Map<String, Object> info(SavedSets.Info i) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", i.name());
        o.put("count", i.count());
        o.put("saved", i.saved().toString());
        return o;
    }

    private static Map<?, ?> object(String body) {
        if (body.isBlank() || !(JsonReader.parse(body) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("save a set with {\"name\": \"checkout\", \"ids\": [1, 2]}");
        }
        return m;
    }

    private static HttpResponseStatus status(String code) {
        return switch (code) {
            case "too_many_sets", "not_replayable" -> HttpResponseStatus.CONFLICT;
            default -> HttpResponseStatus.BAD_REQUEST; // bad_name, too_many_exchanges
        };
    }
}
