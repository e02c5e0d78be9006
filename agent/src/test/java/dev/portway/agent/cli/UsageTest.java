// The command line's own words: every option says what it is for, a left-out one is named as it is typed, and a
// mistyped command is named with the one meant.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.SettingsStore;
import dev.portway.server.OptionDescriptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class UsageTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Cli cli(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString());
        return new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env));
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, cli(out, err));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        CommandLine root = Main.commandLine(cli(new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertTrue(OptionDescriptions.commands(root).size() > 15, "walks the whole tree");
        assertEquals(List.of(), OptionDescriptions.missing(root));
        assertEquals(List.of(), OptionDescriptions.unlabelled(root), "labels in capitals, never <fieldName>");
        assertEquals(List.of(), OptionDescriptions.brokenUrls(root), "addresses in one piece, to copy");
    }

    @Test
    void theHelpOfTunnelConnectDescribesSocketAndTunnel() {
        Result help = run("tunnel", "connect", "--help");
        assertEquals(0, help.code());
        List<String> lines = help.out().lines().toList();
        for (String flag : List.of("--socket", "--tunnel")) {
            String line = lines.stream().filter(l -> l.strip().startsWith(flag + ",")).findFirst().orElseThrow();
            // Long alias lists push the description to the next line: it must not be blank.
            String description = line.contains("=" + flag.substring(2).toUpperCase() + "_ID ")
                    ? line.substring(line.indexOf("_ID ") + 4).strip() : lines.get(lines.indexOf(line) + 1).strip();
            assertFalse(description.isEmpty(), flag + " in:\n" + help.out());
        }
        assertTrue(help.out().contains("The tunnel, one of the socket's"), help.out());
        assertTrue(help.out().contains("The socket the tunnel belongs to"), help.out());
    }

    @Test
    void aMissingTunnelIsNamedAsTyped() {
        Result r = run("tunnel", "connect", "--socket", "s", "--port", "8000");
        assertEquals(2, r.code());
        assertEquals("portway: missing --tunnel TUNNEL_ID (see 'portway tunnel connect --help')", r.err().strip());
        assertEquals("", r.out());
    }

    /** Each command with a required option, run without its options: one line naming the first missing as typed. */
    @Test
    void everyCommandNamesItsMissingOptionsAsTyped() {
        CommandLine root = Main.commandLine(cli(new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        int checked = 0;
        for (CommandLine c : OptionDescriptions.commands(root)) {
            List<OptionSpec> required = c.getCommandSpec().requiredArgs().stream()
                    .filter(a -> a instanceof OptionSpec && !a.interactive()).map(a -> (OptionSpec) a).toList();
            if (required.isEmpty()) {
                continue;
            }
            List<String> path = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
            path.remove(0);
            Result r = run(path.toArray(String[]::new));
            String name = c.getCommandSpec().qualifiedName();
            assertEquals(2, r.code(), name + ": " + r);
            assertEquals(1, r.err().strip().lines().count(), name + ": " + r.err());
            assertTrue(r.err().startsWith("portway: missing "), name + ": " + r.err());
            for (OptionSpec o : required) {
                assertTrue(r.err().contains(o.names()[0] + " "), name + " names " + o.names()[0] + ": " + r.err());
                for (String alias : o.names()) {
                    if (!alias.equals(o.names()[0])) {
                        assertFalse(r.err().contains(alias), name + ": " + r.err());
                    }
                }
            }
            checked++;
        }
        assertTrue(checked >= 6, "tunnel create, ls, delete, connect, agent add, install-service, connect: " + checked);
    }

    @Test
    void anOptionWithoutItsValueIsNamedAsTyped() {
        Result r = run("tunnel", "connect", "--socket", "s", "--port", "8000", "--tunnel");
        assertEquals(2, r.code());
        assertEquals("portway: missing --tunnel TUNNEL_ID (see 'portway tunnel connect --help')", r.err().strip());
    }

    @Test
    void aMistypedCommandIsOneLineWithTheOneMeant() {
        Result typo = run("sockets");
        assertEquals(2, typo.code());
        assertEquals("portway: unknown command 'sockets' (did you mean 'socket'?)" + System.lineSeparator(),
                typo.err());
        assertEquals("", typo.out());
        Result sub = run("socket", "lss");
        assertEquals(2, sub.code());
        assertEquals("portway: unknown command 'socket lss' (did you mean 'socket ls'?)", sub.err().strip());
        Result nothingLike = run("xyzzy");
        assertEquals(2, nothingLike.code());
        assertEquals("portway: unknown command 'xyzzy' (see 'portway --help')", nothingLike.err().strip());
        assertEquals("portway: Unknown option: '--bogus' (see 'portway socket ls --help')",
                run("socket", "ls", "--bogus").err().strip(), "options as before");
    }
}
