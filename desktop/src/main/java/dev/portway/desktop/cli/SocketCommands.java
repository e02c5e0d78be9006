// "portway socket create|ls|show|delete".
package dev.portway.desktop.cli;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class SocketCommands {
    private SocketCommands() {
    }

    @Command(name = "socket", description = "Manage sockets: the public endpoints with static names.",
            subcommands = {Create.class, List_.class, Show.class, Delete.class})
    static final class Group {
    }

    static String describe(SocketInfo s) {
        long online = s.tunnels().stream().filter(t -> TunnelInfo.ONLINE.equals(t.status())).count();
        return Context.fields(List.of(new String[]{"socket_id", s.socketId()}, new String[]{"name", s.name()},
                new String[]{"dns_name", s.dnsName()}, new String[]{"type", s.socketType()},
                new String[]{"url", s.url()},
                new String[]{"tunnels", s.tunnels().size() + " (" + online + " online)"},
                new String[]{"created_at", s.createdAt()}));
    }

    @Command(name = "create", description = "Create a socket; prints its id, dns_name and url.")
    static final class Create extends CliCommand {
        @Option(names = "--name", description = "A name for you to recognise it by.")
        String name;
        @Option(names = "--type", defaultValue = "http", description = "Socket type: http. Default: http.")
        String type;

        @Override
        int run(Context ctx) {
            SocketInfo s = ctx.api().createSocket(name, type);
            ctx.print(s, describe(s));
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List your sockets.")
    static final class List_ extends CliCommand {

        @Override
        int run(Context ctx) {
            List<SocketInfo> sockets = ctx.api().sockets();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"SOCKET_ID", "NAME", "TYPE", "TUNNELS", "URL"});
            for (SocketInfo s : sockets) {
                long online = s.tunnels().stream().filter(t -> TunnelInfo.ONLINE.equals(t.status())).count();
                rows.add(new String[]{s.socketId(), s.name(), s.socketType(),
                        online + "/" + s.tunnels().size() + " online", s.url()});
            }
            ctx.print(sockets, sockets.isEmpty() ? "No sockets yet: create one with 'portway socket create'."
                    : Context.table(rows));
            return 0;
        }
    }

    @Command(name = "show", description = "Show one socket.")
    static final class Show extends CliCommand {
        @Mixin IdArguments.SocketArg socket;

        @Override
        int run(Context ctx) {
            SocketInfo s = ctx.api().socket(socket.id());
            ctx.print(s, describe(s));
            return 0;
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a socket and its tunnels.")
    static final class Delete extends CliCommand {
        @Mixin IdArguments.SocketArg socket;

        @Override
        int run(Context ctx) {
            String id = socket.id();
            ctx.api().deleteSocket(id);
            ctx.print(java.util.Map.of("deleted", id), "Deleted socket " + id + ".");
            return 0;
        }
    }
}
