// "Share port…" sockets are temporary however the app ends: a SIGTERM (Ctrl-C, a logout, kill) deletes them as a quit
// does, and those of an app killed outright are deleted at its next start; by id, never by name.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.ui.sockets.SocketModel;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.ServerTestCase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
@Tag("process")
class ShareCleanupTest extends ServerTestCase {
    String api;
    Path settings;
    Process app;

    @BeforeEach
    void start() throws Exception {
        server = servers.start(dir.resolve("server"));
        api = TestApp.api(server);
        settings = dir.resolve("cfg/portway/config.json");
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The app's models in a second JVM, sharing port 8000; returns the socket it made. */
    private String share() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-cp",
                System.getProperty("java.class.path"), SharingApp.class.getName(), api, settings.toString(), "8000"));
        app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("shared ")) {
            said.add(line);
        }
        assertTrue(line != null, String.join("\n", said));
        // Keep reading, so the app never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return line.substring("shared ".length());
    }

    private ApiClient user() {
        ApiClient client = new ApiClient(api, null);
        return client.withToken(client.login("share@example.com", "password1").token());
    }

    private static List<String> ids(ApiClient client) {
        return client.sockets().stream().map(SocketInfo::socketId).toList();
    }

    @Test
    void aSigtermDeletesTheSharedSocket() throws Exception {
        String shared = share();
        ApiClient user = user();
        assertEquals(List.of(shared), ids(user));
        assertEquals(List.of(shared), new SettingsStore(settings).load().temporarySockets());

        app.destroy();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, app.exitValue(), "ended by the SIGTERM");
        assertEquals(List.of(), ids(user), "the share's socket is gone");
        assertEquals(List.of(), new SettingsStore(settings).load().temporarySockets(), "and forgotten");
    }

    @Test
    void theNextStartDeletesTheSharesOfAnAppKilledOutrightAndNoSocketOfTheSameName() throws Exception {
        String shared = share();
        app.destroyForcibly();
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        ApiClient user = user();
        assertEquals(List.of(shared), ids(user), "a SIGKILL leaves no chance to clean up");
        // Made by hand, with the name a share gives: not the app's to delete.
        String own = user.createSocket("share port 8000", "http").socketId();
        assertNotEquals(shared, own);

        SettingsStore store = new SettingsStore(settings);
        AppModel next = new AppModel(store, new Autostart(Os.LINUX, dir.resolve("home"), Map.of(),
                List.of("portway", "app")), Runnable::run, Runnable::run);
        next.start(false);
        assertTrue(next.signedInProperty().get());
        assertEquals(List.of(own), ids(user));
        assertEquals(List.of(own), next.sockets().sockets().stream().map(SocketModel::socketId).toList(),
                "the list never shows the leftover");
        assertEquals(List.of(), store.load().temporarySockets());
        next.shutdown();
        assertEquals(List.of(own), ids(user), "a quit deletes only what the app made");
        assertFalse(store.load().temporarySockets().contains(own));
    }
}
