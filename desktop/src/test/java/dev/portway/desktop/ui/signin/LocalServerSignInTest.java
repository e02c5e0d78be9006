// After "portway up": the app opens signed in with the local account, and after a sign-out the sign-in screen offers
// "Use the local server" (that account's password is not one anybody types).
package dev.portway.desktop.ui.signin;

import dev.portway.agent.system.Os;
import static dev.portway.desktop.ui.TestApp.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalAccount;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.ui.DesktopApp;
import dev.portway.desktop.ui.TestApp;
import dev.portway.server.ServerUnderTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class LocalServerSignInTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    String api;

    @Start
    void start(Stage stage) throws Exception {
        api = TestApp.api(servers.start(dir.resolve("server")));
        Map<String, String> env = TestApp.env(dir);
        SettingsStore store = SettingsStore.standard(env);
        Path account = dir.resolve("server/local-account.json");
        // What "portway up" does before it opens the app.
        LocalAccount.signIn(new ApiClient(api, null), account, store);
        TestApp.start(stage, new DesktopApp.Options(store, new Autostart(Os.LINUX,
                dir.resolve("home"), env, List.of("portway", "up", "--minimized")), false,
                new LocalServer(api, account)));
    }

    private static String text(FxRobot robot, String query) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> ((Label) robot.lookup(query).query())
                .getText()));
    }

    @Test
    void afterSignOutTheLocalServerIsOneClickAway(FxRobot robot) {
        await().atMost(WAIT).until(() -> robot.lookup("#account").tryQuery().isPresent());
        assertEquals("me@portway.localhost on " + api, text(robot, "#account"));
        robot.clickOn("#signOut");
        await().atMost(WAIT).until(() -> robot.lookup("#useLocalServer").tryQuery().isPresent());
        robot.clickOn("#useLocalServer");
        await().atMost(WAIT).until(() -> robot.lookup("#account").tryQuery().isPresent());
        assertEquals("me@portway.localhost on " + api, text(robot, "#account"));
    }
}
