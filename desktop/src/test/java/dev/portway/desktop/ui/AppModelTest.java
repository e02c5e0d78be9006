// The app's models against a real server: sign-in, sockets and tunnels, switch rules, taking a tunnel over from
// another agent, share port, a tunnel's Host header, tray state, sign-out, autostart.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.AgentListener;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelAgent;
import dev.portway.agent.engine.TunnelLauncher;
import dev.portway.agent.engine.ApiClient;
import dev.portway.desktop.system.Autostart;
import dev.portway.agent.engine.LocalAccount;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.SystemTheme;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.signin.LocalServer;
import dev.portway.desktop.ui.sockets.SocketModel;
import dev.portway.desktop.ui.sockets.SwitchesModel;
import dev.portway.desktop.ui.tray.TrayModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.server.ServerTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.AccountLimits;
import dev.portway.protocol.api.CreateSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppModelTest extends ServerTestCase {
    String api;
    AppModel model;
    SettingsStore store;
    Autostart autostart;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(TestServers.config(dir.resolve("server")));
        api = "http://127.0.0.1:" + server.config().apiPort();
        store = new SettingsStore(dir.resolve("cfg/portway/config.json"));
        autostart = new Autostart(Os.LINUX, dir.resolve("home"), Map.of(), List.of("portway", "app"));
        // Network calls and model updates both run on the calling thread: each command completes before it returns.
        model = new AppModel(store, autostart, Runnable::run, Runnable::run);
    }

    @AfterEach
    void stop() {
        model.shutdown();
    }

    /** What a dialog was told back. */
    static final class Told implements Reply {
        boolean done;
        String failed;

        @Override
        public void done() {
            done = true;
        }

        @Override
        public void failed(String why) {
            failed = why;
        }
    }

    private TunnelModel socketWithTunnel() {
        model.signIn().createAccount(api, "m@example.com", "password1");
        model.sockets().createSocket(new CreateSocket("web", "http"), new Told());
        model.sockets().createTunnel(model.sockets().selectedSocketProperty().get());
        return model.sockets().selectedSocketProperty().get().tunnels().get(0);
    }

    /** socketWithTunnel, switched on toward a free port, once it is online. */
    private TunnelModel onlineTunnel() {
        TunnelModel t = socketWithTunnel();
        t.portProperty().set(TestServers.freeRange(1));
        model.switches().setOn(t, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
        return t;
    }

    private String banner() {
        return model.banner().messageProperty().get();
    }

    @Test
    void signedInTheAppServesItsInspectorOnLoopbackAndSignedOutItStops() throws Exception {
        assertNull(model.inspectors().urlProperty().get(), "no page before a sign-in");
        assertNull(model.tray().inspectorProperty().get(), "the tray's Open inspector in browser is disabled");
        model.signIn().createAccount(api, "i@example.com", "password1");
        String url = model.inspectors().urlProperty().get();
        assertTrue(url != null && url.matches("http://127\\.0\\.0\\.1:\\d+/"), url);
        assertEquals(url, model.tray().inspectorProperty().get(), "the tray menu opens the page");
        var http = java.net.http.HttpClient.newHttpClient();
        var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/exchanges")).build();
        var answer = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().replace(" ", "").contains("\"exchanges\":[]"), answer.body());
        assertTrue(model.inspectors().watched(), "an API call counts as someone looking: the tunnels capture");

        model.signOut();
        assertNull(model.inspectors().urlProperty().get());
        assertNull(model.tray().inspectorProperty().get());
        // The port is let go: it can be bound again (a request to it once hung here, with no timeout, when this
        // ran after the app's UI tests in one JVM).
        try (ServerSocket again = new ServerSocket(java.net.URI.create(url).getPort(), 1,
                InetAddress.getByName("127.0.0.1"))) {
            assertTrue(again.isBound());
        }
    }

    @Test
    void signInShowsErrorsInPlainWordsThenSucceeds() {
        model.signIn().signIn("http://127.0.0.1:1", "a@example.com", "password1");
        assertFalse(model.signedInProperty().get());
        String error = model.signIn().errorProperty().get();
        assertTrue(error.startsWith("cannot reach the server"), error);
        model.signIn().createAccount(api, "a@example.com", "password1");
        assertTrue(model.signedInProperty().get());
        assertNull(model.signIn().errorProperty().get());
        assertEquals("a@example.com on " + api, model.accountProperty().get());
        assertEquals(api, store.load().server());
    }

    @Test
    void theSwitchChecksItsPortAndRefusesAPortAlreadyExposed() throws Exception {
        TunnelModel first = socketWithTunnel();
        model.sockets().createTunnel(model.sockets().selectedSocketProperty().get());
        TunnelModel second = model.sockets().selectedSocketProperty().get().tunnels().get(1);
        first.portProperty().set(0);
        model.switches().setOn(first, true);
        assertFalse(first.onProperty().get());
        assertTrue(banner().contains("between 1 and 65535"), banner());
        int port = TestServers.freeRange(1);
        first.portProperty().set(port);
        model.switches().setOn(first, true);
        assertTrue(first.onProperty().get());
        await().atMost(Duration.ofSeconds(20)).until(() -> first.statusProperty().get() == AgentStatus.ONLINE);
        assertEquals(TrayModel.State.ALL_ONLINE, model.tray().stateProperty().get());
        second.portProperty().set(port);
        model.switches().setOn(second, true);
        assertFalse(second.onProperty().get());
        assertEquals("Port " + port + " is already exposed by another tunnel.", banner());
        assertTrue(store.load().tunnels().get(0).on(), "a switch that is on is remembered");
        model.switches().setOn(first, false);
        assertEquals(TrayModel.State.OFF, model.tray().stateProperty().get());
        assertFalse(store.load().tunnels().get(0).on());
    }

    /** The last status an agent reported. */
    static final class LastStatus implements AgentListener {
        volatile AgentStatus status;
        volatile String detail;

        @Override
        public void onStatus(AgentStatus s, String d) {
            status = s;
            detail = d;
        }
    }

    @Test
    void switchingOnATunnelAnotherAgentRunsAsksFirstAndTakesItOverOnlyIfTold() throws Exception {
        TunnelModel t = socketWithTunnel();
        ApiClient cli = new ApiClient(api, null);
        cli = cli.withToken(cli.login("m@example.com", "password1").token());
        int port = TestServers.freeRange(1);
        LastStatus other = new LastStatus();
        // Another agent connects the tunnel, as "portway tunnel connect" would.
        try (TunnelAgent agent = TunnelLauncher.launch(cli, t.socketId(), t.tunnelId(),
                new LocalTarget("127.0.0.1", port), other)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> other.status == AgentStatus.ONLINE);
            String host = cli.tunnel(t.socketId(), t.tunnelId()).agentHost();
            model.sockets().refresh();
            assertTrue(t.whereProperty().get().startsWith("online via another agent (" + host + ", since "),
                    t.whereProperty().get());

            List<String> asked = new CopyOnWriteArrayList<>();
            model.switches().onTakeOver((x, h) -> {
                asked.add(x.tunnelId() + " from " + h);
                return false;
            });
            t.portProperty().set(port);
            model.switches().setOn(t, true);
            assertEquals(List.of(t.tunnelId() + " from " + host), asked);
            assertFalse(t.onProperty().get(), "Cancel leaves it off");
            assertEquals(AgentStatus.ONLINE, other.status, "and the other agent alone");
            assertEquals("online", cli.tunnel(t.socketId(), t.tunnelId()).status());
            assertFalse(store.load().tunnels().stream().anyMatch(s -> s.tunnelId().equals(t.tunnelId()) && s.on()));

            model.switches().onTakeOver((x, h) -> true);
            model.switches().setOn(t, true);
            assertTrue(t.onProperty().get());
            await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
            await().atMost(Duration.ofSeconds(20)).until(() -> other.status == AgentStatus.ERROR);
            assertTrue(other.detail.startsWith("replaced by another agent: the tunnel's credential was renewed"),
                    other.detail);
            assertEquals("online here", t.whereProperty().get());
        }
    }

    @Test
    void aTunnelAnotherAgentRunsShowsItsRealPortAndIsTakenOverOnIt() throws Exception {
        TunnelModel mine = socketWithTunnel();
        model.sockets().createTunnel(model.sockets().selectedSocketProperty().get());
        TunnelModel t = model.sockets().selectedSocketProperty().get().tunnels().get(1);
        // This app exposes its default port already (nothing need listen there for the switch to hold).
        assertEquals(8000, mine.portProperty().get());
        model.switches().setOn(mine, true);
        assertTrue(mine.onProperty().get());
        ApiClient cli = new ApiClient(api, null);
        cli = cli.withToken(cli.login("m@example.com", "password1").token());
        try (ServerSocket local = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = local.getLocalPort();
            LastStatus other = new LastStatus();
            try (TunnelAgent agent = TunnelLauncher.launch(cli, t.socketId(), t.tunnelId(),
                    new LocalTarget("127.0.0.1", port), other)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> other.status == AgentStatus.ONLINE);
                assertEquals("127.0.0.1:" + port, cli.tunnel(t.socketId(), t.tunnelId()).localTarget(),
                        "the API shows where the other agent relays to");
                model.sockets().refresh();
                assertEquals("127.0.0.1", t.hostProperty().get());
                assertEquals(port, t.portProperty().get(), "the row shows the agent's port, not 8000");
                List<TrayModel.Item> items = model.tray().itemsProperty().get();
                assertTrue(items.stream().anyMatch(i -> i.label().endsWith(" · " + t.shortId() + " → 127.0.0.1:"
                        + port)), items.toString());

                model.switches().onTakeOver((x, h) -> true);
                model.switches().setOn(t, true);
                assertTrue(t.onProperty().get(), "taken over on the reported port: " + banner());
                await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
                assertTrue(store.load().tunnels().stream().anyMatch(s -> s.tunnelId().equals(t.tunnelId())
                        && s.port() == port && s.on()), "and remembered with it");
            }
        }
    }

    @Test
    void aTunnelThatWasOnIsNotTakenOverAtStartFromAnotherAgent() throws Exception {
        TunnelModel t = onlineTunnel();
        int port = t.portProperty().get();
        model.shutdown();
        ApiClient cli = new ApiClient(api, null);
        cli = cli.withToken(cli.login("m@example.com", "password1").token());
        LastStatus other = new LastStatus();
        try (TunnelAgent agent = TunnelLauncher.launch(cli, t.socketId(), t.tunnelId(),
                new LocalTarget("127.0.0.1", port), other)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> other.status == AgentStatus.ONLINE);
            AppModel next = new AppModel(store, autostart, Runnable::run, Runnable::run);
            next.start(true);
            TunnelModel seen = next.sockets().tunnel(t.tunnelId()).orElseThrow();
            assertFalse(seen.onProperty().get(), "nobody was asked whether to take it over");
            assertTrue(next.banner().messageProperty().get().startsWith("Tunnel " + t.shortId()
                    + " was left off: it is online via another agent ("), next.banner().messageProperty().get());
            assertEquals(AgentStatus.ONLINE, other.status);
            next.shutdown();
        }
    }

    @Test
    void sharePortMakesATemporarySocketThatGoesAwayWhenSwitchedOff() throws Exception {
        model.signIn().createAccount(api, "s@example.com", "password1");
        Told told = new Told();
        model.switches().sharePort("127.0.0.1", 9, "http", null, told);
        assertTrue(told.done);
        assertEquals(1, model.sockets().sockets().size());
        TunnelModel t = model.sockets().sockets().get(0).tunnels().get(0);
        assertTrue(t.onProperty().get());
        assertEquals("share port 9", model.sockets().sockets().get(0).nameProperty().get());
        model.switches().setOn(t, false);
        ApiClient client = new ApiClient(api, null);
        String token = client.login("s@example.com", "password1").token();
        assertTrue(client.withToken(token).sockets().isEmpty());
    }

    @Test
    void sharePortAsTcpGivesAnAddressThatRelaysBytes() throws Exception {
        model.signIn().createAccount(api, "t@example.com", "password1");
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echoing = new Thread(() -> {
                try (Socket c = echo.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                } catch (IOException e) {
                    // The test fails on its own read if the echo is cut short.
                }
            });
            echoing.start();
            model.switches().sharePort("127.0.0.1", echo.getLocalPort(), "tcp", null, new Told());
            SocketModel s = model.sockets().sockets().get(0);
            assertEquals("tcp", s.typeProperty().get());
            assertTrue(s.rawProperty().get());
            String[] address = s.endpointProperty().get().split(":");
            assertEquals(s.dnsNameProperty().get(), address[0]);
            int port = Integer.parseInt(address[1]);
            assertEquals("nc 127.0.0.1 " + port, s.hintProperty().get(), "an echo service, not ssh");
            TunnelModel t = s.tunnels().get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
            try (Socket visitor = new Socket("127.0.0.1", port)) {
                visitor.setSoTimeout(20_000);
                visitor.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                visitor.shutdownOutput();
                assertEquals("ping", new String(visitor.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
            echoing.join(20_000);
            // The app's inspector page lists the tcp connection, as connect's does.
            String url = model.inspectors().urlProperty().get();
            var http = java.net.http.HttpClient.newHttpClient();
            var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/connections")).build();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                String body = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body()
                        .replace(" ", "");
                return body.contains("\"type\":\"tcp\"") && body.contains("\"state\":\"closed\"")
                        && body.contains("\"bytes_in\":4");
            });
        }
    }

    @Test
    void aNewSocketCarriesItsAccessSettingsAndRefusalsAreSaidPlainly() {
        model.signIn().createAccount(api, "p@example.com", "password1");
        model.sockets().createSocket(new CreateSocket("home", "https", true, "alice", "secret1",
                List.of("127.0.0.1", "10.0.0.0/8")), new Told());
        SocketModel web = model.sockets().selectedSocketProperty().get();
        assertEquals("password protected (user alice) · 2 allowed networks", web.accessProperty().get());
        assertFalse(web.rawProperty().get());
        assertTrue(web.endpointProperty().get().startsWith("https://"), web.endpointProperty().get());
        assertEquals("", web.hintProperty().get());

        model.sockets().createSocket(new CreateSocket("tls", "tls", null, null, null, List.of("192.168.1.0/24")),
                new Told());
        SocketModel tls = model.sockets().selectedSocketProperty().get();
        String dns = tls.dnsNameProperty().get();
        String tlsPort = tls.endpointProperty().get().substring(dns.length() + 1);
        assertEquals("openssl s_client -connect 127.0.0.1:" + tlsPort + " -servername " + dns,
                tls.hintProperty().get());
        assertEquals("only from 192.168.1.0/24", tls.accessProperty().get());

        Told bad = new Told();
        model.sockets().createSocket(new CreateSocket("bad", "http", null, null, null, List.of("nowhere")), bad);
        assertFalse(bad.done);
        assertTrue(bad.failed.startsWith("\"nowhere\" is not an IP address or CIDR block"), bad.failed);
        Told ssh = new Told();
        model.sockets().createSocket(new CreateSocket("ssh", "tcp", true, "bob", "secret1", null), ssh);
        assertTrue(ssh.failed.startsWith("protection (Basic auth) is for http and https sockets"), ssh.failed);
        assertEquals(2, model.sockets().sockets().size());
    }

    @Test
    void connectAtLoginInstallsAndRemovesTheEntry() {
        model.preferences().setConnectAtLogin(true);
        assertTrue(autostart.isInstalled());
        assertTrue(store.load().connectAtLogin());
        model.preferences().setConnectAtLogin(false);
        assertFalse(autostart.isInstalled());
        assertFalse(model.preferences().connectAtLoginProperty().get());
    }

    @Test
    void resumeSignsInWithTheSavedTokenAndRestoresTunnelsThatWereOn() throws Exception {
        TunnelModel t = socketWithTunnel();
        int port = TestServers.freeRange(1);
        t.portProperty().set(port);
        model.switches().setOn(t, true);
        model.shutdown();
        AppModel next = new AppModel(store, autostart, Runnable::run, Runnable::run);
        next.start(true);
        assertTrue(next.signedInProperty().get());
        TunnelModel restored = next.sockets().sockets().get(0).tunnels().get(0);
        assertEquals(port, restored.portProperty().get());
        await().atMost(Duration.ofSeconds(20)).until(() -> restored.statusProperty().get() == AgentStatus.ONLINE);
        assertTrue(restored.onProperty().get());
        next.shutdown();
    }

    @Test
    void aTunnelsHostHeaderIsSavedReachesTheEngineAndIsRestored() throws Exception {
        TunnelModel t = socketWithTunnel();
        int port = TestServers.freeRange(1);
        t.portProperty().set(port);
        t.hostHeaderProperty().set(LocalTarget.REWRITE);
        model.switches().setOn(t, true);
        // The engine (TunnelManager.start) remembers the target it was given, to restore it at the next start.
        assertEquals(new LocalTarget("localhost", port, LocalTarget.REWRITE), store.load().tunnels().get(0).target());
        await().atMost(Duration.ofSeconds(20)).until(() -> t.statusProperty().get() == AgentStatus.ONLINE);
        model.switches().setOn(t, false);
        assertEquals(LocalTarget.REWRITE, store.load().tunnels().get(0).hostHeader(), "kept while off");
        t.hostHeaderProperty().set("app.local:3000");
        model.switches().setOn(t, true);
        model.shutdown();

        AppModel next = new AppModel(store, autostart, Runnable::run, Runnable::run);
        next.start(true);
        TunnelModel restored = next.sockets().sockets().get(0).tunnels().get(0);
        assertEquals("app.local:3000", restored.hostHeaderProperty().get());
        assertEquals(new LocalTarget("localhost", port, "app.local:3000"), store.load().tunnels().get(0).target());
        next.shutdown();
    }

    @Test
    void aShareCarriesItsHostHeader() throws Exception {
        model.signIn().createAccount(api, "h@example.com", "password1");
        int port = TestServers.freeRange(1);
        Told told = new Told();
        model.switches().sharePort("127.0.0.1", port, "http", LocalTarget.REWRITE, told);
        assertTrue(told.done, told.failed);
        TunnelModel t = model.sockets().selectedTunnelProperty().get();
        assertEquals(LocalTarget.REWRITE, t.hostHeaderProperty().get());
        assertEquals(new LocalTarget("127.0.0.1", port, LocalTarget.REWRITE), store.load().tunnels().get(0).target());
    }

    @Test
    void aFailedShareLeavesNoSocketBehind() throws Exception {
        // A server that lets a socket be made but no tunnel for it: the share fails half way.
        server.close();
        server = servers.start(TestServers.config(dir.resolve("strict"))
                .withQuotas(new AccountLimits(100, 0)));
        api = "http://127.0.0.1:" + server.config().apiPort();
        model.signIn().createAccount(api, "f@example.com", "password1");
        Told told = new Told();
        model.switches().sharePort("127.0.0.1", 8000, "http", null, told);
        assertFalse(told.done);
        assertTrue(told.failed.contains("may have 0 tunnels"), told.failed);
        assertTrue(model.sockets().sockets().isEmpty());
        ApiClient client = new ApiClient(api, null);
        assertTrue(client.withToken(client.login("f@example.com", "password1").token()).sockets().isEmpty(),
                "the socket made for the share is deleted again");
    }

    @Test
    void aShareOfBadInputOrOfAPortInUseIsRefusedBeforeAnythingIsMade() throws Exception {
        TunnelModel t = socketWithTunnel();
        int port = TestServers.freeRange(1);
        t.hostProperty().set("127.0.0.1");
        t.portProperty().set(port);
        model.switches().setOn(t, true);
        SwitchesModel switches = model.switches();
        assertEquals("\"web\" is not a port: type a number between 1 and 65535.", switches.checkShare("localhost",
                "web", "http"));
        assertEquals("There is no port 0: type a number between 1 and 65535.",
                switches.checkShare("localhost", "0", "http"));
        assertEquals("There is no port 70000: type a number between 1 and 65535.",
                switches.checkShare("localhost", " 70000 ", "http"));
        assertEquals("Type the local host, e.g. localhost.", switches.checkShare(" ", "8000", "http"));
        assertNull(switches.checkShare("localhost", "8000", "http"));
        Told told = new Told();
        switches.sharePort("127.0.0.1", port, "http", null, told);
        assertEquals("Port " + port + " is already exposed by another tunnel.", told.failed);
        assertEquals(1, model.sockets().sockets().size(), "no second socket");
    }

    /**
     * A UDP port is a port of its own: a udp share of the number an http tunnel exposes is made (a udp socket with
     * its udp_port, switched on), a second udp share of it is refused.
     */
    @Test
    void aUdpShareIsOfAUdpPortWhichATcpTunnelLeavesFree() throws Exception {
        TunnelModel web = socketWithTunnel();
        int port = TestServers.freeRange(1);
        web.hostProperty().set("127.0.0.1");
        web.portProperty().set(port);
        model.switches().setOn(web, true);
        SwitchesModel switches = model.switches();
        assertEquals("Port " + port + " is already exposed by another tunnel.",
                switches.checkShare("127.0.0.1", Integer.toString(port), "tcp"));
        assertNull(switches.checkShare("127.0.0.1", Integer.toString(port), "udp"));
        Told told = new Told();
        switches.sharePort("127.0.0.1", port, "udp", null, told);
        assertTrue(told.done, told.failed);
        TunnelModel shared = model.sockets().selectedTunnelProperty().get();
        SocketModel udp = model.sockets().socket(shared.socketId()).orElseThrow();
        assertEquals("udp", udp.typeProperty().get());
        assertTrue(shared.onProperty().get(), "switched on at once");
        assertTrue(udp.endpointProperty().get().matches(java.util.regex.Pattern.quote(udp.dnsNameProperty().get())
                + ":2\\d{4}"), udp.endpointProperty().get());
        assertEquals("UDP port " + port + " is already exposed by another tunnel.",
                switches.checkShare("127.0.0.1", Integer.toString(port), "udp"));
        await().atMost(Duration.ofSeconds(20)).until(() -> shared.statusProperty().get() == AgentStatus.ONLINE);
    }

    @Test
    void theSelectedTunnelFollowsANewSocketAndANewShare() {
        TunnelModel web = socketWithTunnel();
        assertEquals(web, model.sockets().selectedTunnelProperty().get());
        model.sockets().createSocket(new CreateSocket("empty", "http"), new Told());
        assertEquals("empty", model.sockets().selectedSocketProperty().get().nameProperty().get());
        assertNull(model.sockets().selectedTunnelProperty().get(), "the new socket has no tunnel to show");
        model.switches().sharePort("127.0.0.1", 9, "http", null, new Told());
        TunnelModel shared = model.sockets().selectedTunnelProperty().get();
        assertEquals("share port 9", model.sockets().socket(shared.socketId()).orElseThrow().nameProperty().get());
        assertEquals(model.sockets().selectedSocketProperty().get().socketId(), shared.socketId());
        model.sockets().selectSocket(model.sockets().socket(web.socketId()).orElseThrow());
        assertEquals(web, model.sockets().selectedTunnelProperty().get());
    }

    @Test
    void signOutTurnsTheTrayGreyAndEmptyAndForgetsTheToken() throws Exception {
        TunnelModel t = onlineTunnel();
        assertEquals(TrayModel.State.ALL_ONLINE, model.tray().stateProperty().get());
        assertEquals(1, model.tray().itemsProperty().get().size());
        assertTrue(model.switches().anyOn());

        model.signOut();
        assertFalse(model.signedInProperty().get());
        assertEquals(TrayModel.State.OFF, model.tray().stateProperty().get());
        assertEquals(List.of(), model.tray().itemsProperty().get());
        assertTrue(model.sockets().sockets().isEmpty());
        assertFalse(model.switches().anyOn());
        assertNull(store.load().token());
        ApiClient client = new ApiClient(api, null);
        String token = client.login("m@example.com", "password1").token();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.withToken(token).sockets().get(0).tunnels().get(0)
                .status().equals(dev.portway.protocol.api.TunnelInfo.OFFLINE));
    }

    @Test
    void aReplyThatArrivesAfterSignOutIsDropped() {
        socketWithTunnel();
        // Background work waits in a queue until the test lets it run.
        Deque<Runnable> queued = new ArrayDeque<>();
        AppModel held = new AppModel(store, autostart, queued::add, Runnable::run);
        held.start(true);
        runAll(queued);
        assertTrue(held.signedInProperty().get());
        assertEquals(1, held.sockets().sockets().size());
        held.sockets().refresh();
        held.signOut();
        runAll(queued);
        assertTrue(held.sockets().sockets().isEmpty(), "the list of the signed-out account stays empty");
        assertEquals(List.of(), held.tray().itemsProperty().get());
        assertNull(held.banner().messageProperty().get());
    }

    private static void runAll(Deque<Runnable> queued) {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    @Test
    void aServerTypedWithoutSchemeIsPlainHttp() {
        String typed = "127.0.0.1:" + server.config().apiPort();
        model.signIn().createAccount(typed, "noscheme@example.com", "password1");
        assertTrue(model.signedInProperty().get(), model.signIn().errorProperty().get());
        assertEquals("noscheme@example.com on http://" + typed, model.accountProperty().get());
        assertEquals("http://" + typed, store.load().server());
    }

    @Test
    void afterSignOutTheLocalServerOfUpSignsInAgain() throws Exception {
        Path account = dir.resolve("server/local-account.json");
        // As "portway up" does before it opens the app.
        LocalAccount.signIn(new ApiClient(api, null), account, store);
        AppModel up = new AppModel(store, autostart, new SystemTheme(Os.LINUX, c -> Optional.empty()),
                new LocalServer(api, account), Runnable::run, Runnable::run);
        assertTrue(up.signIn().hasLocalServer());
        assertFalse(model.signIn().hasLocalServer());
        up.start(true);
        assertEquals("me@portway.localhost on " + api, up.accountProperty().get());
        up.signOut();
        assertFalse(up.signedInProperty().get());
        up.signIn().useLocalServer();
        assertTrue(up.signedInProperty().get());
        assertEquals("me@portway.localhost on " + api, up.accountProperty().get());
        assertEquals(api, store.load().server());
        up.shutdown();
    }
}
