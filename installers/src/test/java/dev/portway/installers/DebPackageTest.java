// The .deb's contents, unpacked into a throwaway root (dpkg-deb -x): its launcher prints the version, opens the app
// when given no arguments, and serves a tunnel through a real server; its scripts put portway and the menu entry in
// place without xdg tools. DebInstallTest installs it for real.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.service.JvmOptions;
import dev.portway.protocol.Version;
import dev.portway.server.CliProcess;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class DebPackageTest {
    private static final Path PACKAGES = Path.of(System.getProperty("portway.packages", "target/jpackage"));
    private static final String INSTALL_DIR = "/opt/portway";

    @TempDir
    static Path unpacked;
    static Path deb;
    static Path root;
    static Path control;

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void unpack() throws Exception {
        try (Stream<Path> files = Files.list(PACKAGES)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("portway_.*\\.deb")).toList();
            assertEquals(1, debs.size(), "one .deb built by jpackage in " + PACKAGES + ": " + debs);
            deb = debs.get(0);
        }
        root = unpacked.resolve("root");
        control = unpacked.resolve("control");
        assertEquals(0, run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of()).code());
        assertEquals(0, run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of()).code());
    }

    /** Runs a program to its end (a minute at most) with extra environment variables. */
    private static Result run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running: " + cmd);
        return new Result(p.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path launcher() {
        return root.resolve(INSTALL_DIR.substring(1)).resolve("bin/portway");
    }

    /** The installed command with a fresh configuration directory, as a first run on a new machine. */
    private Result portway(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        all.putAll(env);
        return run(cmd, all);
    }

    @Test
    void theDebIsPortwayAtTheCommandLinesVersionAndNeedsGtk() throws Exception {
        Result fields = run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Depends"), Map.of());
        assertEquals(0, fields.code(), fields.err());
        assertTrue(fields.out().contains("Package: portway\n"), fields.out());
        // The pom's installer.version is typed by hand: it must follow the product's.
        assertEquals(Version.PRODUCT, System.getProperty("portway.installerVersion"));
        assertTrue(fields.out().contains("Version: " + Version.PRODUCT + "-1\n"), fields.out());
        // JavaFX's libraries sit in portway.jar, where jpackage does not look for dependencies.
        assertTrue(fields.out().contains("libgtk-3-0"), fields.out());
    }

    @Test
    void theInstalledLauncherPrintsTheVersion() throws Exception {
        assertTrue(Files.isExecutable(launcher()), launcher().toString());
        Result version = portway(Map.of(), "--version");
        assertEquals(0, version.code(), version.err());
        assertEquals("Portway " + Version.PRODUCT, version.out().strip());
    }

    @Test
    void withoutArgumentsTheLauncherOpensTheApp() throws Exception {
        // No display here, so "app" stops at once with its one line: proof the launcher's default argument is app.
        List<String> cmd = List.of("env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY",
                "XDG_CONFIG_HOME=" + dir.resolve("config"), launcher().toString());
        Result app = run(cmd, Map.of());
        assertEquals(1, app.code(), app.out() + app.err());
        assertEquals("portway: the app needs a desktop session (DISPLAY is not set); without one, use the command "
                + "line (portway --help), and for a server the portway-server package (docs/deploy.md)\n", app.err());
    }

    @Test
    void theImageCarriesATrimmedRuntimeAndLinuxJavaFx() throws Exception {
        Path lib = root.resolve(INSTALL_DIR.substring(1)).resolve("lib");
        String release = Files.readString(lib.resolve("runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        for (String needed : List.of("java.base", "java.desktop", "jdk.unsupported", "jdk.crypto.ec")) {
            assertTrue(modules.contains(needed), modules);
        }
        // Linked with the modules named, not the whole JDK.
        for (String unwanted : List.of("jdk.compiler", "jdk.jshell", "java.scripting", "jdk.httpserver")) {
            assertFalse(modules.contains(unwanted), modules);
        }
        assertFalse(Files.exists(lib.resolve("runtime/bin/java")), "no java command: the launcher is the entry");
        try (JarFile jar = new JarFile(lib.resolve("app/portway.jar").toFile())) {
            assertTrue(jar.getEntry("libglass.so") != null, "JavaFX for Linux in the packaged jar");
            assertTrue(jar.getEntry("libglass.dylib") == null && jar.getEntry("glass.dll") == null);
        }
    }

    @Test
    void theLauncherStartsJavaWithTheClientsOptionsOfJvmOptions() throws Exception {
        List<String> cfg = Files.readAllLines(root.resolve(INSTALL_DIR.substring(1)).resolve("lib/app/portway.cfg"));
        List<String> options = cfg.stream().filter(l -> l.startsWith("java-options="))
                .map(l -> l.substring("java-options=".length())).filter(o -> !o.startsWith("-Djpackage.")).toList();
        assertEquals(JvmOptions.of(Files.readString(Path.of("..", "jvm.options")), Set.of("all", "client")), options);
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
    }

    @Test
    void theMenuEntryOpensTheAppFromTheInstalledLauncherWithTheIcon() throws Exception {
        Path entry = root.resolve(INSTALL_DIR.substring(1)).resolve("lib/portway-portway.desktop");
        List<String> lines = Files.readAllLines(entry);
        assertTrue(lines.contains("Name=Portway"), lines.toString());
        assertTrue(lines.contains("Exec=" + INSTALL_DIR + "/bin/portway app"), lines.toString());
        assertTrue(lines.contains("Categories=Network;"), lines.toString());
        String icon = lines.stream().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        assertTrue(icon.startsWith(INSTALL_DIR + "/"), icon);
        byte[] png = Files.readAllBytes(root.resolve(icon.substring(1)));
        assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1), "the icon is a PNG");
        assertEquals(256, java.nio.ByteBuffer.wrap(png, 16, 4).getInt(), "256 px wide (IHDR)");
    }

    @Test
    void itsScriptsInstallTheMenuEntryWithoutXdgToolsAndLeaveAnotherPortwayAlone() throws Exception {
        // dpkg runs these with DPKG_ROOT set to its root: here a throwaway one holding the unpacked package. The
        // xdg-desktop-menu on the PATH fails as on a minimal Debian (exit 3): the scripts must not need it.
        Path fakeRoot = Files.createDirectories(dir.resolve("system"));
        Files.createSymbolicLink(fakeRoot.resolve("opt"), root.resolve("opt"));
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path calls = dir.resolve("xdg-calls");
        Path stub = Files.writeString(stubs.resolve("xdg-desktop-menu"), "#!/bin/sh\necho \"$@\" >> " + calls
                + "\necho 'xdg-desktop-menu: No writable system menu directory found.' >&2\nexit 3\n");
        assertTrue(stub.toFile().setExecutable(true));
        Map<String, String> env = Map.of("DPKG_ROOT", fakeRoot.toString(), "PATH", stubs + ":/usr/bin:/bin");
        Path link = fakeRoot.resolve("usr/bin/portway");
        Path entry = fakeRoot.resolve("usr/share/applications/portway.desktop");
        Path icon = fakeRoot.resolve("usr/share/icons/hicolor/256x256/apps/portway.png");

        Result installed = run(List.of("sh", control.resolve("postinst").toString(), "configure"), env);
        assertEquals(0, installed.code(), installed.err());
        assertEquals(Path.of(INSTALL_DIR, "bin/portway"), Files.readSymbolicLink(link));
        assertTrue(Files.readAllLines(entry).contains("Icon=portway"));
        assertTrue(Files.isRegularFile(icon));
        assertFalse(Files.exists(calls), "no xdg-desktop-menu call");

        Result removed = run(List.of("sh", control.resolve("prerm").toString(), "remove"), env);
        assertEquals(0, removed.code(), removed.err());
        for (Path gone : List.of(link, entry, icon)) {
            assertFalse(Files.exists(gone, java.nio.file.LinkOption.NOFOLLOW_LINKS), gone.toString());
        }

        // Another program's portway is neither replaced nor removed.
        Files.writeString(link, "#!/bin/sh\necho another portway\n");
        Result beside = run(List.of("sh", control.resolve("postinst").toString(), "configure"), env);
        assertEquals(0, beside.code(), beside.err());
        assertEquals("portway: " + link + " is not ours, so it stays; the command is " + INSTALL_DIR
                + "/bin/portway\n", beside.err());
        assertEquals(0, run(List.of("sh", control.resolve("prerm").toString(), "remove"), env).code());
        assertEquals("#!/bin/sh\necho another portway\n", Files.readString(link));
    }

    @Test
    void theInstalledCommandSignsUpOverTlsAndServesATunnel() throws Exception {
        HttpServer origin = TestServers.origin(ex -> "served through the installed package");
        // The API over TLS with the server's EC certificate: the trimmed runtime's own TLS must handle it.
        try (PortwayServer server = PortwayServer.start(ServerConfig.builder(dir.resolve("server")).build()
                .withApiTls(true))) {
            String api = server.config().apiUrl();
            assertTrue(api.startsWith("https://"), api);
            Result created = portway(Map.of(), "account", "create", "--server", api, "--fingerprint",
                    server.fingerprint(), "--email", "deb@example.com", "--password", "password1");
            assertEquals(0, created.code(), created.out() + created.err());

            ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "connect", "--port",
                    Integer.toString(origin.getAddress().getPort()));
            pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
            CliProcess agent = CliProcess.start(pb);
            try {
                // *.localhost names reach loopback, as browsers resolve them.
                OkHttpClient visitor = new OkHttpClient.Builder()
                        .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
                try (Response page = visitor.newCall(new Request.Builder().url(agent.onlineUrl()).build()).execute()) {
                    assertEquals(200, page.code());
                    assertEquals("served through the installed package", page.body().string());
                }
            } finally {
                // SIGTERM through the handle: Process.destroy would also close the output the reader is reading.
                agent.process.toHandle().destroy();
                assertTrue(agent.process.waitFor(30, TimeUnit.SECONDS), "the agent stops on SIGTERM: " + agent);
                origin.stop(0);
            }
        }
    }
}
