// --host-header and the config's host_header: what is accepted, and a bad value refused in one line before anything
// is connected (it goes into request heads as it is).
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.agent.engine.HostHeaderValue;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.service.AgentConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderOptionTest {
    private static final String REFUSED = "is neither rewrite nor a HOST[:PORT] (e.g. myapp.test or localhost:5173)";

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    /** Signed in to a server nobody listens on: a refusal must come before any call. */
    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "PORTWAY_SERVER", "http://127.0.0.1:1",
                "PORTWAY_TOKEN", "token");
        int code = Main.run(args, new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rewrite", "localhost", "localhost:5173", "myapp.test", "myapp.test.", "127.0.0.1:8080",
        "[::1]:3000", "dev_box.example.com:443", " app.test "})
    void plausibleValuesAreTaken(String value) {
        assertEquals(value.strip(), HostHeaderValue.check(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app test", "app.test\r\nX-Evil: 1", "app.test\n", "app.test:0", "app.test:70000",
        "http://app.test", "app.test/x", ":80", "app.test:", "app.test:port", "-app.test", "[::1", "a..b"})
    void anythingElseIsRefused(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostHeaderValue.check(value));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void noValueMeansTheVisitorsHostUnchanged() {
        assertNull(HostHeaderValue.check(null));
        assertNull(new LocalTarget("localhost", 80).withHostHeader(HostHeaderValue.check("  ")).hostHeaderValue());
    }

    @Test
    void aBadValueIsOneLineAndExitTwoOnTunnelConnectConnectAndAgentAdd() {
        List<List<String>> commands = List.of(
                List.of("tunnel", "connect", "--socket", "s", "--tunnel", "t", "--port", "5173"),
                List.of("connect", "--port", "5173"),
                List.of("agent", "add", "--config", dir.resolve("a.yml").toString(), "--socket", "s", "--tunnel", "t",
                        "--port", "5173"));
        for (List<String> command : commands) {
            for (String bad : List.of("my app", "app\r\nX-Evil: 1")) {
                List<String> args = new java.util.ArrayList<>(command);
                args.addAll(List.of("--host-header", bad));
                Result r = run(args.toArray(String[]::new));
                assertEquals(2, r.code(), command + " " + r.err());
                assertEquals("portway: --host-header: \"" + bad.replace("\r", "\\x0d").replace("\n", "\\x0a")
                        + "\" " + REFUSED, r.err().strip(), command.toString());
            }
        }
    }

    @Test
    void aBadHostHeaderInTheConfigIsNamedWithItsTunnel() throws Exception {
        Path config = dir.resolve("agent.yml");
        Files.writeString(config, "server: http://127.0.0.1:1\ntunnels:\n  - tunnel: t1\n    credential: c\n"
                + "    local: localhost:5173\n    host_header: \"my app\"\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Result r = run("agent", "--config", config.toString());
        assertEquals(1, r.code());
        assertEquals("portway: " + config + ": tunnels[1].host_header: \"my app\" " + REFUSED, r.err().strip());
    }

    @Test
    void theConfigCarriesTheHostHeaderBothWays() {
        AgentConfig c = AgentConfig.parse("server: http://127.0.0.1:1\ntunnels:\n  - tunnel: t1\n    credential: c\n"
                + "    local: 5173\n    host_header: rewrite\n  - tunnel: t2\n    credential: c\n"
                + "    local: 127.0.0.1:3000\n    host_header: myapp.test\n  - tunnel: t3\n    credential: c\n"
                + "    local: 8000\n");
        assertEquals(List.of("localhost:5173", "myapp.test", "none"), c.tunnels().stream()
                .map(t -> java.util.Objects.requireNonNullElse(t.target().hostHeaderValue(), "none")).toList());
        assertEquals(c, AgentConfig.parse(c.toYaml()));
        assertEquals(1, c.toYaml().lines().filter(l -> l.strip().equals("host_header: rewrite")).count(), c.toYaml());
    }

    @Test
    void theStartUpLineSaysHowHostIsSent() {
        LocalTarget target = new LocalTarget("localhost", 5173);
        assertEquals("localhost:5173", ConnectRunner.shown(target));
        assertEquals("localhost:5173 (Host rewritten)", ConnectRunner.shown(target.withHostHeader("rewrite")));
        assertEquals("localhost:5173 (Host: myapp.test)", ConnectRunner.shown(target.withHostHeader("myapp.test")));
    }
}
