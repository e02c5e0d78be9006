// Start-up: a taken port ends the server with one line naming it; data and certificate survive a restart.
package dev.portway.server;

import dev.portway.server.config.ServerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTest {
    @TempDir
    Path dir;

    @Test
    void aTakenPortIsNamedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            ServerConfig c = TestServers.config(dir);
            ServerConfig clash = c.toBuilder().httpPort(port).build();
            StartupException e = assertThrows(StartupException.class, () -> PortwayServer.start(clash));
            assertEquals("port " + port + " (http) is already in use", e.getMessage());

            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                int code = Main.run("--data", dir.resolve("cli").toString(), "--bind", "127.0.0.1",
                        "--api-port", "0", "--http-port", "0", "--https-port", "0", "--tunnel-port",
                        Integer.toString(port));
                assertEquals(1, code);
            } finally {
                System.setErr(saved);
            }
            assertEquals("portway server: port " + port + " (tunnel) is already in use",
                    err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void badFlagsAreOneLine() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("--http-port", "eighty"));
            assertEquals(2, Main.run("--tcp-ports", "lots", "--data", dir.toString()));
            assertEquals(2, Main.run("--store", "mysql://db.example.com/portway", "--data", dir.toString()));
            assertEquals(2, Main.run("--max-event-streams-per-user", "0", "--data", dir.toString()));
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(4, text.strip().lines().count(), text);
        assertTrue(text.contains("eighty") && text.contains("--tcp-ports"), text);
        assertTrue(text.contains("--store must be sqlite or postgres://HOST:PORT/DATABASE"), text);
        assertTrue(text.contains("--max-… limits take whole numbers from 1"), text);
    }

    @Test
    void udpFlowFlagsAreCheckedAndShownInHelp() {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.run("--udp-idle-timeout", "0", "--data", dir.toString()));
            assertEquals(2, Main.run("--udp-max-flows-per-socket", "0", "--data", dir.toString()));
            assertEquals(2, Main.run("--udp-max-flows-per-address", "-1", "--data", dir.toString()));
            assertEquals(0, Main.run("--help"));
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        lines.forEach(l -> assertEquals("portway server: --udp-idle-timeout, --udp-max-flows-per-socket and "
                + "--udp-max-flows-per-address take whole numbers from 1", l));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--udp-idle-timeout=SECONDS") && help.contains("--udp-max-flows-per-socket=N")
                && help.contains("--udp-max-flows-per-address=N"), help);
    }

    @Test
    void restartKeepsDataAndCertificate() throws Exception {
        String fingerprint;
        try (PortwayServer s = TestServers.start(dir)) {
            fingerprint = s.fingerprint();
            assertTrue(s.store().createUser(new dev.portway.server.store.User("u", "a@example.com", "h", false,
                    false, "now")));
        }
        try (PortwayServer s = TestServers.start(dir)) {
            assertEquals(fingerprint, s.fingerprint());
            assertTrue(s.store().findUserByEmail("a@example.com").isPresent());
        }
    }

    @Test
    void theApiTakesTlsUnlessItStaysOnThisMachineOrTheOperatorSaysOtherwise() {
        assertTrue(Main.apiTls("0.0.0.0", false));
        assertTrue(Main.apiTls("192.0.2.10", false));
        assertTrue(Main.apiTls("::", false));
        assertEquals(false, Main.apiTls("127.0.0.1", false));
        assertEquals(false, Main.apiTls("::1", false));
        assertEquals(false, Main.apiTls("localhost", false));
        assertEquals(false, Main.apiTls("0.0.0.0", true));
    }

    @Test
    void everyFlagSaysWhatItDoesAndItsDefault() {
        picocli.CommandLine.Model.CommandSpec spec = new picocli.CommandLine(new Main()).getCommandSpec();
        for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String text = String.join(" ", o.description());
            assertTrue(!text.isBlank(), o.longestName() + " has no description");
            assertTrue(text.contains("Default:"), o.longestName() + " names no default: " + text);
        }
    }

    @Test
    void anUnreachablePostgresStoreIsNamedInOneLine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = s.getLocalPort();
        }
        ServerConfig c = TestServers.config(dir).withStore(
                dev.portway.server.store.StoreLocation.postgres("127.0.0.1", closed, "portway", "portway", null));
        StartupException e = assertThrows(StartupException.class, () -> PortwayServer.start(c));
        assertTrue(e.getMessage().startsWith("cannot open the store (postgres://127.0.0.1:" + closed
                + "/portway (user portway)): "), e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
