// "portway agent": serves tunnels unattended from a config file (holding tunnel credentials, not the account's
// token), "agent add" writes that file, "agent install-service" the systemd unit that runs it at boot.
package dev.portway.agent.cli;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.OriginIdleTimeout;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.agent.service.AgentConfig;
import dev.portway.agent.service.JvmOptions;
import dev.portway.agent.service.ServiceUnit;
import dev.portway.agent.system.CodeLocation;
import dev.portway.agent.system.InstalledLauncher;
import dev.portway.agent.system.JavaExecutable;
import dev.portway.agent.system.Os;
import dev.portway.protocol.FilePermissions;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

final class AgentCommands {
    private AgentCommands() {
    }

    @Command(name = "agent", description = "Serve the tunnels of a config file until stopped, as a service would: "
            + "with their credentials, not your account's token.", subcommands = {Add.class, InstallService.class})
    static final class Run extends CliCommand {
        @Option(names = "--config", paramLabel = "FILE", description = "The agent's config (see 'agent add').")
        Path config;
        @Mixin TunnelCommands.LogOptions log;
        @Mixin InspectOptions inspect;

        @Override
        protected int run(Context ctx) throws InterruptedException {
            if (config == null) {
                throw new UsageException("give the tunnels to serve with --config FILE (made by 'portway agent add')");
            }
            AgentConfig c = load(config, true);
            // Unattended: nobody can answer a first contact, so the file names the certificate (or an authority does).
            ApiClient api = new ApiClient(c.server(), null, new ServerTrust(KnownServers.inMemory(), c.fingerprint(),
                    (server, fingerprint) -> false));
            ConnectRunner runner = new ConnectRunner(ctx, api).logFormat(log.format)
                    .inspectPort(inspect.port(c.inspect(), c.inspectPort()));
            try {
                return runner.run(r -> {
                    ServerInfo info = TunnelLauncher.untilReachable(api::serverInfo, r);
                    List<TunnelAgent> agents = new ArrayList<>();
                    for (AgentConfig.Tunnel t : c.tunnels()) {
                        LocalTarget target = t.target();
                        ConnectRunner one = r.listener(t.label(), target);
                        agents.add(TunnelLauncher.start(api, info, t.tunnel(), t.credential(), target, one,
                                one.loop()).capture(r::capturing));
                    }
                    return agents;
                }, null);
            } catch (ApiException e) {
                if (ApiException.UNTRUSTED_CERTIFICATE.equals(e.code())) {
                    throw new CliException(e.getMessage() + "; if it is your server's, put \"fingerprint:\" with it "
                            + "in " + config);
                }
                throw e;
            }
        }
    }

    @Command(name = "add", description = "Add a tunnel to an agent's config (made if missing, owner-only) with a "
            + "fresh credential. Other agents of that tunnel are cut off: the credential is replaced.")
    static final class Add extends CliCommand {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config to write.")
        Path config;
        @Mixin TunnelCommands.SocketOption socket;
        @Mixin TunnelCommands.TunnelOption tunnel;
        @Mixin TunnelCommands.LocalOptions local;
        @Option(names = "--name", paramLabel = "NAME",
                description = "How the agent's log names this tunnel. Default: its id.")
        String name;

        @Override
        protected int run(Context ctx) {
            ApiClient api = ctx.api();
            LocalTarget target = local.target();
            AgentConfig existing = Files.exists(config) ? load(config, false) : null;
            if (existing != null && !existing.server().equals(api.server())) {
                throw new CliException(config + " serves " + existing.server() + ", not " + api.server()
                        + "; use another file for another server");
            }
            TunnelInfo fresh = api.newCredential(socket.socketId, tunnel.tunnelId);
            // Known by now: the call above trusted the certificate (on first contact too).
            String fingerprint = api.server().startsWith("https:")
                    ? api.trust().pinned(api.authority()).orElse(null) : null;
            AgentConfig next = (existing != null ? existing : new AgentConfig(api.server(), fingerprint, List.of()))
                    .with(new AgentConfig.Tunnel(name, socket.socketId, tunnel.tunnelId, fresh.credential(),
                            target.toString(), target.hostHeader(),
                            OriginIdleTimeout.format(target.originIdleTimeout())));
            write(config, next.toYaml());
            ctx.print(java.util.Map.of("config", config.toAbsolutePath().toString(), "tunnel_id", tunnel.tunnelId,
                    "local", target.toString()), "Wrote " + config + ": tunnel " + tunnel.tunnelId + " -> "
                    + ConnectRunner.shown(target) + ".\nRun it:        portway agent --config " + config
                    + (InstallService.refusal(Os.current()) == null
                    ? "\nOr at boot:    sudo portway agent install-service --config " + config : ""));
            return 0;
        }
    }

    @Command(name = "install-service", description = "Write a hardened systemd unit (portway-agent.service) that "
            + "serves the config at boot.")
    static final class InstallService extends CliCommand {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config it serves.")
        Path config;
        @Option(names = "--unit-dir", defaultValue = "/etc/systemd/system", paramLabel = "DIR",
                description = "Where to write the unit. Default: ${DEFAULT-VALUE}")
        Path unitDir;

        @Override
        protected int run(Context ctx) {
            String refusal = refusal(Os.current());
            if (refusal != null) {
                throw new CliException(refusal);
            }
            load(config, true);
            Path unit = unitDir.resolve(ServiceUnit.NAME);
            try {
                Files.createDirectories(unitDir);
                Files.writeString(unit, ServiceUnit.text(launcher(), config), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException("cannot write " + unit + ": " + e.getMessage()
                        + (e instanceof java.nio.file.AccessDeniedException ? " (run it with sudo)" : ""));
            }
            ctx.print(java.util.Map.of("unit", unit.toString()), "Wrote " + unit + ". Start it now and at boot:\n"
                    + "  sudo systemctl daemon-reload && sudo systemctl enable --now portway-agent\n"
                    + "Its log: journalctl -u portway-agent -f");
            return 0;
        }

        /** Why there is no unit to write on this system (systemd is Linux's); null on Linux. */
        static String refusal(Os os) {
            return os == Os.LINUX ? null : "install-service writes a systemd unit, which is Linux-only; on "
                    + (os == Os.MAC ? "macOS" : "Windows") + " turn on \"Connect at login\" in the Portway app, or "
                    + "start 'portway agent --config FILE' at login";
        }

        /**
         * How this very program is started again: the installed launcher (which has its own options), or this Java
         * with this jar and the Java options every launcher shares (jvm.options).
         */
        private static List<String> launcher() {
            Optional<String> installed = InstalledLauncher.of(System::getProperty);
            if (installed.isPresent()) {
                return List.of(installed.get());
            }
            Optional<Path> jar = CodeLocation.of(Main.class).filter(Files::isRegularFile);
            return JvmOptions.clientCommand(JavaExecutable.current().toString(), List.of(), jar.isPresent()
                    ? List.of("-jar", jar.get().toAbsolutePath().toString())
                    : List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
    }

    /** Reads a config; strict: refuses a file others may read (it holds credentials), as ssh does with keys. */
    static AgentConfig load(Path file, boolean strict) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getMessage()));
        }
        if (strict && othersMayRead(file)) {
            throw new CliException(file + " holds tunnel credentials but others may read it: chmod 600 " + file);
        }
        try {
            return AgentConfig.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    private static boolean othersMayRead(Path file) {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
                return false;
            }
            var perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ);
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path file, String text) {
        try {
            FilePermissions.writeOwnerOnly(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
