// The server's package as an operator installs it, for real, as root (CI runs as root): dpkg -i makes the portway
// system user, owner-only data and settings, a unit systemd accepts; the installed launcher, run as that user with the
// installed settings as systemd would start it, serves; an upgrade keeps the settings' edits; dpkg -r keeps settings,
// data and user, dpkg -P takes them too.
package dev.portway.installers.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.service.JvmOptions;
import dev.portway.installers.Dpkg;
import dev.portway.installers.Dpkg.Result;
import dev.portway.protocol.Version;
import dev.portway.server.CliProcess;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("process")
class ServerDebTest {
    private static final String PACKAGE = "portway-server";
    private static final Path HOME = Path.of(ServerDist.INSTALL_DIR);
    private static final Path UNIT = Path.of("/lib/systemd/system/portway-server.service");
    private static final Path DROP_IN = Path.of("/lib/systemd/system/portway-server.service.d/package.conf");
    private static final Path WANTED = Path.of("/etc/systemd/system/multi-user.target.wants/portway-server.service");
    private static final Path SETTINGS = Path.of("/etc/portway/portway-server.env");
    private static final Path DATA = Path.of("/var/lib/portway");
    /** systemd's PATH for services: the installed launcher finds the system's java there, as under systemd. */
    private static final String SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static Path deb;
    /** Set once it is sure that a server installed from now on is this test's own, to purge. */
    static boolean installedHere;

    @BeforeAll
    static void clean() throws Exception {
        Dpkg.assumeRoot();
        Path packages = Path.of(System.getProperty("portway.packages", "target"));
        try (Stream<Path> files = Files.list(packages)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("portway-server_.*\\.deb"))
                    .toList();
            assertEquals(1, debs.size(), "one server package in " + packages + ": " + debs);
            deb = debs.get(0);
        }
        // A server installed here is someone's, with its data: never replace or purge it. (A run killed half-way
        // leaves one too; then the message says what to do.)
        String leftover = " is on this machine, and this test would purge it; if an interrupted run left it: "
                + "dpkg -P portway-server";
        assertEquals("", Dpkg.status(PACKAGE), PACKAGE + leftover);
        assertFalse(Files.exists(DATA, LinkOption.NOFOLLOW_LINKS), DATA + leftover);
        installedHere = true;
    }

    @AfterAll
    static void purge() throws Exception {
        if (installedHere) {
            Dpkg.purge(PACKAGE);
        }
    }

    @Test
    void installsAsAServiceOfItsOwnUserServesAndPurgesCleanly() throws Exception {
        Result fields = Dpkg.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Depends"), Map.of());
        assertTrue(fields.out().contains("Package: portway-server\n"), fields.out());
        assertTrue(fields.out().contains("Version: " + Version.PRODUCT + "-1\n"), fields.out());
        assertTrue(fields.out().contains("java17-runtime-headless"), "a Java 17 runtime: " + fields.out());

        Result installed = Dpkg.dpkg("-i", deb.toString());
        assertEquals(0, installed.code(), installed.toString());
        assertEquals("install ok installed", Dpkg.status(PACKAGE));

        // The system user, without a login; data and settings for their owner only.
        String[] user = Dpkg.run(List.of("getent", "passwd", "portway"), Map.of()).out().strip().split(":");
        assertEquals(7, user.length, String.join(":", user));
        assertTrue(Integer.parseInt(user[2]) < 1000, "a system user: " + String.join(":", user));
        assertEquals(List.of("/var/lib/portway", "/usr/sbin/nologin"), List.of(user[5], user[6]));
        assertOwnerModes(DATA, "portway", "rwx------");
        assertOwnerModes(SETTINGS.getParent(), "root", "rwx------");
        assertOwnerModes(SETTINGS, "root", "rw-------");
        Result conffiles = Dpkg.run(List.of("dpkg-query", "-W", "-f=${Conffiles}", PACKAGE), Map.of());
        assertTrue(conffiles.out().contains(SETTINGS.toString()), "the settings are a conffile: " + conffiles);
        assertEquals(HOME.resolve("bin/portway-server"), Files.readSymbolicLink(Path.of("/usr/bin/portway-server")));

        // systemd accepts the unit with the package's drop-in, and runs it as portway.
        Result verify = Dpkg.run(List.of("systemd-analyze", "verify", UNIT.toString()), Map.of());
        assertEquals(0, verify.code(), verify.toString());
        assertEquals("", verify.out() + verify.err(), "not even a warning");
        UnitFile dropIn = UnitFile.read(DROP_IN);
        assertEquals(List.of("no", "portway", "portway"), List.of(dropIn.one("Service.DynamicUser"),
                dropIn.one("Service.User"), dropIn.one("Service.Group")));

        // "systemctl enable" needs no running systemd: it links the unit for boot; removing the package unlinks it.
        Result enabled = Dpkg.run(List.of("systemctl", "enable", PACKAGE), Map.of());
        assertEquals(0, enabled.code(), enabled.toString());
        assertEquals(UNIT, Files.readSymbolicLink(WANTED));

        serveAsTheUnitWould();

        // Installing over it (an upgrade) keeps the operator's settings, the data and its owner.
        Files.writeString(SETTINGS, Files.readString(SETTINGS).replace("PORTWAY_DOMAIN=example.com",
                "PORTWAY_DOMAIN=tunnels.example.org"));
        Result again = Dpkg.dpkg("-i", deb.toString());
        assertEquals(0, again.code(), again.toString());
        assertTrue(Files.readString(SETTINGS).contains("\nPORTWAY_DOMAIN=tunnels.example.org\n"));
        assertOwnerModes(SETTINGS, "root", "rw-------");
        assertOwnerModes(DATA.resolve("portway.db"), "portway", null);
        assertOwnerModes(DATA, "portway", "rwx------");

        Result removed = Dpkg.dpkg("-r", PACKAGE);
        assertEquals(0, removed.code(), removed.toString());
        assertEquals("deinstall ok config-files", Dpkg.status(PACKAGE));
        for (Path gone : List.of(HOME, Path.of("/usr/bin/portway-server"), UNIT, DROP_IN, WANTED)) {
            assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " is left after dpkg -r");
        }
        // A removal keeps what the operator made: settings, data, the user owning it.
        assertTrue(Files.exists(SETTINGS) && Files.exists(DATA.resolve("portway.db")));
        assertEquals(0, Dpkg.run(List.of("getent", "passwd", "portway"), Map.of()).code());

        Result purged = Dpkg.dpkg("-P", PACKAGE);
        assertEquals(0, purged.code(), purged.toString());
        assertEquals("", Dpkg.status(PACKAGE));
        for (Path gone : List.of(SETTINGS.getParent(), DATA)) {
            assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " is left after dpkg -P");
        }
        assertEquals(2, Dpkg.run(List.of("getent", "passwd", "portway"), Map.of()).code(), "the user is gone");
        assertEquals(2, Dpkg.run(List.of("getent", "group", "portway"), Map.of()).code(), "the group is gone");
    }

    /**
     * The unit's command, folder and environment (its Environment= and the installed settings, read as root as
     * systemd reads them), run as the portway user; systemd is not PID 1 here, so setpriv drops to the user. Only the
     * addresses differ from the settings: loopback, and ports the system picks, instead of 80 and 443.
     */
    private static void serveAsTheUnitWould() throws Exception {
        UnitFile unit = UnitFile.read(UNIT);
        Map<String, String> env = unit.environment(path -> path);
        assertEquals("example.com", env.get("PORTWAY_DOMAIN"), "the installed settings are read");
        env.putAll(Map.of("PORTWAY_BIND", "127.0.0.1", "PORTWAY_API_PORT", "0", "PORTWAY_HTTP_PORT", "0",
                "PORTWAY_HTTPS_PORT", "0", "PORTWAY_TUNNEL_PORT", "0", "PATH", SYSTEMD_PATH));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=portway", "--regid=portway",
                "--init-groups", "--"));
        command.add(unit.one("Service.ExecStart"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of(unit.one("Service.WorkingDirectory"))
                .toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try (CliProcess server = CliProcess.start(pb)) {
            server.line("ready");
            assertEquals("data    " + DATA, server.line("data "));
            String api = server.line("api ").split("\\s+")[1].replace("/api/v1", "");
            try (Response ready = new OkHttpClient().newCall(new Request.Builder().url(api + "/readyz").build())
                    .execute()) {
                assertEquals(200, ready.code(), ready.body().string());
            }
            // setpriv and the launcher exec'd: this is the server's JVM, as the portway user, with jvm.options.
            assertEquals("portway", Files.getOwner(Path.of("/proc", Long.toString(server.process.pid())))
                    .getName());
            List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(server.process.pid()),
                    "cmdline")).split("\0"));
            assertEquals(JvmOptions.of(Files.readString(HOME.resolve("lib/jvm.options")), Set.of("all", "server")),
                    args.subList(1, args.indexOf("-jar")), args.toString());
            assertOwnerModes(DATA.resolve("portway.db"), "portway", null);

            server.sigterm();
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), server.toString());
            assertEquals(0, server.process.exitValue(), server.toString());
        }
    }

    private static void assertOwnerModes(Path path, String owner, String modes) throws Exception {
        PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(owner, attrs.owner().getName(), path.toString());
        if (modes != null) {
            assertEquals(modes, PosixFilePermissions.toString(attrs.permissions()), path.toString());
        }
    }
}
