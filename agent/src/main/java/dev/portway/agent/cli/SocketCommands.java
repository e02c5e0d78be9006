// "portway socket create|ls|show|update|delete".
package dev.portway.agent.cli;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class SocketCommands {
    private SocketCommands() {
    }

    @Command(name = "socket", description = "Manage sockets: the public endpoints with static names.",
            subcommands = {Create.class, List_.class, Show.class, Update.class, Delete.class})
    static final class Group {
    }

    static String describe(SocketInfo s) {
        long online = s.tunnels().stream().filter(t -> TunnelInfo.ONLINE.equals(t.status())).count();
        List<String[]> rows = new ArrayList<>(List.of(new String[]{"socket_id", s.socketId()},
                new String[]{"name", s.name()}, new String[]{"dns_name", s.dnsName()},
                new String[]{"type", s.socketType()}, new String[]{"url", s.url()}));
        if (s.isRaw()) {
            rows.add(new String[]{"tcp_port", String.valueOf(s.tcpPort())});
            rows.add(new String[]{"address", s.address()});
        }
        rows.addAll(List.of(new String[]{"protected", AccessOptions.protection(s)},
                new String[]{"allow_ips", AccessOptions.allowList(s)},
                new String[]{"tunnels", s.tunnels().size() + " (" + online + " online)"},
                new String[]{"created_at", s.createdAt()}));
        return Context.fields(rows);
    }

    @Command(name = "create", description = "Create a socket; prints its id, dns_name and url, and for tcp and tls "
            + "its tcp_port and address.")
    static final class Create extends CliCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "A name for you to recognise it by.")
        String name;
        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "http", description = "Socket type: http, https "
                + "(plain HTTP is redirected to HTTPS), tcp or tls (both on a dedicated port). Default: http.")
        String type;
        @Option(names = "--subdomain", paramLabel = "NAME", description = "Its name: NAME.DOMAIN (the server's "
                + "domain), if nobody has it and the server does not reserve it; letters, digits and hyphens, "
                + "upper case taken as lower. Default: a random name.")
        String subdomain;
        @Mixin AccessOptions access;

        @Override
        protected int run(Context ctx) {
            access.checkCredentialsGoWithProtected();
            if (access.protect && (access.username == null || access.password == null)) {
                throw new UsageException("--protected needs --username U and --password P");
            }
            String type = CliTypes.socketType(this.type);
            SocketInfo s = ctx.api().createSocket(new CreateSocket(name, type, access.protect ? Boolean.TRUE : null,
                    access.username, access.password, access.allowIps, subdomain));
            ctx.print(s, describe(s));
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List your sockets.")
    static final class List_ extends CliCommand {

        @Override
        protected int run(Context ctx) {
            List<SocketInfo> sockets = ctx.api().sockets();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[]{"SOCKET_ID", "NAME", "TYPE", "TUNNELS", "URL", "PROTECTED",
                    "ALLOW_IPS"});
            for (SocketInfo s : sockets) {
                long online = s.tunnels().stream().filter(t -> TunnelInfo.ONLINE.equals(t.status())).count();
                rows.add(new String[]{s.socketId(), s.name(), s.socketType(),
                        online + "/" + s.tunnels().size() + " online", s.isRaw() ? s.address() : s.url(),
                        AccessOptions.protection(s), AccessOptions.allowList(s)});
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
        protected int run(Context ctx) {
            SocketInfo s = ctx.api().socket(socket.id());
            ctx.print(s, describe(s));
            return 0;
        }
    }

    @Command(name = "update", description = "Change a socket's name, protection or allow list; new visitors see "
            + "the change at once, tunnels stay connected.")
    static final class Update extends CliCommand {
        @Mixin IdArguments.SocketArg socket;
        @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
        String name;
        @Mixin AccessOptions access;
        @Option(names = "--unprotected", description = "Drop the protection: visitors need no password.")
        boolean unprotect;
        @Option(names = "--allow-any-ip", description = "Drop the allow list: visitors from any address.")
        boolean allowAnyIp;

        @Override
        protected int run(Context ctx) {
            if (access.protect && unprotect) {
                throw new UsageException("--protected and --unprotected exclude each other");
            }
            if (access.allowIps != null && allowAnyIp) {
                throw new UsageException("--allow-ip and --allow-any-ip exclude each other");
            }
            access.checkCredentialsGoWithProtected();
            Boolean protect = access.protect ? Boolean.TRUE : unprotect ? Boolean.FALSE : null;
            List<String> allow = allowAnyIp ? List.of() : access.allowIps;
            if (name == null && protect == null && allow == null) {
                throw new UsageException("nothing to change: give --name, --protected, --unprotected, --allow-ip "
                        + "or --allow-any-ip");
            }
            SocketInfo s = ctx.api().updateSocket(socket.id(),
                    new UpdateSocket(name, protect, access.username, access.password, allow));
            ctx.print(s, describe(s));
            return 0;
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete a socket and its tunnels.")
    static final class Delete extends CliCommand {
        @Mixin IdArguments.SocketArg socket;

        @Override
        protected int run(Context ctx) {
            String id = socket.id();
            ctx.api().deleteSocket(id);
            ctx.print(java.util.Map.of("deleted", id), "Deleted socket " + id + ".");
            return 0;
        }
    }
}
