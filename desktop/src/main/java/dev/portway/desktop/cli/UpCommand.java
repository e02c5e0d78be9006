// "portway up": a local server on the embedded defaults plus the app, signed in with a local account.
package dev.portway.desktop.cli;

import dev.portway.agent.cli.CliCommand;
import dev.portway.agent.cli.CliException;
import dev.portway.agent.cli.Context;
import dev.portway.agent.cli.InspectOptions;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalAccount;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.agent.service.JvmOptions;
import dev.portway.agent.system.JavaExecutable;
import dev.portway.agent.system.Os;
import dev.portway.desktop.system.LoginLauncher;
import dev.portway.desktop.system.ShutdownSteps;
import dev.portway.desktop.system.SingleInstance;
import dev.portway.desktop.ui.DesktopApp;
import dev.portway.desktop.ui.signin.LocalServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(name = "up", description = "Start a local server (on 127.0.0.1) and the app signed in to it.",
        footer = "Takes the same flags and PORTWAY_* variables as 'portway server'.")
public final class UpCommand extends CliCommand {
    /** Where up's server listens unless a --bind says otherwise: this machine only. */
    static final String BIND = "127.0.0.1";

    @Option(names = "--minimized", description = "Start the app in the tray (used by \"Connect at login\").")
    boolean minimized;
    @Mixin
    InspectOptions inspect;

    @Unmatched
    List<String> serverFlags = new ArrayList<>();

    /** What the server said about itself once ready. */
    record Started(Process process, String api, String fingerprint, Path data) {
    }

    @Override
    protected int run(Context ctx) throws Exception {
        AppCommand.inspectPort(inspect);
        // Before the server binds its ports: a second "up" finds the first here, not as "port in use".
        SingleInstance instance = AppCommand.oneApp(cli, minimized);
        if (instance == null) {
            return 0;
        }
        try (instance) {
            return run(ctx, instance);
        }
    }

    private int run(Context ctx, SingleInstance instance) throws Exception {
        // Before anything starts or the saved sign-in changes.
        UpPorts.taken(serverFlags, cli.env()).ifPresent(why -> {
            throw new CliException(why);
        });
        AppCommand.readyForJavaFx(cli);
        Started server = startServer();
        // After the app's clean-up on a SIGTERM or Ctrl-C: it deletes the app's temporary sockets through this server.
        Runnable stopper = ShutdownSteps.process().add(ShutdownSteps.Phase.STOP_SERVER, () -> stop(server.process()));
        try {
            ServerTrust trust = ctx.trust();
            ApiClient api = new ApiClient(server.api(), null, trust);
            if (server.fingerprint() != null) {
                // The server this command started told us its certificate itself.
                trust.known().trust(api.authority(), server.fingerprint());
            }
            Path account = server.data().resolve("local-account.json");
            LocalAccount.signIn(api, account, cli.settings());
            String launcher = System.getProperty("portway.launcher");
            List<String> atLogin = launcher != null
                    ? autostartCommand(LoginLauncher.of(Os.current(), launcher, System::getProperty), serverFlags,
                            server.data())
                    : DesktopApp.autostartCommand();
            DesktopApp.run(AppCommand.options(cli, minimized, atLogin,
                    new LocalServer(server.api(), account), instance));
        } finally {
            stop(server.process());
            stopper.run();
        }
        return 0;
    }

    /**
     * What "Connect at login" runs after "up": up again, in the tray, so the local server starts too, with the same
     * flags; the data folder is spelled out, since a login session does not start in this shell's folder.
     */
    static List<String> autostartCommand(List<String> launcher, List<String> serverFlags, Path data) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("up", "--minimized"));
        for (int i = 0; i < serverFlags.size(); i++) {
            String flag = serverFlags.get(i);
            if (flag.equals("--data")) {
                i++;
            } else if (!flag.startsWith("--data=")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("--data", data.toAbsolutePath().normalize().toString()));
        return cmd;
    }

    private Started startServer() throws IOException, InterruptedException {
        String jar = System.getProperty("portway.serverJar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new CliException("cannot find the server jar; run 'portway up' through the ./portway launcher");
        }
        Process p = serverProcess(jar, serverFlags).start();
        try {
            return awaitReady(p);
        } catch (IOException | RuntimeException e) {
            stop(p);
            throw e;
        }
    }

    /**
     * The server's process: a Ctrl-C in the terminal reaches it too, and it leaves that to up (its STOPPED_BY_UP),
     * which stops it after the app has deleted its temporary sockets through it. Its input must stay a pipe from up
     * (not inherited, not /dev/null): the server takes that pipe's end as its stop.
     */
    static ProcessBuilder serverProcess(String jar, List<String> serverFlags) {
        ProcessBuilder pb = new ProcessBuilder(serverCommand(jar, serverFlags)).redirectErrorStream(true);
        pb.environment().put("PORTWAY_STOPPED_BY_UP", "1");
        return pb;
    }

    /**
     * The server's command: this Java with the server's options of jvm.options (as ./portway server has them, not
     * the JVM's defaults), on loopback unless a --bind says otherwise.
     */
    static List<String> serverCommand(String jar, List<String> serverFlags) {
        List<String> cmd = new ArrayList<>(List.of(JavaExecutable.current().toString()));
        cmd.addAll(JvmOptions.server());
        cmd.addAll(List.of("-jar", jar));
        if (serverFlags.stream().noneMatch(f -> f.startsWith("--bind"))) {
            cmd.addAll(List.of("--bind", BIND));
        }
        cmd.addAll(serverFlags);
        return cmd;
    }

    /** Echoes the server's lines until "ready"; a server silent for two minutes is stopped. */
    private Started awaitReady(Process p) throws IOException, InterruptedException {
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> stop(p),
                CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String api = null;
        String fingerprint = null;
        Path data = null;
        String line;
        List<String> said = new ArrayList<>();
        while ((line = out.readLine()) != null) {
            cli.out().println(line);
            said.add(line);
            if (line.startsWith("api ")) {
                String[] words = line.substring(4).strip().split("\\s+");
                api = words[0].replaceFirst("/api/v1$", "");
                java.util.regex.Matcher tls = java.util.regex.Pattern.compile("sha256 ([0-9a-f]{64})").matcher(line);
                fingerprint = tls.find() ? tls.group(1) : null;
            } else if (line.startsWith("data ")) {
                data = Path.of(line.substring(5).strip());
            } else if (line.equals("ready")) {
                break;
            }
        }
        watchdog.cancel(false);
        if (line == null || api == null || data == null) {
            stop(p);
            String last = said.isEmpty() ? "the server stopped at start" : said.get(said.size() - 1);
            throw new CliException(last.replaceFirst("^portway server: ", ""));
        }
        // Keep echoing the server's log so a terminal user sees what happens.
        CompletableFuture.runAsync(() -> out.lines().forEach(cli.out()::println));
        return new Started(p, api, fingerprint, data);
    }

    /**
     * Closing the server's standard input starts its graceful stop (StopSignals), on Windows too, where destroy() is
     * TerminateProcess; destroy() and then destroyForcibly() are for a server that does not end within 10 s.
     */
    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            p.destroy(); // its input already broken: ask as before
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
