// ./portway on macOS: /bin/bash there is bash 3.2 and the tools are BSD's. No Mac here, so the script is read for
// bash-4-only constructs, and run with stand-ins for find, readlink, sed and the rest that refuse GNU-only flags;
// it must pass java the same arguments as with this machine's GNU tools.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.installers.Dpkg.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class LauncherMacToolsTest {
    private static final Path SOURCE = Path.of("..").toAbsolutePath().normalize();

    /** Constructs bash 3.2 does not have, or GNU-only tool flags, each with what it is. */
    private static final Map<String, String> NOT_ON_MAC = new LinkedHashMap<>();

    static {
        NOT_ON_MAC.put("\\bmapfile\\b|\\breadarray\\b", "mapfile/readarray (bash 4)");
        NOT_ON_MAC.put("\\b(?:declare|local|typeset)\\s+-\\w*[An]", "associative arrays or namerefs (bash 4)");
        NOT_ON_MAC.put("\\$\\{\\w+(?:\\[[^\\]]*])?(?:,,?|\\^\\^?)}", "case conversion ${x,,} ${x^^} (bash 4)");
        NOT_ON_MAC.put("&>>|\\|&", "&>> and |& (bash 4)");
        NOT_ON_MAC.put("\\bcoproc\\b", "coproc (bash 4)");
        NOT_ON_MAC.put("\\$\\{\\w+\\[-\\d+]}", "negative array index (bash 4.3)");
        NOT_ON_MAC.put("\\$\\{\\w+(?:\\[[^\\]]*])?@[QEPAaUuLK]}", "${x@Q} transformations (bash 4.4)");
        NOT_ON_MAC.put("\\bwait\\s+-n\\b|\\$EPOCH(?:SECONDS|REALTIME)", "wait -n, $EPOCHSECONDS (bash 4.3, 5)");
        NOT_ON_MAC.put("(?<!\\$\\{\\w{1,40}\\[@]\\+)\"\\$\\{(?!BASH_SOURCE)\\w+\\[@]}\"",
                "\"${a[@]}\" unguarded: bash 3.2 calls an empty array unbound under set -u; write ${a[@]+\"${a[@]}\"}");
        NOT_ON_MAC.put("\\breadlink\\s+-[a-z]*[fem]", "readlink -f/-e/-m (GNU; macOS 12.3+ for -f)");
        NOT_ON_MAC.put("\\bsed\\s+(?:-\\w+\\s+)*-[a-zA-Z]*[irz]\\b", "sed -i/-r/-z (GNU's forms)");
        NOT_ON_MAC.put("-printf\\b|-regextype\\b|-readable\\b|-executable\\b", "find -printf etc. (GNU)");
        NOT_ON_MAC.put("\\bstat\\s+-c\\b|\\bstat\\s+--|\\bdate\\s+-d\\b|--reflink|\\bgrep\\s+-\\w*P|\\bxargs\\s+-r\\b",
                "stat -c, date -d, cp --reflink, grep -P, xargs -r (GNU)");
        NOT_ON_MAC.put("\\brealpath\\b|\\btimeout\\b", "realpath, timeout (not on macOS before 13, or not at all)");
    }

    /** Tools the script may call, each with the flags it refuses as GNU-only; every one refuses --long options. */
    private static final Map<String, String> SHIMS = Map.ofEntries(
            Map.entry("find", "-printf|-fprintf|-readable|-writable|-executable|-regextype|-xtype|-files0-from"),
            Map.entry("readlink", "-*"), Map.entry("sed", "-i*|-r|-z|-s|-u"), Map.entry("stat", "-c*"),
            Map.entry("date", "-d*"), Map.entry("cp", "-t|-T"), Map.entry("grep", "-P|-*P*"),
            Map.entry("xargs", "-r"), Map.entry("touch", ""), Map.entry("mkdir", ""), Map.entry("mv", "-t|-T"),
            Map.entry("rm", ""), Map.entry("dirname", "-z"), Map.entry("basename", "-z"),
            Map.entry("mktemp", "-p|--*"), Map.entry("head", "-n-*"), Map.entry("sort", "-V"),
            Map.entry("realpath", "*"), Map.entry("timeout", "*"));

    @TempDir
    Path dir;
    private Path checkout;
    private Path calls;
    private Path shims;
    private Path links;

    /** Problems of a script's text: each NOT_ON_MAC construct found, with its line. */
    static List<String> notOnMac(String script) {
        List<String> found = new ArrayList<>();
        String[] lines = script.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String code = lines[i].replaceFirst("^\\s*#.*", "");
            for (Map.Entry<String, String> rule : NOT_ON_MAC.entrySet()) {
                Matcher m = Pattern.compile(rule.getKey()).matcher(code);
                if (m.find()) {
                    found.add("line " + (i + 1) + ": " + rule.getValue() + ": " + lines[i].strip());
                }
            }
        }
        return found;
    }

    @Test
    void theScriptUsesNoBash4ConstructAndNoGnuOnlyFlag() throws Exception {
        assertEquals(List.of(), notOnMac(Files.readString(SOURCE.resolve("portway"))));
    }

    @Test
    void theCheckFindsWhatTheScriptUsedBefore() {
        // Lines of ./portway before it was written for macOS (6855454e), and other forms the rules name.
        String old = """
                mapfile -t server_opts < <(jvm_options all server)
                $long_running || mapfile -t -O "${#cli_opts[@]}" cli_opts < <(jvm_options quick)
                  java="$(readlink -f "$(command -v java)" 2>/dev/null)" || return 1
                  server) shift; exec java "${server_opts[@]}" "${java_opts[@]}" -jar "$server_jar" "$@" ;;
                declare -A seen; lower=${name,,}; last=${opts[-1]}; cmd |& tee log; sed -i 's/a/b/' f
                """;
        List<String> found = notOnMac(old);
        assertEquals(5, found.stream().map(f -> f.substring(0, f.indexOf(':'))).distinct().count(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("unguarded")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("readlink")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("negative")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.contains("sed -i")), found.toString());
    }

    /**
     * A checkout whose jars are newer than its sources, a JDK 21 whose java records its arguments, reached from the
     * PATH through two relative symlinks (as /usr/bin/java is), and the stand-in tools.
     */
    @BeforeEach
    void checkout() throws Exception {
        checkout = dir.resolve("my checkout");
        Files.createDirectories(checkout.resolve("protocol/src"));
        Files.writeString(checkout.resolve("pom.xml"), "");
        Files.writeString(checkout.resolve("protocol/src/A.java"), "");
        for (String jar : List.of("server/target/portway-server.jar", "desktop/target/portway.jar")) {
            Files.createDirectories(checkout.resolve(jar).getParent());
            Files.writeString(checkout.resolve(jar), "");
        }
        Files.writeString(checkout.resolve("desktop/target/classes.txt"), ""); // newer, but in target: not a source
        for (Path source : List.of(checkout.resolve("pom.xml"), checkout.resolve("protocol/src/A.java"))) {
            Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(120)));
        }
        Files.copy(SOURCE.resolve("portway"), checkout.resolve("portway"));
        Files.copy(SOURCE.resolve("jvm.options"), checkout.resolve("jvm.options"));

        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"21.0.4\"\n");
        executable(jdk.resolve("bin/java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        links = Files.createDirectories(dir.resolve("links"));
        Files.createDirectories(dir.resolve("alternatives"));
        Files.createSymbolicLink(dir.resolve("alternatives/java"), Path.of("../jdk/bin/java"));
        Files.createSymbolicLink(links.resolve("java"), Path.of("../alternatives/java"));

        calls = dir.resolve("calls.log");
        shims = Files.createDirectories(dir.resolve("bsd"));
        for (Map.Entry<String, String> tool : SHIMS.entrySet()) {
            String real = List.of("/usr/bin/", "/bin/").stream().map(d -> d + tool.getKey())
                    .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("/bin/false");
            executable(shims.resolve(tool.getKey()), """
                    #!/bin/bash
                    # NAME as on macOS: GNU-only flags refused.
                    for a in "$@"; do
                      case "$a" in
                        --?*@REFUSED@) echo "NAME: $a is GNU-only (macOS's NAME has no such flag)" >&2; exit 2 ;;
                      esac
                    done
                    echo "NAME $*" >>"CALLS"
                    exec REAL "$@"
                    """.replace("NAME", tool.getKey()).replace("REAL", real).replace("CALLS", calls.toString())
                    .replace("@REFUSED@", tool.getValue().isEmpty() ? "" : " | " + tool.getValue()));
        }
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
    }

    private Result portway(boolean bsd, Map<String, String> extra, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", checkout.resolve("portway").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extra);
        env.put("PATH", (bsd ? shims + ":" : "") + links + ":/usr/bin:/bin");
        env.putIfAbsent("JAVA_HOME", "");
        Result run = Dpkg.run(cmd, env);
        assertEquals(0, run.code(), run.toString());
        assertFalse(run.err().contains("GNU-only"), run.err());
        return run;
    }

    @Test
    void withBsdToolsJavaGetsTheSameArgumentsAsWithGnuTools() throws Exception {
        for (List<String> args : List.<List<String>>of(List.of("connect", "--port", "8000"), List.of("socket", "ls"),
                List.of("server", "--help"), List.of(), List.of("app", "--minimized"))) {
            String[] a = args.toArray(String[]::new);
            String gnu = portway(false, Map.of(), a).out();
            assertEquals(gnu, portway(true, Map.of(), a).out(), String.join(" ", args));
            assertEquals(gnu, portway(true, Map.of("JAVA_HOME", dir.resolve("jdk").toString()), a).out(),
                    "found through JAVA_HOME: " + args);
            if (!args.contains("server")) {
                assertTrue(gnu.contains("-XX:+AutoCreateSharedArchive\n-XX:SharedArchiveFile=" + checkout
                        + "/target/cds/portway-client.jsa\n"), "JDK 21 found behind the links: " + gnu);
            }
        }
        String used = Files.readString(calls);
        for (String tool : List.of("find ", "readlink ", "sed -n ", "dirname ", "mkdir -p ")) {
            assertTrue(used.contains("\n" + tool) || used.startsWith(tool), tool + "was not called:\n" + used);
        }
    }

    @Test
    void withBsdToolsAChangedSourceIsBuiltOnce() throws Exception {
        executable(checkout.resolve("mvnw"), "#!/bin/sh\necho \"$@\" >>\"" + dir.resolve("builds") + "\"\n");
        Files.setLastModifiedTime(checkout.resolve("desktop/target/portway.jar"),
                FileTime.from(Instant.now().minusSeconds(600)));
        Result run = portway(true, Map.of(), "--version");
        assertTrue(run.err().startsWith("portway: building"), run.err());
        assertTrue(run.out().endsWith("-jar\n" + checkout.resolve("desktop/target/portway.jar") + "\n--version\n"),
                run.out());
        portway(true, Map.of(), "--version");
        assertEquals("-q -B -DskipTests package\n", Files.readString(dir.resolve("builds")), "built once");
    }

    @Test
    void theStandInsRefuseGnuOnlyFlags() throws Exception {
        Map<String, String> env = Map.of("PATH", shims + ":/usr/bin:/bin");
        for (List<String> gnu : List.of(List.of("readlink", "-f", "/bin/sh"), List.of("sed", "-i", "s/a/b/", "f"),
                List.of("find", ".", "-printf", "%p"), List.of("stat", "-c", "%Y", "."))) {
            Result run = Dpkg.run(prepend(gnu), env);
            assertEquals(2, run.code(), gnu + ": " + run);
            assertTrue(run.err().contains("GNU-only"), run.err());
        }
    }

    private List<String> prepend(List<String> gnu) {
        List<String> cmd = new ArrayList<>(List.of(shims.resolve(gnu.get(0)).toString()));
        cmd.addAll(gnu.subList(1, gnu.size()));
        return cmd;
    }
}
