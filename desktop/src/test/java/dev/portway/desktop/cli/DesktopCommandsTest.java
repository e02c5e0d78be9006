// "portway --help" of the desktop build lists every command the ./portway launcher takes, each described.
package dev.portway.desktop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.cli.Cli;
import dev.portway.agent.cli.Main;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.server.OptionDescriptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.portway.desktop.ui.inspector.Inspectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DesktopCommandsTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Cli cli() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString());
        return new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env));
    }

    /** The commands the launcher script picks out by name (its case arms), e.g. server, connect, up. */
    static Set<String> launcherCommands() throws Exception {
        String script = Files.readString(Path.of("..", "portway"));
        Set<String> names = new TreeSet<>();
        Matcher arm = Pattern.compile("(?m)(?:^\\s*|\\bin\\s+)([a-z][a-z-]*(?:\\s*\\|\\s*[a-z][a-z-]*)*)\\)")
                .matcher(script);
        while (arm.find()) {
            for (String name : arm.group(1).split("\\s*\\|\\s*")) {
                names.add(name.strip());
            }
        }
        return names;
    }

    @Test
    void helpListsEveryCommandTheLauncherTakes() throws Exception {
        Set<String> launcher = launcherCommands();
        assertTrue(launcher.containsAll(List.of("server", "up", "app", "connect", "agent")), launcher.toString());
        int code = Main.run(new String[]{"--help"}, cli(), DesktopMain.EXTRA);
        assertEquals(0, code);
        List<String> listed = out.toString(StandardCharsets.UTF_8).lines()
                .dropWhile(l -> !l.equals("Commands:")).skip(1)
                .filter(l -> l.startsWith("  ") && !l.startsWith("   ")).map(l -> l.strip().split("\\s+")[0]).toList();
        for (String name : launcher) {
            assertTrue(listed.contains(name), name + " in " + listed);
        }
        assertTrue(listed.containsAll(List.of("account", "login", "logout", "socket", "tunnel", "help")),
                listed.toString());
    }

    /** What the program says on stderr for these arguments, as its main runs them; exit 1 and no usage text. */
    private String refusal(String... args) {
        assertEquals(1, Main.run(DesktopMain.command(args), cli(), DesktopMain.EXTRA));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no usage text");
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serverOutsideTheLauncherSaysWhereTheServerIs() {
        String said = refusal("server", "--bind", "0.0.0.0");
        assertEquals(1, said.strip().lines().count(), said);
        assertTrue(said.startsWith("portway: the server is not part of this program"), said);
    }

    @Test
    void serverHelpWithJsonIsTheRefusalInJson() {
        String said = refusal("server", "--help", "--json");
        assertTrue(said.startsWith("{") && said.contains("\"error\"") && said.contains("\"failed\"")
                && said.contains("the server is not part of this program"), said);
    }

    @Test
    void badInspectorFlagsOnAppAndUpAreOneLineUsageErrors() {
        for (String command : new String[]{"app", "up"}) {
            for (String[] flags : new String[][]{{"--inspect-port", "70000"},
                {"--no-inspect", "--inspect-port", "1"}}) {
                err.reset();
                String[] args = new String[flags.length + 1];
                args[0] = command;
                System.arraycopy(flags, 0, args, 1, flags.length);
                int code = Main.run(args, cli(), DesktopMain.EXTRA);
                String said = err.toString(StandardCharsets.UTF_8);
                assertEquals(2, code, said);
                assertEquals(1, said.strip().lines().count(), said);
                assertTrue(said.contains("--inspect-port"), said);
            }
        }
    }

    @Test
    void inspectorFlagsStandForThePortProperty() {
        String before = System.getProperty(Inspectors.PORT_PROPERTY);
        try {
            AppCommand app = new AppCommand();
            new CommandLine(app).parseArgs("--no-inspect");
            AppCommand.inspectPort(app.inspect);
            assertEquals("off", System.getProperty(Inspectors.PORT_PROPERTY));
            app = new AppCommand();
            new CommandLine(app).parseArgs("--inspect-port", "5050");
            AppCommand.inspectPort(app.inspect);
            assertEquals("5050", System.getProperty(Inspectors.PORT_PROPERTY));
            System.setProperty(Inspectors.PORT_PROPERTY, "0");
            app = new AppCommand();
            new CommandLine(app).parseArgs();
            AppCommand.inspectPort(app.inspect);
            assertEquals("0", System.getProperty(Inspectors.PORT_PROPERTY), "no flag: the property stays");
        } finally {
            if (before == null) {
                System.clearProperty(Inspectors.PORT_PROPERTY);
            } else {
                System.setProperty(Inspectors.PORT_PROPERTY, before);
            }
        }
    }

    @Test
    void theDesktopCommandsDescribeEveryOption() {
        CommandLine root = Main.commandLine(cli(), DesktopMain.EXTRA);
        assertEquals(List.of(), OptionDescriptions.missing(root));
        assertEquals(List.of(), OptionDescriptions.unlabelled(root), "labels in capitals, never <fieldName>");
        assertEquals(List.of(), OptionDescriptions.brokenUrls(root), "addresses in one piece, to copy");
    }
}
