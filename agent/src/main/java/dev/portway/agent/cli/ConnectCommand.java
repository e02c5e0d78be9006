// "portway connect --port N": a temporary socket and tunnel, deleted again when the command exits.
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connect", description = "Quick connect: expose a local port now; the socket is deleted on exit.")
final class ConnectCommand extends CliCommand {
    @Mixin TunnelCommands.LocalOptions local;
    @Option(names = "--name", paramLabel = "NAME", description = "Socket name. Default: quick connect to port N.")
    String name;
    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "http",
            description = "Socket type: http, https, tcp, tls or udp (datagrams to the local UDP port). Default: http.")
    String type;
    @Option(names = "--subdomain", paramLabel = "NAME", description = "Serve at NAME.DOMAIN (the server's domain):"
            + " a socket made for this run, or your own socket of that name, which is kept (only this run's tunnel is"
            + " deleted on exit; access flags given change its access, and it keeps them). Default: a random name.")
    String subdomain;
    /** Who can visit the run's socket; on your own socket (--subdomain) they change it as "socket update" would. */
    @Mixin AccessOptions access;
    @Mixin TunnelCommands.LogOptions log;
    @Mixin InspectOptions inspect;

    /** The socket this run serves, and whether the run made it (and so deletes it on exit). */
    private record Serving(SocketInfo socket, boolean made) {
    }

    @Override
    protected int run(Context ctx) throws InterruptedException {
        String type = CliTypes.socketType(this.type);
        access.checkForNewSocket();
        ApiClient api = ctx.api();
        var target = local.target();
        ConnectRunner runner = new ConnectRunner(ctx, api).logFormat(log.format).inspectPort(inspect.port());
        Serving serving = TunnelLauncher.untilReachable(() -> socket(api,
                name != null ? name : "quick connect to port " + target.port(), type), runner);
        SocketInfo socket = serving.socket();
        if (!serving.made() && access.any()) {
            runner.say("your socket " + socket.dnsName() + " now lets in " + AccessOptions.visitors(socket)
                    + ", from " + AccessOptions.allowList(socket) + "; it keeps this access after the run", "access",
                    "socket_id", socket.socketId(), "protected", socket.isProtected(), "username", socket.username(),
                    "allowed_emails", socket.allowedEmails(), "allowed_email_domains", socket.allowedEmailDomains(),
                    "allow_ips", socket.allowIps());
        }
        TunnelInfo tunnel;
        try {
            tunnel = api.createTunnel(socket.socketId());
        } catch (RuntimeException e) {
            if (serving.made()) {
                api.deleteSocket(socket.socketId());
            }
            throw e;
        }
        return runner.run(socket.socketId(), tunnel.tunnelId(), target, () -> {
            try {
                if (serving.made()) {
                    api.deleteSocket(socket.socketId());
                } else {
                    api.deleteTunnel(socket.socketId(), tunnel.tunnelId());
                }
            } catch (RuntimeException e) {
                throw new CliException("could not delete the temporary " + (serving.made() ? "socket" : "tunnel")
                        + " (" + e.getMessage() + "); delete it with: portway " + (serving.made()
                        ? "socket delete " + socket.socketId()
                        : "tunnel delete --socket " + socket.socketId() + " " + tunnel.tunnelId()));
            }
        });
    }

    /**
     * A new socket; with --subdomain one named so, or (when the server says the name is taken) the caller's own
     * socket of that name, if it is of the type asked for, with the access flags applied: a user who typed
     * --protected expects the socket served to ask for the password. Someone else's name stays the server's 409.
     */
    private Serving socket(ApiClient api, String socketName, String type) {
        try {
            return new Serving(api.createSocket(access.newSocket(socketName, type, subdomain)), true);
        } catch (ApiException e) {
            if (subdomain == null || !ErrorCode.NAME_TAKEN.wire().equals(e.code())) {
                throw e;
            }
            String label = subdomain.toLowerCase(Locale.ROOT);
            SocketInfo own = api.sockets().stream().filter(s -> s.dnsName().startsWith(label + "."))
                    .findFirst().orElseThrow(() -> e);
            if (!own.socketType().equals(type)) {
                throw new CliException("your socket " + own.dnsName() + " is of type " + own.socketType()
                        + ", not " + type + ": connect with --type " + own.socketType()
                        + ", or pick another --subdomain");
            }
            return new Serving(access.any() ? api.updateSocket(own.socketId(), access.applyTo(own)) : own, false);
        }
    }
}
