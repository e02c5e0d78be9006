// "portway tunnel create|ls|show|delete|connect".
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.HostHeaderValue;
import dev.portway.agent.engine.OriginIdleTimeout;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.protocol.api.TunnelInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class TunnelCommands {
    private TunnelCommands() {
    }

    @Command(name = "tunnel", description = "Manage tunnels: the origins of a socket, and connect one.",
            subcommands = {Create.class, List_.class, Show.class, Delete.class, Connect.class})
    static final class Group {
    }

    /** The socket a tunnel command works on. */
    static final class SocketOption {
        @Option(names = {"--socket", "--socket_id", "--socket-id"}, required = true, paramLabel = "SOCKET_ID",
                description = "The socket the tunnel belongs to (see 'portway socket ls').")
        String socketId;
    }

    /** The tunnel a command connects or configures. */
    static final class TunnelOption {
        @Option(names = {"--tunnel", "--tunnel_id", "--tunnel-id"}, required = true, paramLabel = "TUNNEL_ID",
                description = "The tunnel, one of the socket's (see 'portway tunnel ls --socket SOCKET_ID').")
        String tunnelId;
    }

    /** Where the tunnel's agent runs: "laptop (192.0.2.7)", or null while offline. */
    static String agent(TunnelInfo t) {
        if (t.agentAddress() == null) {
            return null;
        }
        return t.agentHost() != null ? t.agentHost() + " (" + t.agentAddress() + ")" : t.agentAddress();
    }

    static String describe(TunnelInfo t) {
        List<String[]> rows = new ArrayList<>(List.of(new String[]{"tunnel_id", t.tunnelId()},
                new String[]{"socket_id", t.socketId()}, new String[]{"status", t.status()},
                new String[]{"agent", agent(t)},
                new String[]{"local", t.localTarget()},
                new String[]{"connected_since", t.connectedSince()},
                new String[]{"bytes_in", Long.toString(t.bytesIn())},
                new String[]{"bytes_out", Long.toString(t.bytesOut())},
                new String[]{"open_connections", Integer.toString(t.openConnections())},
                new String[]{"created_at", t.createdAt()}));
        return Context.fields(rows);
    }

    @Command(name = "create", description = "Create a tunnel for a socket.")
    static final class Create extends CliCommand {
        @Mixin SocketOption socket;

        @Override
        protected int run(Context ctx) {
            TunnelInfo t = ctx.api().createTunnel(socket.socketId);
            ctx.print(t, describe(t) + "\n\nConnect it with: portway tunnel connect --socket " + t.socketId()
                    + " --tunnel " + t.tunnelId() + " --port PORT");
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List the tunnels of a socket.")
    static final class List_ extends CliCommand {
        @Mixin SocketOption socket;
        @Option(names = {"-w", "--watch"}, description = "Then print each change as it happens (status, where "
                + "each tunnel runs, traffic), until Ctrl-C.")
        boolean watch;

        @Override
        protected int run(Context ctx) throws InterruptedException {
            ApiClient api = ctx.api();
            List<TunnelInfo> tunnels = api.tunnels(socket.socketId);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"TUNNEL_ID", "STATUS", "AGENT", "LOCAL", "SINCE", "IN", "OUT", "OPEN"});
            for (TunnelInfo t : tunnels) {
                rows.add(new String[]{t.tunnelId(), t.status(), agent(t), t.localTarget(), t.connectedSince(),
                        Long.toString(t.bytesIn()), Long.toString(t.bytesOut()),
                        Integer.toString(t.openConnections())});
            }
            ctx.print(tunnels, tunnels.isEmpty() ? "No tunnels yet: create one with 'portway tunnel create'."
                    : Context.table(rows));
            if (watch) {
                new TunnelWatch(ctx, api, socket.socketId).run();
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one tunnel with its live status (its socket is found if not given).")
    static final class Show extends CliCommand {
        @Option(names = {"--socket", "--socket_id", "--socket-id"}, paramLabel = "SOCKET_ID",
                description = "The socket the tunnel belongs to. Default: found among your sockets.")
        String socketId;
        @Mixin IdArguments.TunnelArg tunnel;

        @Override
        protected int run(Context ctx) {
            ApiClient api = ctx.api();
            String id = tunnel.id();
            TunnelInfo t = socketId != null ? api.tunnel(socketId, id) : api.sockets().stream()
                    .flatMap(s -> api.tunnels(s.socketId()).stream())
                    .filter(x -> x.tunnelId().equals(id)).findFirst()
                    .orElseThrow(() -> new CliException("no tunnel " + id + " on any of your sockets"));
            ctx.print(t, describe(t));
            return 0;
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a tunnel (its link, if online, is closed).")
    static final class Delete extends CliCommand {
        @Mixin SocketOption socket;
        @Mixin IdArguments.TunnelArg tunnel;

        @Override
        protected int run(Context ctx) {
            String id = tunnel.id();
            ctx.api().deleteTunnel(socket.socketId, id);
            ctx.print(java.util.Map.of("deleted", id), "Deleted tunnel " + id + ".");
            return 0;
        }
    }

    @Command(name = "connect", description = "Connect a tunnel and expose a local port until Ctrl-C.")
    static final class Connect extends CliCommand {
        @Mixin SocketOption socket;
        @Mixin TunnelOption tunnel;
        @Mixin LocalOptions local;
        @Mixin LogOptions log;
        @Mixin InspectOptions inspect;

        @Override
        protected int run(Context ctx) throws InterruptedException {
            LocalTarget target = local.target(); // a bad --host-header is refused before anything else
            return new ConnectRunner(ctx, ctx.api()).logFormat(log.format).inspectPort(inspect.port())
                    .run(socket.socketId, tunnel.tunnelId, target, null);
        }
    }

    /** How the request log is printed. */
    static final class LogOptions {
        @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
                description = "text: one line per request, and per tcp or tls connection or udp flow; json: one "
                        + "JSON object per exchange with its heads, timing and sizes, and per connection with its "
                        + "visitor, duration and bytes each way. Default: text.")
        String format;
    }

    /** The local service to expose. */
    static final class LocalOptions {
        @Option(names = "--port", required = true, paramLabel = "PORT", description = "Local port to expose.")
        int port;
        @Option(names = "--host", defaultValue = "localhost", paramLabel = "HOST",
                description = "Local host. Default: localhost.")
        String host;
        @Option(names = "--host-header", paramLabel = "rewrite|VALUE", description = "The Host header requests "
                + "carry to the local service (for dev servers that check it: Vite, webpack, Rails, Django): "
                + "rewrite sends HOST:PORT of the local service, VALUE sends VALUE. The visitor's name stays in "
                + "X-Forwarded-Host. Default: the visitor's, unchanged.")
        String hostHeader;
        @Option(names = "--origin-idle-timeout", paramLabel = "TIME", description = "How long an idle keep-alive "
                + "connection to an http or https socket's local service is kept for the next visitor (4s, 500ms; "
                + "0: a new connection for every visitor connection). Keep it below the local service's own "
                + "keep-alive timeout. Default: 4s.")
        String originIdleTimeout;

        LocalTarget target() {
            if (port < 1 || port > 65535) {
                throw new UsageException("--port must be between 1 and 65535, not " + port);
            }
            LocalTarget target;
            try {
                target = new LocalTarget(host, port).withHostHeader(HostHeaderValue.check(hostHeader));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--host-header: " + e.getMessage());
            }
            try {
                return target.withOriginIdleTimeout(OriginIdleTimeout.parse(originIdleTimeout));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--origin-idle-timeout: " + e.getMessage());
            }
        }
    }
}
