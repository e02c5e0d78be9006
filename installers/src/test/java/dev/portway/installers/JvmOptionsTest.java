// One list of Java options for every launcher: the source tree's jvm.options. Here the two scripts, ./portway (each
// kind of command, the server "up" starts aside: UpCommandTest) and the tarball's bin/portway-server, are run with a
// java on the PATH that prints what it was given. The agent's unit (AgentServiceTest) and the packaged app
// (DebPackageTest) are checked where they are made.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.service.JvmOptions;
import dev.portway.installers.Dpkg.Result;
import dev.portway.installers.server.ServerDist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class JvmOptionsTest {
    private static final Path SOURCE = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    static String text;
    /** A java that prints its arguments, one a line, first on the PATH. */
    static Map<String, String> env;

    @BeforeAll
    static void fakeJava() throws Exception {
        text = Files.readString(SOURCE.resolve("jvm.options"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertTrue(java.toFile().setExecutable(true));
        env = Map.of("PATH", bin + ":/usr/bin:/bin");
    }

    private static List<String> options(String... roles) {
        List<String> options = JvmOptions.of(text, Set.of(roles));
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
        return options;
    }

    /** The options java was given: everything before the launcher's own -D properties and -jar. */
    private static List<String> given(Result run) {
        assertEquals(0, run.code(), run.toString());
        List<String> args = run.out().lines().toList();
        int end = 0;
        while (end < args.size() && !(args.get(end).startsWith("-D") && !text.contains(args.get(end) + "\n"))
                && !args.get(end).equals("-jar")) {
            end++;
        }
        return args.subList(0, end);
    }

    /** ./portway as in a checkout whose jars are built, so that it starts java at once. */
    private static Result portway(String... args) throws Exception {
        Path checkout = dir.resolve("checkout");
        if (!Files.exists(checkout)) {
            for (String file : List.of("server/target/portway-server.jar", "desktop/target/portway.jar")) {
                Files.createDirectories(checkout.resolve(file).getParent());
                Files.writeString(checkout.resolve(file), "");
            }
            Files.copy(SOURCE.resolve("portway"), checkout.resolve("portway"));
            Files.copy(SOURCE.resolve("jvm.options"), checkout.resolve("jvm.options"));
        }
        List<String> cmd = new ArrayList<>(List.of("bash", checkout.resolve("portway").toString()));
        cmd.addAll(List.of(args));
        return Dpkg.run(cmd, env);
    }

    @Test
    void thePortwayScriptGivesEachCommandItsRolesOptions() throws Exception {
        assertEquals(options("all", "server"), given(portway("server", "--help")));
        for (String longRunning : List.of("up", "connect", "app", "agent")) {
            assertEquals(options("all", "client"), given(portway(longRunning)), longRunning);
        }
        List<String> quick = new ArrayList<>(options("all", "client"));
        quick.addAll(JvmOptions.of(text, Set.of("quick")));
        assertEquals(quick, given(portway("socket", "ls")));
        // The user's own come after them.
        List<String> own = given(Dpkg.run(List.of("bash", dir.resolve("checkout/portway").toString(), "server"),
                Map.of("PATH", env.get("PATH"), "PORTWAY_JAVA_OPTS", "-Xmx1g")));
        assertEquals("-Xmx1g", own.get(own.size() - 1));
    }

    @Test
    void theServerTarballsLauncherGivesTheServersOptions() throws Exception {
        Path home = ServerDist.unpack(dir.resolve("tarball"));
        assertEquals(text, Files.readString(home.resolve("lib/jvm.options")), "the tarball carries jvm.options");
        Result run = Dpkg.run(List.of(home.resolve("bin/portway-server").toString(), "--help"), env);
        assertEquals(options("all", "server"), given(run));
        assertTrue(run.out().endsWith("-jar\n" + home.resolve("lib/portway-server.jar") + "\n--help\n"), run.out());
    }
}
