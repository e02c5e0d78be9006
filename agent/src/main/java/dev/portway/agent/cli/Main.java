// Entry point of the command line: runs a command and turns any failure into one line on stderr.
package dev.portway.agent.cli;

import dev.portway.agent.system.AppDirs;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.system.Os;
import dev.portway.agent.system.SettingsMigration;
import dev.portway.protocol.memory.IdleTrim;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        launch(args);
    }

    /** Runs one command in this process's environment and exits with its code; extra: more subcommands. */
    public static void launch(String[] args, Class<?>... extra) {
        // The terminal is the person's: Netty's notes (a frame for a stream already reset, say) are not news to them.
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.io.netty", "warn");
        try {
            IdleTrim.startFromProperty();
        } catch (IllegalArgumentException e) {
            System.err.println("portway: " + e.getMessage());
            System.exit(2);
        }
        // Netty's JFR events are off: the flight recorder's classes (about 100) would stay loaded in every agent.
        System.getProperties().putIfAbsent("io.netty.jfr.enabled", "false");
        Map<String, String> env = System.getenv();
        // Before the settings are first read, once a process: the CLI and the app (DesktopMain) both start here.
        SettingsMigration.run(Os.current(), AppDirs.home(env), env, System.err);
        System.exit(run(args, new Cli(env, System.out, System.err, SettingsStore.standard(env)), extra));
    }

    /** Runs one command; returns its exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String[] args, Cli cli, Class<?>... extra) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        boolean json = Arrays.asList(args).contains("--json");
        CommandLine cmd = commandLine(cli, extra);
        cmd.setParameterExceptionHandler((ex, a) -> {
            say(cli, json, "usage", UsageMessages.line(ex));
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            say(cli, json, code(ex), message(ex));
            if (ex instanceof UsageException) {
                return 2;
            }
            if (verbose) {
                ex.printStackTrace(cli.err());
            }
            return 1;
        });
        return cmd.execute(args);
    }

    /** The "portway" command with its subcommands (and the extra ones), writing to the Cli's streams. */
    public static CommandLine commandLine(Cli cli, Class<?>... extra) {
        CommandLine cmd = new CommandLine(new PortwayCommand(), new Factory(cli));
        for (Class<?> command : extra) {
            cmd.addSubcommand(command);
        }
        cmd.setOut(new PrintWriter(cli.out(), true));
        cmd.setErr(new PrintWriter(cli.err(), true));
        return cmd;
    }

    /** One line on stderr: plain, or with --json the API's error shape, so a script reads both alike. */
    private static void say(Cli cli, boolean json, String code, String message) {
        if (json) {
            cli.err().println(Context.line(java.util.Map.of("error", java.util.Map.of("code", code,
                    "message", message))));
        } else {
            cli.err().println("portway: " + message);
        }
    }

    private static String code(Exception ex) {
        if (ex instanceof ApiException api) {
            return api.code();
        }
        return ex instanceof UsageException ? "usage" : "failed";
    }

    private static String message(Exception ex) {
        if (ex instanceof ApiException || ex instanceof CliException || ex instanceof UsageException) {
            return ex.getMessage();
        }
        if (ex instanceof InterruptedException) {
            return "interrupted";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /** Builds commands and hands each the Cli context. */
    private record Factory(Cli cli) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K obj = CommandLine.defaultFactory().create(cls);
            if (obj instanceof CliCommand command) {
                command.cli = cli;
            }
            return obj;
        }
    }
}
