// "portway connect --port N": a temporary socket and tunnel, deleted again when the command exits.
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connect", description = "Quick connect: expose a local port now; the socket is deleted on exit.")
final class ConnectCommand extends CliCommand {
    @Mixin TunnelCommands.LocalOptions local;
    @Option(names = "--name", paramLabel = "NAME", description = "Socket name. Default: quick connect to port N.")
    String name;
    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "http",
            description = "Socket type: http, https, tcp or tls. Default: http.")
    String type;
    @Mixin TunnelCommands.LogOptions log;

    @Override
    protected int run(Context ctx) throws InterruptedException {
        String type = CliTypes.socketType(this.type);
        ApiClient api = ctx.api();
        var target = local.target();
        ConnectRunner runner = new ConnectRunner(ctx, api).logFormat(log.format);
        SocketInfo socket = TunnelLauncher.untilReachable(() -> api.createSocket(
                name != null ? name : "quick connect to port " + target.port(), type), runner);
        TunnelInfo tunnel;
        try {
            tunnel = api.createTunnel(socket.socketId());
        } catch (RuntimeException e) {
            api.deleteSocket(socket.socketId());
            throw e;
        }
        return runner.run(socket.socketId(), tunnel.tunnelId(), target, () -> {
            try {
                api.deleteSocket(socket.socketId());
            } catch (RuntimeException e) {
                throw new CliException("could not delete the temporary socket (" + e.getMessage()
                        + "); delete it with: portway socket delete " + socket.socketId());
            }
        });
    }
}
