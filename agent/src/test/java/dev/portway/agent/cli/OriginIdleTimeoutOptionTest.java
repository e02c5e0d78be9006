// --origin-idle-timeout and the config's origin_idle_timeout: what is accepted, a bad value refused in one line
// before anything is connected, and the value carried to the tunnel's local target.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.OriginIdleTimeout;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.service.AgentConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginIdleTimeoutOptionTest {
    @TempDir
    Path dir;

    @Test
    void secondsOrMillisecondsAndZero() {
        assertEquals(Duration.ofSeconds(4), OriginIdleTimeout.parse("4"));
        assertEquals(Duration.ofSeconds(4), OriginIdleTimeout.parse("4s"));
        assertEquals(Duration.ofMillis(2500), OriginIdleTimeout.parse(" 2.5 "));
        assertEquals(Duration.ofMillis(500), OriginIdleTimeout.parse("500ms"));
        assertEquals(Duration.ZERO, OriginIdleTimeout.parse("0"));
        assertNull(OriginIdleTimeout.parse(null));
        assertEquals(Duration.ofSeconds(4), new LocalTarget("localhost", 80).originIdle(), "the default");
    }

    @Test
    void anythingElseIsRefusedInOneLine() {
        for (String bad : List.of("-1", "4 minutes", "1h", "x", "99999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OriginIdleTimeout.parse(bad));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void aBadValueIsOneLineAndExitTwoOnTunnelConnectAndConnect() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "PORTWAY_SERVER", "http://127.0.0.1:1",
                "PORTWAY_TOKEN", "token");
        for (List<String> command : List.of(
                List.of("tunnel", "connect", "--socket", "s", "--tunnel", "t", "--port", "5173"),
                List.of("connect", "--port", "5173"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--origin-idle-timeout", "soon"));
            int code = Main.run(args.toArray(String[]::new), new Cli(env, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env)));
            assertEquals(2, code, command.toString());
            assertEquals("portway: --origin-idle-timeout: \"soon\" is not a time such as 4s, 500ms or 0",
                    err.toString(StandardCharsets.UTF_8).strip());
        }
    }

    @Test
    void theConfigCarriesItBothWays() {
        AgentConfig c = AgentConfig.parse("server: http://127.0.0.1:1\ntunnels:\n  - tunnel: t1\n    credential: c\n"
                + "    local: 5173\n    origin_idle_timeout: 0\n  - tunnel: t2\n    credential: c\n"
                + "    local: 8000\n");
        assertEquals(Duration.ZERO, c.tunnels().get(0).target().originIdle());
        assertEquals(Duration.ofSeconds(4), c.tunnels().get(1).target().originIdle());
        assertEquals(c, AgentConfig.parse(c.toYaml()));
    }
}
