// The "Admin" link in the app's toolbar against a real server: offered to the server's admin (the first account) and
// opening the admin page signed in through a one-time code (never the app's token), hidden from a user who is not
// one. The browser is replaced by a recorder, and the recorded link is then followed over HTTP as a browser would.
package dev.portway.desktop.ui;

import static dev.portway.desktop.ui.TestApp.WAIT;
import static dev.portway.desktop.ui.TestApp.fx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.ServerUnderTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class AdminLinkTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    final ServerUnderTest servers = new ServerUnderTest();
    String api;
    PortwayApp app;
    final List<String> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        api = TestApp.api(servers.start(dir.resolve("server")));
        app = TestApp.start(stage, TestApp.options(dir), a -> a.openPagesWith(opened::add));
    }

    /** Opens the link as a browser's first request would, without following the redirect. */
    private static Response follow(String url) throws Exception {
        // OkHttp, not java.net.http: another test in this JVM sets a property that client reads only once.
        OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
        try (Response res = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return res;
        }
    }

    private static boolean shown(FxRobot robot, String query) {
        return fx(() -> {
            Node n = robot.lookup(query).query();
            return n.isVisible() && n.getScene() != null;
        });
    }

    @Test
    void theAdminSeesTheLinkAndItOpensTheAdminPageSignedInAUserDoesNot(FxRobot robot) throws Exception {
        TestApp.signUp(robot, api, "root@example.com");
        await().atMost(WAIT).until(() -> shown(robot, "#adminPage"));
        robot.clickOn("#adminPage");
        await().atMost(WAIT).until(() -> !opened.isEmpty());
        String link = opened.get(0);
        assertTrue(link.startsWith(api + "/admin/login?code="), link);
        assertFalse(link.contains("pw_"), "no API token in the URL: " + link);
        Response first = follow(link);
        assertEquals(303, first.code());
        assertEquals("/admin", first.header("Location"));
        assertTrue(String.valueOf(first.header("Set-Cookie")).startsWith("portway_admin_handover=pw_"),
                "the page is signed in");
        assertEquals(400, follow(link).code(), "the link works once");

        robot.clickOn("#signOut");
        await().atMost(WAIT).until(() -> robot.lookup("#signIn").tryQuery().isPresent());
        TestApp.signUp(robot, api, "ann@example.com");
        assertTrue(fx(() -> robot.lookup("#account").queryLabeled().getText().startsWith("ann@example.com")));
        // null until the server has said whether this account is an admin: then it is known, and not one.
        await().atMost(WAIT).until(() -> fx(() -> app.model().adminPageProperty().get()) != null);
        assertEquals("", fx(() -> app.model().adminPageProperty().get()));
        assertFalse(shown(robot, "#adminPage"));
        assertEquals(1, opened.size(), "nothing else was opened");
    }
}
