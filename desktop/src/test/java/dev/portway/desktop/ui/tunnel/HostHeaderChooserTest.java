// A tunnel's Host header as the row and the Share port dialog choose it: unchanged (null), rewrite (naming the local
// address it sends), or a value typed in; a value set elsewhere (the settings) shows as its choice.
package dev.portway.desktop.ui.tunnel;

import static dev.portway.desktop.ui.TestApp.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.LocalTarget;
import dev.portway.desktop.ui.TestApp;
import dev.portway.desktop.ui.common.Stylesheet;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Scene;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
@Tag("ui")
class HostHeaderChooserTest {
    final StringProperty value = new SimpleStringProperty();
    final StringProperty address = new SimpleStringProperty("localhost:5173");

    @Start
    void start(Stage stage) {
        TestApp.theme(false);
        Scene scene = new Scene(new javafx.scene.layout.VBox(new HostHeaderChooser("hostHeader", value, address)),
                760, 520);
        scene.getStylesheets().add(Stylesheet.URL);
        stage.setScene(scene);
        stage.show();
    }

    private static boolean chosen(FxRobot robot, String choice) {
        return fx(() -> robot.lookup("#hostHeader-" + choice).queryAs(ToggleButton.class).isSelected());
    }

    @Test
    void eachChoiceSetsTheValue(FxRobot robot) {
        assertTrue(chosen(robot, "unchanged"));
        assertFalse(fx(() -> robot.lookup("#hostHeader-value").query().isVisible()));
        assertEquals("localhost:5173", fx(() -> robot.lookup("#hostHeader-rewrite").queryAs(ToggleButton.class)
                .getText()), "it names what it sends");
        robot.clickOn("#hostHeader-rewrite");
        assertEquals(LocalTarget.REWRITE, value.get());

        robot.clickOn("#hostHeader-custom");
        assertTrue(fx(() -> robot.lookup("#hostHeader-value").query().isVisible()));
        assertNull(value.get(), "nothing typed yet: unchanged");
        robot.clickOn("#hostHeader-value").write("app.local:3000");
        assertEquals("app.local:3000", value.get());

        robot.clickOn("#hostHeader-unchanged");
        assertNull(value.get());
    }

    @Test
    void aValueFromTheSettingsShowsAsItsChoiceAndTheRewriteNamesThePort(FxRobot robot) {
        fx(() -> {
            value.set("app.local:3000");
            return null;
        });
        assertTrue(chosen(robot, "custom"));
        assertEquals("app.local:3000", fx(() -> robot.lookup("#hostHeader-value").queryAs(TextField.class)
                .getText()));
        fx(() -> {
            value.set(LocalTarget.REWRITE);
            address.set("localhost:8000");
            return null;
        });
        assertTrue(chosen(robot, "rewrite"));
        assertEquals("localhost:8000", fx(() -> robot.lookup("#hostHeader-rewrite").queryAs(ToggleButton.class)
                .getText()));
        assertEquals(LocalTarget.REWRITE, value.get(), "a new port is no new choice");
    }
}
