// "portway socket create|ls|show|update|delete".
package dev.portway.agent.cli;

import dev.portway.agent.engine.CustomDomainList;
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
            rows.add(s.udpPort() != null ? new String[]{"udp_port", String.valueOf(s.udpPort())}
                    : new String[]{"tcp_port", String.valueOf(s.tcpPort())});
            rows.add(new String[]{"address", s.address()});
        }
        rows.addAll(List.of(new String[]{"visitors", AccessOptions.visitors(s)},
                new String[]{"allow_ips", AccessOptions.allowList(s)},
                new String[]{"tunnels", s.tunnels().size() + " (" + online + " online)"},
                new String[]{"created_at", s.createdAt()}));
        String more = DomainLines.of(s);
        return more.isEmpty() ? Context.fields(rows) : Context.fields(rows) + "\n\n" + more;
    }

    @Command(name = "create", description = "Create a socket; prints its id, dns_name and url, and for tcp and tls "
            + "its tcp_port and address, for udp its udp_port and address.")
    static final class Create extends CliCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "A name for you to recognise it by.")
        String name;
        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "http", description = "Socket type: http, https "
                + "(plain HTTP is redirected to HTTPS), tcp or tls (both on a dedicated port), udp (a dedicated UDP "
                + "port). Default: http.")
        String type;
        @Option(names = "--subdomain", paramLabel = "NAME", description = "Its name: NAME.DOMAIN (the server's "
                + "domain), if nobody has it and the server does not reserve it; letters, digits and hyphens, "
                + "upper case taken as lower. Default: a random name.")
        String subdomain;
        @Mixin AccessOptions access;

        @Override
        protected int run(Context ctx) {
            access.checkForNewSocket();
            String type = CliTypes.socketType(this.type);
            SocketInfo s = ctx.api().createSocket(access.newSocket(name, type, subdomain));
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
            rows.add(new String[]{"SOCKET_ID", "NAME", "TYPE", "TUNNELS", "URL", "VISITORS", "ALLOW_IPS"});
            for (SocketInfo s : sockets) {
                long online = s.tunnels().stream().filter(t -> TunnelInfo.ONLINE.equals(t.status())).count();
                rows.add(new String[]{s.socketId(), s.name(), s.socketType(),
                        online + "/" + s.tunnels().size() + " online", s.isRaw() ? s.address() : s.url(),
                        AccessOptions.visitors(s), AccessOptions.allowList(s)});
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

    @Command(name = "update", description = "Change a socket's name, who can visit (password, e-mail, allow list) or "
            + "custom domains; new visitors see the change at once, tunnels stay connected.")
    static final class Update extends CliCommand {
        @Mixin IdArguments.SocketArg socket;
        @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
        String name;
        @Mixin AccessOptions access;
        @Option(names = "--unprotected", description = "Drop the protection: visitors need no password.")
        boolean unprotect;
        @Option(names = "--allow-any-ip", description = "Drop the allow list: visitors from any address.")
        boolean allowAnyIp;
        @Option(names = "--allow-any-email", description = "Drop the e-mail sign-in, its addresses and domains: "
                + "visitors need not sign in.")
        boolean allowAnyEmail;
        @Option(names = "--custom-domain", paramLabel = "NAME", description = "Route a domain of yours (e.g. "
                + "app.example.org) to this socket once a TXT record proves it is yours; 'socket show' prints the "
                + "record to add. Repeat it for more.")
        List<String> addDomains;
        @Option(names = "--remove-custom-domain", paramLabel = "NAME", description = "Stop routing this custom domain "
                + "to the socket. Repeat it for more.")
        List<String> removeDomains;
        @Option(names = "--verify", description = "Look for the TXT records of pending and failed custom domains "
                + "again now.")
        boolean verify;

        @Override
        protected int run(Context ctx) {
            if (access.protect && unprotect) {
                throw new UsageException("--protected and --unprotected exclude each other");
            }
            if (access.allowIps != null && allowAnyIp) {
                throw new UsageException("--allow-ip and --allow-any-ip exclude each other");
            }
            if (access.byEmail() && allowAnyEmail) {
                throw new UsageException(access.emailFlag() + " and --allow-any-email exclude each other");
            }
            access.checkCredentialsGoWithProtected();
            access.checkOneSignInMethod();
            Boolean protect = access.protect ? Boolean.TRUE : unprotect ? Boolean.FALSE : null;
            List<String> allow = allowAnyIp ? List.of() : access.allowIps;
            List<String> emails = allowAnyEmail ? List.of() : access.emails();
            List<String> emailDomains = allowAnyEmail ? List.of() : access.emailDomains();
            List<String> add = addDomains == null ? List.of() : addDomains;
            List<String> remove = removeDomains == null ? List.of() : removeDomains;
            for (String r : remove) {
                if (add.stream().anyMatch(a -> CustomDomainList.normalize(a).equals(CustomDomainList.normalize(r)))) {
                    throw new UsageException("--custom-domain and --remove-custom-domain both name "
                            + CustomDomainList.normalize(r));
                }
            }
            if (name == null && protect == null && allow == null && emails == null && emailDomains == null
                    && add.isEmpty() && remove.isEmpty() && !verify) {
                throw new UsageException("nothing to change: give --name, --protected, --unprotected, --allow-ip, "
                        + "--allow-any-ip, --allow-email, --allow-email-domain, --allow-any-email, --custom-domain, "
                        + "--remove-custom-domain or --verify");
            }
            String id = socket.id();
            List<String> domains = null;
            if (!add.isEmpty() || !remove.isEmpty()) {
                // The API takes the whole new list: the socket's as it is now, changed.
                SocketInfo now = ctx.api().socket(id);
                try {
                    domains = CustomDomainList.change(now.customDomains(), add, remove);
                } catch (IllegalArgumentException e) {
                    throw new CliException(e.getMessage());
                }
            }
            SocketInfo s = ctx.api().updateSocket(id, new UpdateSocket(name, protect, access.username,
                    access.password, allow, domains, verify ? Boolean.TRUE : null, emails, emailDomains));
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
