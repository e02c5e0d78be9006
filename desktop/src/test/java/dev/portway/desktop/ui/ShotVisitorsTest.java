// TEMPORARY (not committed): screenshots of the Who can visit section on a real display.
package dev.portway.desktop.ui;

import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;

import dev.portway.agent.engine.ApiClient;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestServers;
import dev.portway.server.oidc.TestIdentityProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ShotVisitorsTest {
    @TempDir
    Path dir;
    TestIdentityProvider provider;
    PortwayServer server;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        provider = TestIdentityProvider.start();
        server = PortwayServer.start(TestServers.config(dir.resolve("server")).withOidc(provider.settings()));
        DesktopApp.setOptions(TestApp.options(dir));
        new PortwayApp().start(stage);
    }

    static void shot(Stage stage, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(800);
        double[] b = fx(() -> new double[]{stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()});
        new ProcessBuilder("/usr/bin/import", "-window", "root", "-crop",
                (int) b[2] + "x" + (int) b[3] + "+" + (int) b[0] + "+" + (int) b[1], "/tmp/" + name + ".png")
                .inheritIO().start().waitFor();
    }

    @Test
    void shots(FxRobot robot) throws Exception {
        fx(() -> {
            robot.lookup("#server").queryAs(TextField.class).setText(TestApp.api(server));
            robot.lookup("#email").queryAs(TextField.class).setText("ann@example.org");
            robot.lookup("#password").queryAs(TextField.class).setText("password1");
            return null;
        });
        robot.clickOn("#createAccount");
        await().atMost(Duration.ofSeconds(30)).until(() -> robot.lookup("#newSocket").tryQuery().isPresent());
        ApiClient anon = new ApiClient(TestApp.api(server), null);
        ApiClient api = anon.withToken(anon.login("ann@example.org", "password1").token());
        api.createSocket(new CreateSocket("staging site", "http", true, "ann", "secret1", null));
        SocketInfo team = api.createSocket(new CreateSocket("team wiki", "https", null, null, null,
                List.of("203.0.113.0/24"), null, List.of("bob@example.org", "carol@partner.example"),
                List.of("example.org")));
        api.createTunnel(team.socketId());
        await().atMost(Duration.ofSeconds(30)).until(() -> fx(() -> ((ListView<?>) robot.lookup("#sockets")
                .query()).getItems().size()) == 2);
        fx(() -> {
            @SuppressWarnings("unchecked")
            ListView<SocketModel> list = (ListView<SocketModel>) robot.lookup("#sockets").query();
            list.getSelectionModel().select(list.getItems().stream()
                    .filter(s -> s.nameProperty().get().equals("team wiki")).findFirst().orElseThrow());
            return null;
        });
        robot.clickOn("#visitorsToggle");
        shot(stage, "who-email");
        robot.clickOn("#visitorsPassword");
        shot(stage, "who-password");
        robot.clickOn("#visitorsEmail");
        robot.clickOn("#visitorsEmails").write(", not an address");
        robot.clickOn("#saveVisitors");
        await().atMost(Duration.ofSeconds(30)).until(() -> !fx(() -> ((javafx.scene.control.Label) robot
                .lookup("#visitorsError").query()).getText()).isEmpty());
        shot(stage, "who-error");
        server.close();
        provider.close();
    }
}
