// The server tarball as an operator installs it: its contents and modes, and the server it holds started with the
// systemd unit's own command line and environment, serving a real tunnel to a real visitor, backed up while it runs,
// and stopped with SIGTERM as systemd stops it.
package dev.portway.installers.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.TestServers;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class ServerTarballTest {
    /** systemd's PATH for services; the JDK running the tests goes first, as "java on PATH" for the launcher. */
    private static final String SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @TempDir
    static Path dir;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = ServerDist.unpack(dir.resolve("unpacked"));
    }

    @Test
    void holdsTheJarLauncherSettingsUnitContainerfileAndGuide() throws Exception {
        Map<String, String> modes = new LinkedHashMap<>();
        try (var walk = Files.walk(home)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                modes.put(home.relativize(p).toString(),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        assertEquals(Map.of(
                "Containerfile", "rw-r--r--",
                "README.txt", "rw-r--r--",
                "bin/portway-server", "rwxr-xr-x",
                "deploy.md", "rw-r--r--",
                "etc/portway-server.env", "rw-r--r--",
                "lib/jvm.options", "rw-r--r--",
                "lib/portway-server.jar", "rw-r--r--",
                "systemd/portway-server.service", "rw-r--r--"), modes);
        String readme = Files.readString(home.resolve("README.txt"));
        assertTrue(readme.startsWith("Portway server " + ServerDist.version() + "\n"), readme);

        // The image is built from the unpacked folder: everything it copies must be in it.
        List<String> containerfile = Files.readAllLines(home.resolve("Containerfile"));
        List<String> copied = containerfile.stream().filter(l -> l.startsWith("COPY "))
                .map(l -> l.split("\\s+")[1]).toList();
        assertEquals(List.of("lib/", "bin/"), copied);
        copied.forEach(c -> assertTrue(Files.isDirectory(home.resolve(c)), c));
        assertTrue(containerfile.contains("USER 10001:10001"), "runs as a non-root user");
        assertTrue(containerfile.contains("VOLUME /var/lib/portway")
                && containerfile.contains("ENV PORTWAY_DATA=/var/lib/portway"), "the data dir is the volume");
        assertTrue(containerfile.contains("ENTRYPOINT [\"" + ServerDist.INSTALL_DIR + "/bin/portway-server\"]"));
    }

    @Test
    void servesATunnelStartedAsTheSystemdUnitStartsIt() throws Exception {
        UnitFile unit = UnitFile.read(home.resolve("systemd/portway-server.service"));
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        // Where the unit's absolute paths are in this test: the unpacked tarball, its example settings, a state dir.
        Map<String, String> installed = Map.of(
                ServerDist.INSTALL_DIR, home.toString(),
                "/etc/portway/portway-server.env", home.resolve("etc/portway-server.env").toString(),
                "/var/lib/portway", stateDir.toString());
        java.util.function.UnaryOperator<String> here = s -> installed.entrySet().stream()
                .filter(e -> s.startsWith(e.getKey())).findFirst()
                .map(e -> e.getValue() + s.substring(e.getKey().length())).orElse(s);
        List<String> command = Arrays.stream(unit.one("Service.ExecStart").split("\\s+")).map(here).toList();
        assertEquals(List.of(home.resolve("bin/portway-server").toString()), command);
        Map<String, String> env = unit.environment(here);
        assertEquals("/var/lib/portway", env.get("PORTWAY_DATA"), "the unit keeps its data in its StateDirectory");
        assertEquals("example.com", env.get("PORTWAY_DOMAIN"), "the example settings are read");
        env.replaceAll((k, v) -> here.apply(v));
        // Loopback only, and ports the system picks, instead of the example's 80 and 443.
        env.putAll(Map.of("PORTWAY_BIND", "127.0.0.1", "PORTWAY_API_PORT", "0", "PORTWAY_HTTP_PORT", "0",
                "PORTWAY_HTTPS_PORT", "0", "PORTWAY_TUNNEL_PORT", "0"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + SYSTEMD_PATH);

        HttpServer origin = TestServers.origin(ex -> "hello from the origin, asked for " + ex.getRequestURI());
        TunnelAgent agent = null;
        try (CliProcess server = CliProcess.start(systemdLike(command, env,
                here.apply(unit.one("Service.WorkingDirectory"))))) {
            server.line("ready");
            assertEquals("data    " + stateDir.toAbsolutePath().normalize(), server.line("data "));
            String api = server.line("api ").split("\\s+")[1].replace("/api/v1", "");

            ApiClient anonymous = new ApiClient(api, null);
            anonymous.signup("ops@example.com", "tarball-password");
            ApiClient client = anonymous.withToken(anonymous.login("ops@example.com", "tarball-password").token());
            SocketInfo socket = client.createSocket("web", "http");
            assertTrue(socket.dnsName().endsWith(".example.com"), socket.dnsName());
            String tunnelId = client.createTunnel(socket.socketId()).tunnelId();
            agent = TunnelLauncher.launch(client, socket.socketId(), tunnelId,
                    new LocalTarget("127.0.0.1", origin.getAddress().getPort()), new AgentListener() { });
            await().atMost(Duration.ofSeconds(30)).until(() -> client.tunnels(socket.socketId()).get(0).status()
                    .equals(TunnelInfo.ONLINE));

            // A visitor fetches the socket's public URL; its name resolves to this machine, as DNS would send it.
            OkHttpClient visitor = new OkHttpClient.Builder().dns(host -> List.of(InetAddress.getLoopbackAddress()))
                    .build();
            try (Response r = visitor.newCall(new Request.Builder().url(socket.url() + "page?x=1").build())
                    .execute()) {
                assertEquals(200, r.code());
                assertEquals("hello from the origin, asked for /page?x=1", r.body().string());
            }

            // The documented backup, through the tarball's launcher, next to the running server.
            Path backup = dir.resolve("portway-backup.db");
            CliProcess run = CliProcess.start(systemdLike(List.of(command.get(0), "backup", backup.toString()), env,
                    stateDir.toString()));
            assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, run.process.exitValue(), run.toString());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
                 ResultSet rs = c.createStatement().executeQuery("SELECT dns_name FROM sockets")) {
                assertTrue(rs.next());
                assertEquals(socket.dnsName(), rs.getString(1));
            }

            // systemd stops the service with SIGTERM: the launcher exec'd, so the server itself drains and ends.
            server.sigterm();
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), server.toString());
            assertEquals(0, server.process.exitValue(), server.toString());
            assertTrue(server.allLines().contains("stopped"), server.toString());
        } finally {
            if (agent != null) {
                agent.close();
            }
            origin.stop(0);
        }
    }

    @Test
    void theLauncherSaysInOneLineWhenThereIsNoJava() throws Exception {
        CliProcess run = CliProcess.start(systemdLike(List.of(home.resolve("bin/portway-server").toString(), "--help"),
                Map.of("PATH", dir.resolve("no-java").toString()), dir.toString()));
        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, run.process.exitValue());
        assertEquals(List.of("portway-server: no java found: install a Java 17 (or newer) runtime, or set JAVA_HOME"),
                run.allLines());
    }

    /** The command with only the given environment, in the given folder, as systemd starts a service. */
    private static ProcessBuilder systemdLike(List<String> command, Map<String, String> env, String workingDir) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(Path.of(workingDir).toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }
}
