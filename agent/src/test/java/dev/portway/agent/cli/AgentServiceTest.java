// The unattended agent: "agent add" writes a config with a tunnel credential, "agent --config" serves it in its own
// process with no account token, "agent install-service" writes a hardened unit that systemd accepts.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.agent.service.AgentConfig;
import dev.portway.agent.service.JvmOptions;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.server.CliProcess;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class AgentServiceTest extends ServerTestCase {
    HttpServer origin;
    String token;
    SocketInfo socket;
    TunnelInfo tunnel;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        // The API over TLS, as on a public server: the config must carry its certificate's fingerprint.
        server = servers.start(TestServers.config(dir.resolve("server")).withApiTls(true));
        origin = TestServers.origin(ex -> "hello from the service at home");
        ApiClient anonymous = new ApiClient(server.config().apiUrl(), null,
                new ServerTrust(KnownServers.inMemory(), server.fingerprint(), (s, fp) -> false));
        anonymous.signup("owner@example.com", "password1");
        token = anonymous.login("owner@example.com", "password1").token();
        ApiClient api = anonymous.withToken(token);
        socket = api.createSocket("home", "http");
        tunnel = api.createTunnel(socket.socketId());
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    private Result run(String home, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve(home).toString(),
                "PORTWAY_SERVER", server.config().apiUrl(), "PORTWAY_TOKEN", token);
        int code = Main.run(args, new Cli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), SettingsStore.standard(env)));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path addTunnel() throws Exception {
        Path config = dir.resolve("etc/agent.yml");
        Result added = run("owner", "agent", "add", "--config", config.toString(), "--socket", socket.socketId(),
                "--tunnel", tunnel.tunnelId(), "--port", Integer.toString(origin.getAddress().getPort()),
                "--name", "web");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains("portway agent --config " + config), added.out());
        return config;
    }

    @Tag("process")
    @Test
    void anUnattendedAgentServesItsConfigWithTheTunnelCredentialOnly() throws Exception {
        Path config = addTunnel();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        String yaml = Files.readString(config);
        assertTrue(yaml.contains("fingerprint: " + server.fingerprint()), yaml);
        assertTrue(yaml.contains("tunnel: " + tunnel.tunnelId()) && yaml.contains("credential: "), yaml);
        assertFalse(yaml.contains(token), "the account token stays with its owner");
        Files.writeString(config, yaml + "inspect_port: 0\n"); // any free port: the inspector, from the config

        // Its own JVM, no token, no saved sign-in, nothing trusted before: only the file.
        try (CliProcess agent = CliProcess.java(Main.class, Map.of("XDG_CONFIG_HOME",
                dir.resolve("service-home").toString()), "agent", "--config", config.toString())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    agent.lines.stream().anyMatch(l -> l.startsWith("web  online  http://")));
            String url = agent.lines.stream().filter(l -> l.startsWith("web  online")).findFirst().orElseThrow()
                    .split("\\s+")[2];
            OkHttpClient visitor = new OkHttpClient.Builder()
                    .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
            try (Response page = visitor.newCall(new Request.Builder().url(url).build()).execute()) {
                assertEquals("hello from the service at home", page.body().string());
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    agent.lines.stream().anyMatch(l -> l.startsWith("web  GET / 200")));
            String inspector = agent.line("inspect  http://127.0.0.1:").split("\\s+")[1];
            try (Response listed = visitor.newCall(new Request.Builder().url(inspector + "api/exchanges").build())
                    .execute()) {
                String body = listed.body().string();
                assertTrue(body.contains("\"method\":\"GET\",\"path\":\"/\",\"status\":200"), body);
            }
            agent.sigterm();
            assertTrue(agent.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), agent.output());
            // 128 + SIGTERM, as any JVM ends on that signal: the unit counts it as success (SuccessExitStatus).
            assertEquals(143, agent.process.exitValue(), agent.output());
            assertTrue(agent.lines.contains("web  stopped"), agent.output());
        }
    }

    /** A udp socket's tunnel in a config: the unattended agent takes it online and prints its udp address. */
    @Tag("process")
    @Test
    void anUnattendedAgentServesAUdpSocket() throws Exception {
        ApiClient api = new ApiClient(server.config().apiUrl(), token, new ServerTrust(KnownServers.inMemory(),
                server.fingerprint(), (s, fp) -> false));
        SocketInfo dns = api.createSocket("dns at home", "udp");
        TunnelInfo dnsTunnel = api.createTunnel(dns.socketId());
        Path config = dir.resolve("etc/dns.yml");
        Result added = run("owner", "agent", "add", "--config", config.toString(), "--socket", dns.socketId(),
                "--tunnel", dnsTunnel.tunnelId(), "--port", "53", "--name", "dns");
        assertEquals(0, added.code(), added.err());
        try (CliProcess agent = CliProcess.java(Main.class, Map.of("XDG_CONFIG_HOME",
                dir.resolve("service-home").toString()), "agent", "--config", config.toString())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    agent.lines.contains("dns  online  " + dns.url() + "  ->  localhost:53"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    agent.lines.contains("address  " + dns.address()));
            assertEquals("online", api.tunnel(dns.socketId(), dnsTunnel.tunnelId()).status());
            agent.sigterm();
            assertTrue(agent.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), agent.output());
        }
    }

    @Test
    void theConfigSaysWhereTheInspectorIsServedOrThatItIsNot() {
        String base = "server: https://portway.example.com:7070\ntunnels:\n- tunnel: t1\n  credential: c\n"
                + "  local: localhost:8000\n";
        AgentConfig on = AgentConfig.parse(base + "inspect_port: 4141\n");
        assertEquals(4141, on.inspectPort());
        assertEquals(on, AgentConfig.parse(on.toYaml()), "written back as read");
        assertEquals(Boolean.FALSE, AgentConfig.parse(base + "inspect: false\n").inspect());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.parse(base + "inspect_port: 70000\n"));
        assertTrue(bad.getMessage().startsWith("inspect_port: a port from 0 to 65535"), bad.getMessage());
    }

    @Test
    void agentAddKeepsTheHostHeaderInTheConfig() throws Exception {
        Path config = dir.resolve("etc/vite.yml");
        Result added = run("owner", "agent", "add", "--config", config.toString(), "--socket", socket.socketId(),
                "--tunnel", tunnel.tunnelId(), "--port", "5173", "--host-header", "rewrite");
        assertEquals(0, added.code(), added.err());
        assertTrue(added.out().contains(" -> localhost:5173 (Host rewritten)."), added.out());
        AgentConfig.Tunnel saved = AgentConfig.parse(Files.readString(config)).tunnels().get(0);
        assertEquals("rewrite", saved.hostHeader());
        assertEquals("localhost:5173", saved.target().hostHeaderValue());
    }

    @Test
    void aConfigOthersMayReadOrGetWrongIsRefusedInOneLine() throws Exception {
        Path config = addTunnel();
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Result open = run("owner", "agent", "--config", config.toString());
        assertEquals(1, open.code());
        assertEquals("portway: " + config + " holds tunnel credentials but others may read it: chmod 600 " + config,
                open.err().strip());

        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, Files.readString(config).replace("local:", "locl:"));
        Files.setPosixFilePermissions(typo, PosixFilePermissions.fromString("rw-------"));
        Result wrong = run("owner", "agent", "--config", typo.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().startsWith("portway: " + typo + ": unknown setting \"locl\" (line "), wrong.err());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.err());

        Result none = run("owner", "agent");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--config FILE"), none.err());
    }

    @Tag("process")
    @Test
    void theServiceUnitIsHardenedAndSystemdAcceptsIt() throws Exception {
        Path config = addTunnel();
        Path units = dir.resolve("units");
        Result installed = run("owner", "agent", "install-service", "--config", config.toString(), "--unit-dir",
                units.toString());
        assertEquals(0, installed.code(), installed.err());
        String unit = Files.readString(units.resolve("portway-agent.service"));
        for (String line : List.of("DynamicUser=yes", "StateDirectory=portway-agent", "ProtectSystem=strict",
                "NoNewPrivileges=yes", "Restart=on-failure", "SuccessExitStatus=143",
                "LoadCredential=agent.yml:" + config.toAbsolutePath(),
                "CapabilityBoundingSet=", "Environment=MALLOC_ARENA_MAX=2")) {
            assertTrue(unit.lines().anyMatch(line::equals), line + " in\n" + unit);
        }
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(exec.endsWith(" agent --config ${CREDENTIALS_DIRECTORY}/agent.yml"), exec);
        assertTrue(exec.startsWith("ExecStart=" + Path.of(System.getProperty("java.home"), "bin", "java")), exec);
        // Exactly the client's options of the source tree's jvm.options, which every launcher shares.
        List<String> words = List.of(exec.substring("ExecStart=".length()).split(" "));
        List<String> options = words.subList(1, words.indexOf(words.contains("-jar") ? "-jar" : "-cp"));
        assertEquals(JvmOptions.of(Files.readString(Path.of("..", "jvm.options")),
                Set.of("all", "client")), options, exec);
        assertTrue(options.contains("-XX:+UseSerialGC") && options.contains("-Xmx256m"), exec);

        Path analyze = Path.of("/usr/bin/systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd is not installed");
        Process verify = new ProcessBuilder(analyze.toString(), "verify",
                units.resolve("portway-agent.service").toString()).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, verify.waitFor(), said);
    }
}
