// The app model against a real server: sign-in, sockets and tunnels, switch rules, share port, tray state, autostart.
package dev.portway.desktop.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.desktop.system.Autostart;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.server.PortwayServer;
import dev.portway.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppModelTest {
    @TempDir
    Path dir;
    PortwayServer server;
    String api;
    AppModel model;
    SettingsStore store;
    Autostart autostart;

    @BeforeEach
    void start() throws Exception {
        server = PortwayServer.start(new ServerConfig(dir.resolve("server"), "localhost", "127.0.0.1", 0, 0, 0, 0,
                "20000-20999", true, Duration.ofSeconds(5), Duration.ofSeconds(15)));
        api = "http://127.0.0.1:" + server.config().apiPort();
        store = new SettingsStore(dir.resolve("cfg/portway/config.json"));
        autostart = new Autostart(Autostart.Platform.LINUX, dir.resolve("home"), Map.of(), List.of("portway", "app"));
        // Network calls and model updates both run on the calling thread: each command completes before it returns.
        model = new AppModel(store, autostart, Runnable::run, Runnable::run);
    }

    @AfterEach
    void stop() {
        model.shutdown();
        server.close();
    }

    private TunnelModel socketWithTunnel() {
        model.createAccount(api, "m@example.com", "password1");
        model.createSocket(new CreateSocket("web", "http"));
        model.createTunnel(model.selectedSocketProperty().get());
        return model.selectedSocketProperty().get().tunnels().get(0);
    }

    @Test
    void signInShowsErrorsInPlainWordsThenSucceeds() {
        model.signIn("http://127.0.0.1:1", "a@example.com", "password1");
        assertFalse(model.signedInProperty().get());
        assertTrue(model.errorProperty().get().startsWith("cannot reach the server"), model.errorProperty().get());
        model.createAccount(api, "a@example.com", "password1");
        assertTrue(model.signedInProperty().get());
        assertNull(model.errorProperty().get());
        assertEquals("a@example.com on " + api, model.accountProperty().get());
        assertEquals(api, store.load().server());
    }

    @Test
    void theSwitchChecksItsPortAndRefusesAPortAlreadyExposed() throws Exception {
        TunnelModel first = socketWithTunnel();
        model.createTunnel(model.selectedSocketProperty().get());
        TunnelModel second = model.selectedSocketProperty().get().tunnels().get(1);
        first.portProperty().set(0);
        model.setOn(first, true);
        assertFalse(first.onProperty().get());
        assertTrue(model.errorProperty().get().contains("between 1 and 65535"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        first.portProperty().set(port);
        model.setOn(first, true);
        assertTrue(first.onProperty().get());
        await().atMost(Duration.ofSeconds(20)).until(() -> first.statusProperty().get() == AgentStatus.ONLINE);
        assertEquals(AppModel.TrayState.ALL_ONLINE, model.trayStateProperty().get());
        second.portProperty().set(port);
        model.setOn(second, true);
        assertFalse(second.onProperty().get());
        assertEquals("Port " + port + " is already exposed by another tunnel.", model.errorProperty().get());
        assertTrue(store.load().tunnels().get(0).on(), "a switch that is on is remembered");
        model.setOn(first, false);
        assertEquals(AppModel.TrayState.OFF, model.trayStateProperty().get());
        assertFalse(store.load().tunnels().get(0).on());
    }

    @Test
    void sharePortMakesATemporarySocketThatGoesAwayWhenSwitchedOff() throws Exception {
        model.createAccount(api, "s@example.com", "password1");
        model.sharePort("127.0.0.1", 9, "http");
        assertEquals(1, model.sockets().size());
        TunnelModel t = model.sockets().get(0).tunnels().get(0);
        assertTrue(t.onProperty().get());
        assertEquals("share port 9", model.sockets().get(0).nameProperty().get());
        model.setOn(t, false);
        ApiClient client = new ApiClient(api, null);
        String token = client.login("s@example.com", "password1").token();
        assertTrue(client.withToken(token).sockets().isEmpty());
    }

    @Test
    void sharePortAsTcpGivesAnAddressThatRelaysBytes() throws Exception {
        model.createAccount(api, "t@example.com", "password1");
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echoing = new Thread(() -> {
                try (Socket c = echo.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                } catch (IOException e) {
                    // The test fails on its own read if the echo is cut short.
                }
            });
            echoing.start();
            model.sharePort("127.0.0.1", echo.getLocalPort(), "tcp");
            SocketModel s = model.sockets().get(0);
            assertEquals("tcp", s.typeProperty().get());
            assertTrue(s.rawProperty().get());
            String[] address = s.endpointProperty().get().split(":");
            assertEquals(s.dnsNameProperty().get(), address[0]);
            int port = Integer.parseInt(address[1]);
            assertEquals("ssh -p " + port + " user@127.0.0.1", s.hintProperty().get());
            TunnelModel t = s.tunnels().get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
            try (Socket visitor = new Socket("127.0.0.1", port)) {
                visitor.setSoTimeout(20_000);
                visitor.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                visitor.shutdownOutput();
                assertEquals("ping", new String(visitor.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            echoing.join(20_000);
        }
    }

    @Test
    void aNewSocketCarriesItsAccessSettingsAndRefusalsAreSaidPlainly() {
        model.createAccount(api, "p@example.com", "password1");
        model.createSocket(new CreateSocket("home", "https", true, "alice", "secret1",
                List.of("127.0.0.1", "10.0.0.0/8")));
        SocketModel web = model.selectedSocketProperty().get();
        assertEquals("password protected (user alice) · 2 allowed networks", web.accessProperty().get());
        assertFalse(web.rawProperty().get());
        assertTrue(web.endpointProperty().get().startsWith("https://"), web.endpointProperty().get());
        assertEquals("", web.hintProperty().get());

        model.createSocket(new CreateSocket("tls", "tls", null, null, null, List.of("192.168.1.0/24")));
        SocketModel tls = model.selectedSocketProperty().get();
        String dns = tls.dnsNameProperty().get();
        String tlsPort = tls.endpointProperty().get().substring(dns.length() + 1);
        assertEquals("openssl s_client -connect 127.0.0.1:" + tlsPort + " -servername " + dns,
                tls.hintProperty().get());
        assertEquals("only from 192.168.1.0/24", tls.accessProperty().get());

        model.createSocket(new CreateSocket("bad", "http", null, null, null, List.of("nowhere")));
        assertTrue(model.errorProperty().get().startsWith("\"nowhere\" is not an IP address or CIDR block"),
                model.errorProperty().get());
        model.createSocket(new CreateSocket("ssh", "tcp", true, "bob", "secret1", null));
        assertTrue(model.errorProperty().get().startsWith("protection (Basic auth) is for http and https sockets"),
                model.errorProperty().get());
        assertEquals(2, model.sockets().size());
    }

    @Test
    void connectAtLoginInstallsAndRemovesTheEntry() {
        model.setConnectAtLogin(true);
        assertTrue(autostart.isInstalled());
        assertTrue(store.load().connectAtLogin());
        model.setConnectAtLogin(false);
        assertFalse(autostart.isInstalled());
        assertFalse(model.connectAtLoginProperty().get());
    }

    @Test
    void resumeSignsInWithTheSavedTokenAndRestoresTunnelsThatWereOn() throws Exception {
        TunnelModel t = socketWithTunnel();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        t.portProperty().set(port);
        model.setOn(t, true);
        model.shutdown();
        AppModel next = new AppModel(store, autostart, Runnable::run, Runnable::run);
        next.resume(true);
        assertTrue(next.signedInProperty().get());
        TunnelModel restored = next.sockets().get(0).tunnels().get(0);
        assertEquals(port, restored.portProperty().get());
        await().atMost(Duration.ofSeconds(20)).until(() -> restored.statusProperty().get() == AgentStatus.ONLINE);
        assertTrue(restored.onProperty().get());
        next.shutdown();
    }
}
