// Runs a tunnel in the foreground: prints status and one line per request, stops cleanly on Ctrl-C or SIGTERM.
package dev.portway.desktop.cli;

import dev.portway.desktop.engine.AgentListener;
import dev.portway.desktop.engine.AgentStatus;
import dev.portway.desktop.engine.ApiClient;
import dev.portway.desktop.engine.LocalTarget;
import dev.portway.desktop.engine.RequestLog;
import dev.portway.desktop.engine.TunnelAgent;
import dev.portway.desktop.engine.TunnelLauncher;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

final class ConnectRunner implements AgentListener {
    private final Context ctx;
    private final ApiClient api;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String fatal;
    private volatile LocalTarget target;

    ConnectRunner(Context ctx, ApiClient api) {
        this.ctx = ctx;
        this.api = api;
        this.out = ctx.cli().out();
    }

    /** Connects and blocks until a signal or a permanent error; cleanup (may be null) runs on the way out. */
    int run(String socketId, String tunnelId, LocalTarget local, Runnable cleanup) throws InterruptedException {
        this.target = local;
        CountDownLatch cleaned = new CountDownLatch(1);
        // The JVM exits once every hook returned: the hook waits for the cleanup that the main thread does.
        Thread waiter = new Thread(() -> {
            finished.countDown();
            try {
                cleaned.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "portway-shutdown");
        Runtime.getRuntime().addShutdownHook(waiter);
        TunnelAgent agent = null;
        try {
            agent = TunnelLauncher.launch(api, socketId, tunnelId, local, this);
            finished.await();
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (cleanup != null) {
                try {
                    cleanup.run();
                } catch (RuntimeException e) {
                    ctx.cli().err().println("portway: could not delete the temporary socket: " + e.getMessage());
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

    @Override
    public void onStatus(AgentStatus status, String detail) {
        if (ctx.json()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", "status");
            event.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
            event.put("detail", detail);
            out.println(Context.toJson(event).replaceAll("\\s*\\n\\s*", " "));
        } else {
            switch (status) {
                case CONNECTING -> out.println("connecting to " + detail + " ...");
                case ONLINE -> out.println("online  " + detail + "  ->  " + target);
                case RETRYING -> out.println(detail);
                case ERROR -> out.println("error: " + detail);
                case STOPPED -> out.println("stopped");
            }
        }
        out.flush();
        if (status == AgentStatus.ERROR) {
            fatal = detail;
            finished.countDown();
        }
    }

    @Override
    public void onRequest(RequestLog log) {
        if (ctx.json()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", "request");
            event.put("time", log.time().toString());
            event.put("method", log.method());
            event.put("path", log.path());
            event.put("status", log.status());
            event.put("duration_ms", log.durationMillis());
            event.put("bytes", log.bytes());
            out.println(Context.toJson(event).replaceAll("\\s*\\n\\s*", " "));
        } else {
            out.println(log.line());
        }
        out.flush();
    }
}
