// portway-all.jar, the universal app jar: every platform's JavaFX (under natives/PLATFORM/, none at the root, where
// Linux's and macOS's two builds would clash) and BoringSSL, the platform classes of each; and the app starts from it
// under a real X server (Xvfb), with JavaFX loaded from the copy unpacked in the cache.
package dev.portway.installers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniversalJarTest {
    private static final Path JAR = Path.of(System.getProperty("portway.universalJar",
            "../desktop/target/portway-all.jar")).toAbsolutePath().normalize();
    /** Each platform's JavaFX window library and software renderer, and its BoringSSL, by the names they load by. */
    private static final Map<String, List<String>> NATIVES = Map.of(
            "linux-x86_64", List.of("natives/linux-x86_64/libglass.so", "natives/linux-x86_64/libglassgtk3.so",
                    "natives/linux-x86_64/libprism_sw.so", "META-INF/native/libnetty_tcnative_linux_x86_64.so"),
            "linux-aarch64", List.of("natives/linux-aarch64/libglass.so", "natives/linux-aarch64/libglassgtk3.so",
                    "natives/linux-aarch64/libprism_sw.so", "META-INF/native/libnetty_tcnative_linux_aarch_64.so"),
            "mac-x86_64", List.of("natives/mac-x86_64/libglass.dylib", "natives/mac-x86_64/libprism_sw.dylib",
                    "META-INF/native/libnetty_tcnative_osx_x86_64.jnilib"),
            "mac-aarch64", List.of("natives/mac-aarch64/libglass.dylib", "natives/mac-aarch64/libprism_sw.dylib",
                    "META-INF/native/libnetty_tcnative_osx_aarch_64.jnilib"),
            "windows-x86_64", List.of("natives/windows-x86_64/glass.dll", "natives/windows-x86_64/prism_sw.dll",
                    "natives/windows-x86_64/prism_d3d.dll", "META-INF/native/netty_tcnative_windows_x86_64.dll"));

    static Map<String, ZipEntry> entries;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the desktop module's package phase builds it");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().filter(e -> !e.isDirectory())
                    .collect(Collectors.toMap(ZipEntry::getName, e -> e));
            assertEquals("dev.portway.desktop.cli.DesktopMain", jar.getManifest().getMainAttributes().getValue(
                    "Main-Class"));
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
        }
    }

    @Test
    void carriesEveryPlatformsJavaFxAndBoringSsl() {
        Set<String> platforms = entries.keySet().stream().filter(n -> n.startsWith("natives/"))
                .map(n -> n.split("/")[1]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(NATIVES.keySet()), platforms);
        NATIVES.forEach((platform, names) -> names.forEach(
                name -> assertTrue(entries.containsKey(name), platform + " lacks " + name)));
        // The two builds that share names are not one file twice.
        assertNotEquals(entries.get("natives/linux-x86_64/libglass.so").getCrc(),
                entries.get("natives/linux-aarch64/libglass.so").getCrc());
        assertNotEquals(entries.get("natives/mac-x86_64/libglass.dylib").getCrc(),
                entries.get("natives/mac-aarch64/libglass.dylib").getCrc());
        assertTrue(entries.containsKey("META-INF/native/libnetty_transport_native_epoll_aarch_64.so"));
    }

    @Test
    void carriesEachPlatformsClassesAndNoJavaFxLibraryAtTheRoot() {
        for (String name : List.of("com/sun/glass/ui/gtk/GtkApplication.class",
                "com/sun/glass/ui/mac/MacApplication.class", "com/sun/glass/ui/win/WinApplication.class",
                "com/sun/prism/d3d/D3DPipeline.class", "com/sun/prism/d3d/hlsl/Solid_Color.obj",
                "com/sun/prism/es2/glsl/Solid_Color.frag", "dev/portway/desktop/system/JavaFxNatives.class")) {
            assertTrue(entries.containsKey(name), "lacks " + name);
        }
        assertEquals(List.of(), entries.keySet().stream()
                .filter(n -> n.indexOf('/') < 0 && n.matches(".*\\.(so|dylib|dll|jnilib)")).sorted().toList());
        assertEquals(List.of(), entries.keySet().stream().filter(n -> n.endsWith("javafx-swt.jar")).toList());
    }

    @Test
    @Tag("process")
    void aPlatformWithoutJavaFxIsNamedOnOneLine() throws Exception {
        Process app = javaJar(dir.resolve("out"), "-Dos.arch=riscv64", "-jar", JAR.toString(), "app").start();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, app.exitValue());
        assertEquals("portway: the app has no JavaFX for linux-riscv64; the command line works: portway --help\n",
                Files.readString(dir.resolve("out")));
    }

    @Test
    @Tag("process")
    void withoutADisplayItRefusesOnOneLineAndUnpacksNothing() throws Exception {
        Process app = javaJar(dir.resolve("out"), "-jar", JAR.toString()).start();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, app.exitValue());
        String said = Files.readString(dir.resolve("out"));
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("portway: the app needs a desktop session"), said);
        assertFalse(Files.exists(dir.resolve(".cache/portway/natives")), "unpacked before the refusal");
    }

    @Test
    @Tag("process")
    void serverHelpIsTheRefusalNotTheClientsOptions() throws Exception {
        Process server = javaJar(dir.resolve("out"), "-jar", JAR.toString(), "server", "--help").start();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, server.exitValue());
        String said = Files.readString(dir.resolve("out"));
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("portway: the server is not part of this program"), said);
    }

    @Test
    @Tag("process")
    void theAppOpensFromItUnderXvfbWithJavaFxFromTheCache() throws Exception {
        assertTrue(onPath("Xvfb") && onPath("xwininfo"),
                "Xvfb and xwininfo are missing: apt-get install xvfb x11-utils (.ci/run installs them)");
        Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(dir.resolve("xvfb.log").toFile()).start();
        Process app = null;
        try {
            String display = ":" + new BufferedReader(new InputStreamReader(xvfb.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim();
            // Once in a first run on a machine the app found no display at the number Xvfb had just written: the app
            // starts when a client of the display is served.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!xvfb.isAlive()) {
                    fail("Xvfb quit: " + read(dir.resolve("xvfb.log")));
                }
                return served(display);
            });
            Path out = dir.resolve("app.log");
            ProcessBuilder pb = javaJar(out, "-Djavafx.verbose=true", "-Dprism.order=sw", "-Dportway.inspect.port=0",
                    "-jar", JAR.toString());
            pb.environment().put("DISPLAY", display);
            app = pb.start();
            String cache = dir.resolve(".cache/portway/natives").toString();
            Pattern loaded = Pattern.compile("Loaded (" + Pattern.quote(cache)
                    + "/[0-9a-f]{16})/libglass\\.so from java\\.library\\.path");
            Process running = app;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!running.isAlive()) {
                    fail("the app quit: " + read(out) + "\nXvfb said: " + read(dir.resolve("xvfb.log")));
                }
                return topWindows(display).contains("Portway") && loaded.matcher(read(out)).find();
            });
            Matcher folder = loaded.matcher(read(out));
            assertTrue(folder.find());
            assertTrue(Files.isRegularFile(Path.of(folder.group(1), "libglassgtk3.so")));
            // JavaFX's warning about running from a plain jar is what we ship, and is kept from the user.
            assertFalse(read(out).contains("Unsupported JavaFX configuration"), read(out));
        } finally {
            if (app != null) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether the X server answers a client on the display; false while Xvfb runs but does not serve it yet. */
    private static boolean served(String display) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("xwininfo", "-root").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DISPLAY", display);
        Process xwininfo = pb.start();
        if (!xwininfo.waitFor(5, TimeUnit.SECONDS)) {
            xwininfo.destroyForcibly();
            return false;
        }
        return xwininfo.exitValue() == 0;
    }

    /** The names of the X server's top-level windows (xwininfo's "0x... "Name": (...)" lines). */
    private static Set<String> topWindows(String display) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("xwininfo", "-root", "-children").redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process xwininfo = pb.start();
        String text = new String(xwininfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        xwininfo.waitFor();
        Matcher name = Pattern.compile("^\\s+0x[0-9a-f]+ \"([^\"]*)\":", Pattern.MULTILINE).matcher(text);
        Set<String> names = new TreeSet<>();
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /**
     * java with these arguments in a fake home, no display: only $HOME says where, so the app must take its config and
     * cache folders from it (~/.config, ~/.cache), as Unix programs do, not from the account's home (user.home).
     */
    private ProcessBuilder javaJar(Path out, String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(dir.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("XDG_CONFIG_HOME");
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        return pb;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, command)));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
