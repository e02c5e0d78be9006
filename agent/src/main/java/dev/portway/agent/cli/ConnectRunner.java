// Runs tunnels in the foreground: prints status and one line per request, stops cleanly on Ctrl-C or SIGTERM.
package dev.portway.agent.cli;

import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ConnectionLog;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LiveConnection;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.RequestLog;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.agent.engine.inspect.ConnectionList;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.InspectServer;
import dev.portway.protocol.transport.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

final class ConnectRunner implements AgentListener {
    /** Starts the agents, reporting to the runner's listeners; null or empty when cancelled by a signal. */
    @FunctionalInterface
    interface Launch {
        List<TunnelAgent> start(ConnectRunner runner) throws InterruptedException;
    }

    /** How long a stopping agent lets connections in flight finish. */
    static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(10);
    private final Context ctx;
    private final ApiClient api;
    private final PrintStream out;
    /** Shared by the runner and its tunnels' listeners, so their lines keep their order. */
    private final BatchedLines lines;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String fatal;
    private volatile LocalTarget target;
    private volatile String label;
    /** --log-format json: one JSON object per exchange (and per tcp or tls connection) instead of the lines. */
    private volatile boolean jsonLog;
    /** The port the inspector is served on first (owner only); null: no inspector. */
    private volatile Integer inspectPort;
    /** What the inspector server reads (owner only): every tunnel's exchanges, each under an id of its own. */
    private final ExchangeLog exchanges;
    /** The tcp and tls connections and udp flows of every tunnel, for the inspector (owner's, shared). */
    private final ConnectionList connections;
    /**
     * This runner's tunnel's way into the owner's log, made as its tunnel starts (its target is then known);
     * volatile: read without a lock.
     */
    private volatile Consumer<Exchange> feed;
    /** Exchanges already printed (an upgraded one is reported again when it ends). */
    private final java.util.Set<Long> printed = java.util.Collections.newSetFromMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > 1000;
                }
            });
    private volatile boolean addressShown;
    /** The first "connecting" line also names the transport (epoll, io_uring or nio); reconnects do not repeat it. */
    private volatile boolean transportShown;
    /** A tcp, tls or udp socket: each connection's (flow's) own line says when the local service refused it. */
    private volatile boolean raw;
    /** Guards "is the main thread still launching (and so may be woken by an interrupt)?" */
    private final Object launchLock = new Object();
    private boolean launching;

    /** Where every tunnel's permanent error ends the run: this runner, or the one that made this listener. */
    private final ConnectRunner owner;
    /**
     * The event loop this runner's tunnel runs on, made on first use: its events come on it, so their lines can
     * wait for the end of its turn. The owner shuts every one down on its way out (owner only: the loops made).
     */
    private volatile EventLoop loop;
    private final List<EventLoopGroup> loops = new ArrayList<>();

    ConnectRunner(Context ctx, ApiClient api) {
        this(ctx, api, null);
    }

    private ConnectRunner(Context ctx, ApiClient api, ConnectRunner owner) {
        this.ctx = ctx;
        this.api = api;
        this.out = ctx.cli().out();
        this.owner = owner == null ? this : owner;
        this.lines = owner == null ? new BatchedLines(out) : owner.lines;
        this.exchanges = owner == null ? new ExchangeLog() : owner.exchanges;
        this.connections = owner == null ? new ConnectionList() : owner.connections;
    }

    /**
     * Connects one tunnel and blocks until a signal or a permanent error; cleanup (may be null) runs on the way
     * out.
     */
    int run(String socketId, String tunnelId, LocalTarget local, Runnable cleanup) throws InterruptedException {
        this.target = local;
        feed(); // replays of imports and saved sets go to this service before any request came through
        return run(r -> List.of(TunnelLauncher.launch(api, socketId, tunnelId, local, r, r.loop())
                .capture(r::capturing)), cleanup);
    }

    /** Runs what launch starts until a signal or a permanent error of any of them; cleanup (may be null) last. */
    int run(Launch launch, Runnable cleanup) throws InterruptedException {
        try {
            Transports.current(); // a -Dportway.transport that cannot load, before anything starts
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        CountDownLatch cleaned = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        // The JVM exits once every hook returned: the hook wakes the main thread (which may be waiting for an
        // unreachable server) and waits, bounded, for the cleanup it does.
        Thread waiter = new Thread(() -> {
            synchronized (launchLock) {
                finished.countDown();
                if (launching) {
                    main.interrupt();
                }
            }
            try {
                cleaned.await(DRAIN_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "portway-shutdown");
        Runtime.getRuntime().addShutdownHook(waiter);
        List<TunnelAgent> agents = List.of();
        InspectServer inspector = null;
        try {
            // In the try: whatever it throws, the shutdown hook above is removed again.
            inspector = inspect();
            synchronized (launchLock) {
                launching = true;
            }
            try {
                List<TunnelAgent> started = launch.start(this);
                agents = started == null ? List.of() : started;
            } finally {
                // From here on no signal interrupts this thread, so the cleanup's calls run undisturbed.
                synchronized (launchLock) {
                    launching = false;
                }
            }
            finished.await();
        } catch (InterruptedException e) {
            // A signal: stop as asked.
        } finally {
            // Clear the interrupt so the cleanup's own calls (deleting a quick-connect socket) can run.
            Thread.interrupted();
            // Visitors in the middle of a transfer finish it; new ones go to the socket's other tunnels.
            agents.parallelStream().forEach(a -> a.drain(DRAIN_TIMEOUT));
            lines.flush();
            if (inspector != null) {
                inspector.close();
            }
            shutDownLoops();
            if (cleanup != null) {
                try {
                    cleanup.run();
                } catch (RuntimeException e) {
                    ctx.cli().err().println("portway: " + e.getMessage());
                }
            }
            cleaned.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(waiter);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and has just been released.
            }
        }
        if (fatal != null) {
            throw new CliException(fatal);
        }
        return 0;
    }

    /** Serves the inspector when asked, and says where; a port it cannot have is said, and the run goes on. */
    private InspectServer inspect() {
        if (inspectPort == null) {
            return null;
        }
        try {
            InspectServer server = InspectServer.start(exchanges, connections, inspectPort,
                    InspectOptions.setsDir(ctx.cli().env(), ctx.cli().settings().file()));
            emit("inspect  " + server.url(), "inspect", "url", server.url());
            return server;
        } catch (IOException | RuntimeException e) {
            ctx.cli().err().println("portway: no inspector: " + e.getMessage());
            return null;
        }
    }

    /** The event loop for this runner's tunnel to run on (TunnelLauncher's loop). */
    EventLoop loop() {
        synchronized (owner.loops) {
            if (loop == null) {
                EventLoopGroup group = Transports.current().group(1);
                owner.loops.add(group);
                loop = group.next();
            }
            return loop;
        }
    }

    private void shutDownLoops() {
        List<EventLoopGroup> made;
        synchronized (loops) {
            made = List.copyOf(loops);
            loops.clear();
        }
        made.forEach(l -> l.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
    }

    /**
     * A listener for one of several tunnels: its lines start with the label, its URL points at its target; its
     * tunnel runs on its loop().
     */
    ConnectRunner listener(String tunnelLabel, LocalTarget tunnelTarget) {
        ConnectRunner one = new ConnectRunner(ctx, api, this);
        one.jsonLog = jsonLog;
        one.label = tunnelLabel;
        one.target = tunnelTarget;
        one.feed(); // registered as its tunnel starts, not on its first exchange: see run()
        return one;
    }

    @Override
    public void onStatus(AgentStatus status, String detail) {
        Optional<RawAddress> raw = status == AgentStatus.ONLINE ? RawAddress.of(detail) : Optional.empty();
        if (status == AgentStatus.ONLINE) {
            this.raw = raw.isPresent();
        }
        String transport = null;
        if (status == AgentStatus.CONNECTING && !owner.transportShown) {
            owner.transportShown = true;
            transport = Transports.current().label();
        }
        String shownTransport = transport == null ? "" : " (" + transport + ")";
        String human = switch (status) {
            case CONNECTING -> "connecting to " + detail + " ..." + shownTransport;
            case ONLINE -> "online  " + detail + "  ->  " + shown(target) + raw.map(this::addressLines).orElse("");
            case RETRYING -> detail;
            case ERROR -> null; // said once, on stderr, as the command's error
            case STOPPED -> "stopped";
        };
        if (raw.isPresent()) {
            emit(human, "status", "status", "online", "detail", detail, "address", raw.get().address());
        } else if (transport != null) {
            emit(human, "status", "status", "connecting", "detail", detail, "transport", transport);
        } else {
            emit(human, "status", "status", status.name().toLowerCase(Locale.ROOT), "detail", detail);
        }
        if (status == AgentStatus.ERROR) {
            owner.fatal = label == null ? detail : label + ": " + detail;
            owner.finished.countDown();
        }
    }

    /** The local service as the start-up lines show it: "localhost:5173 (Host rewritten)", "… (Host: app.test)". */
    static String shown(LocalTarget target) {
        String host = target.hostHeader();
        return host == null ? target.toString() : target + (host.equals(LocalTarget.REWRITE) ? " (Host rewritten)"
                : " (Host: " + host + ")");
    }

    /** A tcp, tls or udp socket's address and a command to reach it, said once: a reconnect needs no repeat. */
    private String addressLines(RawAddress raw) {
        if (addressShown) {
            return "";
        }
        addressShown = true;
        return "\naddress  " + raw.address() + "\ntry      " + raw.command(api.server(), target.port());
    }

    /**
     * Said when the local service stops or starts answering; for a tcp or tls socket only in JSON, since each
     * connection's line ("tcp 203.0.113.7:51234 failed: could not reach localhost:22 (connection refused)") says it
     * already, with the visitor.
     */
    @Override
    public void onLocalService(boolean reachable, String detail) {
        String human = raw ? null : reachable ? "local service " + detail + " reachable again"
                : "local service unreachable: " + detail;
        emit(human, "local_service", "reachable", reachable, "detail", detail);
    }

    /**
     * Whether the exchanges' heads and bodies are needed, asked for each new connection to the local service: the
     * JSON log prints them; the inspector keeps them while someone looks (decoding them all costs the data path a
     * third of its requests per second), else it lists method, path, status and sizes only.
     */
    boolean capturing() {
        return jsonLog || owner.inspectPort != null && exchanges.watched();
    }

    /** Serves the inspector on 127.0.0.1:port (or the next free port; 0: any); null: none. */
    ConnectRunner inspectPort(Integer port) {
        inspectPort = port;
        return this;
    }

    /** "json": each exchange as one JSON object (method, path, status, timing, heads, sizes) when it ends. */
    ConnectRunner logFormat(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--log-format is text or json, not \"" + format + "\"");
        }
        jsonLog = format.equals("json");
        return this;
    }

    @Override
    public void onExchange(Exchange e) {
        if (owner.inspectPort != null) {
            feed().accept(e);
        }
        if (e.state() == Exchange.State.PENDING) {
            return;
        }
        synchronized (printed) {
            if (!printed.add(e.id())) {
                return;
            }
        }
        // A log is shared: it never prints a credential, a cookie or a token. Redacted only when printed.
        if (jsonLog) {
            Exchange shown = e.redacted();
            printJson(null, "time", shown.start().toString(), "method", shown.method(), "path", shown.target(),
                    "status", shown.status(), "state", shown.state().name().toLowerCase(Locale.ROOT),
                    "failure", shown.failure(), "duration_ms", shown.durationMillis(),
                    "request_headers", shown.requestHeaders(), "request_bytes", shown.requestBody().size(),
                    "response_headers", shown.responseHeaders(), "response_bytes", shown.responseBody().size());
        } else if (e.state() == Exchange.State.FAILED) {
            Exchange shown = e.redacted();
            emit(shown.method() + " " + shown.target() + " failed: " + shown.failure(), "request",
                    "method", shown.method(), "path", shown.target(), "failure", shown.failure());
        }
    }

    /** Locks only to make the feed, once: each exchange after that takes the log's lock alone. */
    private Consumer<Exchange> feed() {
        Consumer<Exchange> made = feed;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (feed == null) {
                feed = exchanges.feed(target);
            }
            return feed;
        }
    }

    @Override
    public void onRequest(RequestLog log) {
        if (jsonLog) {
            return;
        }
        if (!ctx.json()) {
            lines.println(label == null ? log.line() : label + "  " + log.line(), loop); // no JSON to build
            return;
        }
        emit(log.line(), "request", "time", log.time().toString(), "method", log.method(), "path", log.path(),
                "status", log.status(), "duration_ms", log.durationMillis(), "bytes", log.bytes());
    }

    /** A tcp or tls connection or a udp flow opened or ended: listed by the inspector, when there is one. */
    @Override
    public void onConnectionChange(LiveConnection c) {
        if (owner.inspectPort != null) {
            connections.put(c);
        }
    }

    /** A tcp or tls connection ended: one line, or with --log-format json one object named as the exchanges'. */
    @Override
    public void onConnection(ConnectionLog c) {
        Object[] fields = {"time", c.time().toString(), "type", c.type(), "socket_id", c.socketId(),
            "visitor", c.visitor(), "state", c.failure() == null ? "done" : "failed", "failure", c.failure(),
            "duration_ms", c.durationMillis(), "bytes_in", c.bytesIn(), "bytes_out", c.bytesOut()};
        if (c.isUdp()) {
            fields = java.util.stream.Stream.concat(java.util.Arrays.stream(fields), java.util.stream.Stream.of(
                    "datagrams_in", c.datagramsIn(), "datagrams_out", c.datagramsOut(),
                    "datagrams_dropped", c.datagramsDropped())).toArray();
        }
        if (jsonLog) {
            printJson(null, fields);
        } else {
            emit(c.line() + noReply(c), "connection", fields);
        }
    }

    /**
     * A udp flow that got datagrams and gave none back: nothing may listen on the local port, which is all the
     * visitor's side can tell (a UDP port cannot be probed, and a refusal is not reported back), so it is said here.
     */
    private String noReply(ConnectionLog c) {
        return c.isUdp() && c.failure() == null && c.datagramsIn() > 0 && c.datagramsOut() == 0
                ? " (no reply from " + target + ": is a UDP service listening there?)" : "";
    }

    /** A line of the command's own before the tunnel starts, in the run's format (see emit). */
    void say(String human, String kind, Object... keyValues) {
        emit(human, kind, keyValues);
    }

    /** One line: the human text, or with --json one JSON object {"event": kind, key: value, …}. */
    private void emit(String human, String kind, Object... keyValues) {
        if (human == null && !ctx.json()) {
            return;
        }
        if (ctx.json()) {
            printJson(kind, keyValues);
        } else {
            lines.println(label == null ? human : label + "  " + human, loop);
        }
    }

    /** One JSON object on one line: the event's kind (unless null), the tunnel's label, then the fields in order. */
    private void printJson(String kind, Object... keyValues) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (kind != null) {
            o.put("event", kind);
        }
        if (label != null) {
            o.put("tunnel", label);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        lines.println(Context.line(o), loop);
    }
}
