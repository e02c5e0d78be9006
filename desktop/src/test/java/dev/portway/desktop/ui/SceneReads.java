// What the UI tests read off the scene by a node's selector, on the FX thread.
package dev.portway.desktop.ui;

import static dev.portway.desktop.ui.TestApp.fx;

import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import org.testfx.api.FxRobot;

public final class SceneReads {
    private SceneReads() {
    }

    /** Whether the radio button is selected. */
    public static boolean chosen(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).queryAs(RadioButton.class).isSelected());
    }

    /** The text of the label or text field. */
    public static String text(FxRobot robot, String query) {
        return fx(() -> {
            var n = robot.lookup(query).query();
            return n instanceof Label l ? l.getText() : ((TextField) n).getText();
        });
    }
}
