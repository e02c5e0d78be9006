// "Connect at login" after "portway up" starts up again (the local server too), in the tray, with up's own flags; and
// the server up starts runs with the server's Java options of jvm.options, as "./portway server" does; a port something
// else holds is one plain line before any server starts.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.cli.Cli;
import dev.portway.agent.cli.Main;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.service.JvmOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpCommandTest {
    @Test
    void atLoginUpRunsAgainInTheTrayWithItsFlagsAndAnAbsoluteDataFolder() {
        Path data = Path.of("/home/me/portway-data");
        assertEquals(List.of("/opt/portway/portway", "up", "--minimized", "--api-port", "17170", "--data",
                        "/home/me/portway-data"),
                UpCommand.autostartCommand(List.of("/opt/portway/portway"), List.of("--api-port", "17170"), data));
        // A relative --data named a folder of the shell up ran in; the server said where that is.
        assertEquals(List.of("portway", "up", "--minimized", "--domain", "example.com", "--data",
                        "/home/me/portway-data"),
                UpCommand.autostartCommand(List.of("portway"),
                        List.of("--data", "./portway-data", "--domain", "example.com"), data));
        assertEquals(List.of("portway", "up", "--minimized", "--data", "/home/me/portway-data"),
                UpCommand.autostartCommand(List.of("portway"), List.of("--data=rel"), data));
    }

    @Tag("process")
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theServerUpStartsRunsWithTheServersJavaOptions(@TempDir Path dir) throws Exception {
        List<String> expected = JvmOptions.of(Files.readString(Path.of("..", "jvm.options")), Set.of("all", "server"));
        assertTrue(expected.contains("-XX:+UseSerialGC") && expected.contains("-Xmx512m"), expected.toString());
        List<String> cmd = UpCommand.serverCommand(System.getProperty("portway.serverJar"), List.of("--data",
                dir.toString(), "--api-port", "0", "--http-port", "0", "--https-port", "0", "--tunnel-port", "0"));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            awaitReady(server);
            assertFalse(ignoresSigint(server), "a server of its own stops on Ctrl-C");
            // What the running JVM was started with, and what it made of it.
            List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(server.pid()), "cmdline"))
                    .split("\0"));
            assertEquals(expected, args.subList(1, args.indexOf("-jar")), args.toString());
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(server.pid()), "VM.flags").redirectErrorStream(true).start();
            String flags = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
            assertTrue(flags.contains("-XX:+UseSerialGC") && flags.contains("-XX:MaxHeapSize=536870912"), flags);
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Reads what the server says until its "ready" line; its output, for reading on. */
    private static BufferedReader awaitReady(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            said.add(line);
        }
        assertEquals("ready", line, String.join("\n", said));
        return out;
    }

    /** Whether the process ignores SIGINT, as the kernel says (bit 2 of SigIgn in /proc/PID/status). */
    private static boolean ignoresSigint(Process p) throws Exception {
        String status = Files.readString(Path.of("/proc", Long.toString(p.pid()), "status"));
        String mask = status.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7)
                .strip();
        return (Long.parseUnsignedLong(mask, 16) & (1L << (2 - 1))) != 0;
    }

    /**
     * A Ctrl-C in up's terminal reaches up's server too; up stops it after the app's clean-up (which deletes the
     * app's temporary sockets through it), so that server leaves SIGINT alone; a SIGTERM still stops it gracefully.
     */
    @Tag("process")
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theServerUpStartsLeavesCtrlCToUp(@TempDir Path dir) throws Exception {
        List<String> flags = List.of("--data", dir.toString(), "--api-port", "0", "--http-port", "0",
                "--https-port", "0", "--tunnel-port", "0");
        Process server = UpCommand.serverProcess(System.getProperty("portway.serverJar"), flags).start();
        try {
            BufferedReader out = awaitReady(server);
            assertTrue(ignoresSigint(server));
            // kill(1), not destroy(): that would close our end of what the server says next.
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor());
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(server.pid())).start().waitFor());
            List<String> rest = out.lines().toList();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, server.exitValue(), String.join("\n", rest));
            assertEquals(1, rest.stream().filter(l -> l.startsWith("stopping")).count(),
                    "one graceful stop, by the SIGTERM: " + rest);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void minimizedIsUpsOwnFlagAndTheRestGoToTheServer() {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs("--minimized", "--api-port", "17170");
        assertTrue(up.minimized);
        assertEquals(List.of("--api-port", "17170"), up.serverFlags);
        UpCommand plain = new UpCommand();
        new CommandLine(plain).parseArgs("--api-port", "17170");
        assertFalse(plain.minimized);
    }

    @Test
    void aTakenPortIsNamedInOnePlainLineAndNoServerStarts(@TempDir Path dir) throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName(UpCommand.BIND))) {
            String port = Integer.toString(held.getLocalPort());
            Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env));
            int code = Main.run(new String[]{"up", "--data", dir.resolve("data").toString(), "--api-port", "0",
                    "--http-port", "0", "--https-port", "0", "--tunnel-port=" + port}, cli, DesktopMain.EXTRA);
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, code, said + out);
            assertEquals("portway: port " + port + " is taken (is a Portway server already running? stop it, or run "
                    + "'portway up --tunnel-port PORT' with a free PORT)", said.strip());
            assertEquals("", out.toString(StandardCharsets.UTF_8), "no server said a word");
            assertFalse(Files.exists(dir.resolve("data")), "no server started");
        }
    }
}
