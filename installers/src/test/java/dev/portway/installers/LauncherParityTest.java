// ./portway and portway.cmd are one launcher written twice: both are read here and must name the same jars, build
// command, jvm.options roles, long-running commands, Java options, properties and variables. Nothing runs Windows here,
// so portway.cmd is only parsed; ./portway also runs (JvmOptionsTest, LauncherMacToolsTest).
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LauncherParityTest {
    private static final Path SOURCE = Path.of("..").toAbsolutePath().normalize();

    private static final String JDK17_CDS = "class-data sharing on JDK 17 and 18: an archive written at exit under "
            + "the process id and adopted by a later start once a trial start maps it; cmd has no check for a live "
            + "process id, so portway.cmd shares classes on JDK 19+ only, as ./portway does there";

    /** What only ./portway names, and why. A new option or variable in one launcher only fails the test. */
    private static final Map<String, String> ONLY_IN_BASH = Map.of(
            "-XX:ArchiveClassesAtExit", JDK17_CDS, "-Xshare:on", JDK17_CDS, "-XX:-CreateCoredumpOnCrash", JDK17_CDS,
            "-XX:ErrorFile", JDK17_CDS, "-Xlog:disable", JDK17_CDS,
            "MALLOC_ARENA_MAX", "glibc's malloc arenas: Windows has no glibc",
            "BASH_SOURCE", "the script's own path; portway.cmd has %~f0 and %~dp0",
            "JAVA_HOME", "the release file of the PATH's java where JAVA_HOME is that JDK, before following its "
                    + "symlinks; portway.cmd takes the folder of the PATH's java.exe (no symlink chain there)");
    private static String bash;
    private static String cmd;

    @BeforeAll
    static void read() throws Exception {
        String raw = Files.readString(SOURCE.resolve("portway.cmd"));
        assertTrue(raw.contains("\r\n") && raw.replace("\r\n", "").indexOf('\n') < 0,
                "portway.cmd has CRLF line endings (cmd misreads labels in LF files): see .gitattributes");
        // Comments out, continuation lines joined.
        bash = Files.readString(SOURCE.resolve("portway")).replaceAll("(?m)^\\s*#.*\\n", "")
                .replace("\\\n", " ");
        cmd = raw.replace("\r\n", "\n").replaceAll("(?mi)^\\s*rem\\b.*\\n", "");
    }

    /** Every match of group 1 (or of the whole pattern when it has no group). */
    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return found;
    }

    private static String one(String text, String regex) {
        List<String> found = all(text, regex);
        assertEquals(1, found.size(), regex + " in\n" + text);
        return found.get(0);
    }

    @Test
    void theSameJarsBuildCommandAndLog() {
        Map<String, String> bashJars = new LinkedHashMap<>();
        Matcher b = Pattern.compile("^(\\w+_jar)=\"\\$here/([^\"]+)\"", Pattern.MULTILINE).matcher(bash);
        while (b.find()) {
            bashJars.put(b.group(1), b.group(2));
        }
        Map<String, String> cmdJars = new LinkedHashMap<>();
        Matcher c = Pattern.compile("^set \"(\\w+_jar)=%here%\\\\([^\"]+)\"", Pattern.MULTILINE).matcher(cmd);
        while (c.find()) {
            cmdJars.put(c.group(1), c.group(2).replace('\\', '/'));
        }
        assertEquals(Map.of("server_jar", "server/target/portway-server.jar", "cli_jar", "desktop/target/portway.jar"),
                bashJars);
        assertEquals(bashJars, cmdJars);

        assertEquals(one(bash, "\\./mvnw ([^>]+?) >\"\\$log\""), one(cmd, "call mvnw\\.cmd ([^>]+?) >\"%log%\""));
        assertEquals(one(bash, "log=\"\\$here/([^\"]+)\""),
                one(cmd, "set \"log=%here%\\\\([^\"]+)\"").replace('\\', '/'));
        // The sources whose change means a build: the same list, target folders left out.
        List<String> bashSources = all(one(bash, "find (.*?) -path").replace("\"", ""), "\\$here/(\\S+)");
        List<String> cmdSources = all(one(cmd, "foreach \\(\\$p in ([^)]+)\\)"), "'([^']+)'");
        assertEquals(bashSources, cmdSources);
        assertTrue(bash.contains("-path '*/target' -prune") && cmd.contains("$f.Name -ne 'target'"));
    }

    /** Each add_options call: when it runs (always, or for a one-shot command), into which list, which roles. */
    private static List<String> roleCalls(String text, String call, String oneShot) {
        List<String> calls = new ArrayList<>();
        Matcher m = Pattern.compile("^(.*?)" + Pattern.quote(call) + " (\\w+)((?: \\w+)+)\\s*$", Pattern.MULTILINE)
                .matcher(text);
        while (m.find()) {
            String when = m.group(1).isBlank() ? "always" : m.group(1).strip().equals(oneShot) ? "one-shot" : "?";
            calls.add(when + ": " + m.group(2) + " <-" + m.group(3));
        }
        return calls;
    }

    @Test
    void theSameOptionsFileAndRolesForEachList() {
        assertEquals("jvm.options", one(bash, "done <\"\\$here/([^\"]+)\""));
        assertEquals("jvm.options", one(cmd, "in \\(\"%here%\\\\([^\"]+)\"\\)"));
        List<String> calls = roleCalls(bash, "add_options", "$long_running ||");
        assertEquals(List.of("always: server_opts <- all server", "always: cli_opts <- all client",
                "one-shot: cli_opts <- quick"), calls);
        assertEquals(calls, roleCalls(cmd, "call :add_options", "if not defined long_running"));
        // Comments and blank lines are no options.
        assertTrue(bash.contains("while read -r role option"), "read skips blank lines; role # matches no role");
        assertTrue(cmd.contains("for /f \"usebackq eol=# tokens=1,*\""), "eol=# skips comments, for /f blank lines");
    }

    @Test
    void theSameLongRunningCommandsAndNoArgumentsOpensTheApp() {
        List<String> bashWords = Arrays.asList(one(bash, "case \"\\$arg\" in ([\\w |]+)\\)").split("\\s*\\|\\s*"));
        List<String> cmdWords = Arrays.asList(one(cmd, "for %%c in \\(([\\w ]+)\\) do if \"%~1\"==\"%%c\" set "
                + "\"long_running=1\"").split(" "));
        assertEquals(List.of("connect", "agent", "up", "app"), bashWords);
        assertEquals(bashWords, cmdWords);
        assertTrue(bash.contains("(($#)) || long_running=true"));
        assertTrue(cmd.contains("if \"%~1\"==\"\" set \"long_running=1\""));
    }

    /**
     * The java command of each branch as one list: variables as $name, the arguments as $ARGS, the launcher's own
     * path as $LAUNCHER.
     */
    private static List<String> bashJava(String branch) {
        String line = one(bash, "^\\s*" + Pattern.quote(branch) + "\\)(?: shift;)? exec java (.*?) ;;");
        List<String> words = new ArrayList<>();
        for (String w : line.trim().split("\\s+")) {
            // ${a[@]+"${a[@]}"} (an array, empty or not) and "${a[@]}" alike.
            w = w.replaceAll("^\\$\\{(\\w+)\\[@]\\+\"\\$\\{\\1\\[@]}\"}$", "\\$$1").replace("\"", "")
                    .replaceAll("^\\$\\{(\\w+)\\[@]}$", "\\$$1");
            words.add(w.replace("$here/portway", "$LAUNCHER").replace("$@", "$ARGS"));
        }
        return words;
    }

    private static List<String> cmdJava(String regex) {
        assertEquals("%~f0", one(cmd, "^set \"launcher=([^\"]+)\""), "the launcher's own full path");
        List<String> words = new ArrayList<>();
        for (String w : one(cmd, regex).trim().split("\\s+")) {
            w = w.replace("\"", "").replaceAll("[%!](\\w+)[%!]", "\\$$1");
            words.add(w.equals("%*") || w.equals("$server_args") ? "$ARGS" : w.replace("$launcher", "$LAUNCHER"));
        }
        return words;
    }

    @Test
    void theSameJavaCommandForTheServerAndForEverythingElse() {
        assertTrue(bash.contains("case \"${1:-}\" in"), "./portway dispatches on its first argument");
        assertTrue(cmd.contains("if \"%~1\"==\"server\" (set \"dispatch=server\") else set \"dispatch=cli\""));
        // Two ways to start java, no more, in either.
        assertEquals(List.of("server", "*"), all(bash, "^\\s*([\\w*|]+)\\)(?: shift;)? exec java"));
        assertEquals(List.of("server", "cli"), all(cmd, "set \"dispatch=(\\w+)\""));
        assertEquals(2, all(cmd, "(?m)^java ").size(), "one java line for the server, one for the rest");
        List<String> server = bashJava("server");
        assertEquals(List.of("$server_opts", "$java_opts", "-jar", "$server_jar", "$ARGS"), server);
        assertEquals(server, cmdJava("^java (%server_opts%.*)$"));
        List<String> cli = bashJava("*");
        assertEquals(List.of("$cli_opts", "$cds_opts", "$java_opts", "-Dportway.serverJar=$server_jar",
                "-Dportway.launcher=$LAUNCHER", "-jar", "$cli_jar", "$ARGS"), cli);
        assertEquals(cli, cmdJava("^java (%cli_opts%.*)$"));
        // The exit code is java's: exec in bash, exit /b with java's errorlevel in cmd.
        assertEquals(List.of("exit /b %errorlevel%", "exit /b %errorlevel%"),
                all(cmd, "(?<=\\njava .{0,300}\\n)(exit /b %errorlevel%)"));
        // The user's options, split at spaces, after every other option.
        assertTrue(bash.contains("java_opts=(${PORTWAY_JAVA_OPTS:-})"));
        assertTrue(cmd.contains("set \"java_opts=%PORTWAY_JAVA_OPTS%\""));
    }

    @Test
    void theSameClassDataSharingOnJdk19AndLater() {
        // Both off for the server and with PORTWAY_CDS=off, on the same archive.
        assertTrue(bash.contains("\"${PORTWAY_CDS:-on}\" != off && \"${1:-}\" != server"));
        assertTrue(cmd.contains("if \"%PORTWAY_CDS%\"==\"off\" goto cds_known")
                && cmd.contains("if \"%dispatch%\"==\"server\" goto cds_known"));
        assertEquals("target/cds/portway-client.jsa", one(bash, "cds_archive=\"\\$here/([^\"]+)\""));
        String cmdCds = one(cmd, "^set cds_opts=(.*)$").replace("\"", "");
        assertEquals(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=%here%\\target\\cds\\"
                + "portway-client.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), List.of(cmdCds.split(" ")));
        String bash19 = one(bash, "feature >= 19\\)\\); then\\s+cds_opts=\\((.*)\\)") + " "
                + one(bash, "cds_opts\\+=\\((.*)\\)");
        assertEquals(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=$cds_archive", "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"), List.of(bash19.replace("\"", "").split(" ")));
        assertTrue(cmd.contains("if %feature% LSS 19 goto cds_known"));
        assertTrue(cmd.contains("set \"release=%%~dpj..\\release\"") && cmd.contains("if \"%%k\"==\"JAVA_VERSION\""),
                "the feature version from the release file of the JDK whose java is on the PATH, as ./portway");
    }

    /** Every Java option (-D, -X) and every PORTWAY_ or other upper-case variable a launcher names, by name. */
    private static Set<String> vocabulary(String text) {
        Set<String> words = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])(-[DX][\\w.:+-]+|[A-Z][A-Z0-9]*_[A-Z0-9_]+)").matcher(text);
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    @Test
    void noOptionOrVariableInOneLauncherOnly() {
        Set<String> bashWords = vocabulary(bash);
        Set<String> cmdWords = vocabulary(cmd);
        Set<String> onlyBash = new TreeSet<>(bashWords);
        onlyBash.removeAll(cmdWords);
        Set<String> onlyCmd = new TreeSet<>(cmdWords);
        onlyCmd.removeAll(bashWords);
        assertEquals(ONLY_IN_BASH.keySet(), onlyBash, "in ./portway only (a new one belongs in portway.cmd too, or in "
                + "ONLY_IN_BASH with its reason)");
        assertEquals(Set.of(), onlyCmd, "in portway.cmd only");
        assertTrue(bashWords.containsAll(List.of("PORTWAY_JAVA_OPTS", "PORTWAY_CDS", "-Dportway.serverJar",
                "-Dportway.launcher", "-XX:+AutoCreateSharedArchive")), bashWords.toString());
        assertFalse(cmdWords.contains("MALLOC_ARENA_MAX"));
    }
}
