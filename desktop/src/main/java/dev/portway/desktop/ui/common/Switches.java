// A labelled AtlantaFX toggle switch bound to a model's boolean both ways: the switch shows the model's value, and a
// flip by the user (on the switch or its label) becomes the model's command; a change from the model does not echo
// back as a command.
package dev.portway.desktop.ui.common;

import atlantafx.base.controls.ToggleSwitch;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

public final class Switches {
    private Switches() {
    }

    /** id: the switch's. The label is beside it, not in it: AtlantaFX's switch reacts only to its own track. */
    public static HBox of(String id, String text, ReadOnlyBooleanProperty value, Consumer<Boolean> command) {
        ToggleSwitch s = new ToggleSwitch();
        s.setId(id);
        s.setSelected(value.get());
        value.addListener((o, a, on) -> s.setSelected(on));
        s.selectedProperty().addListener((o, a, on) -> {
            if (on != value.get()) {
                command.accept(on);
            }
        });
        Label label = new Label(text);
        label.setLabelFor(s);
        label.setOnMouseClicked(e -> s.fire());
        HBox box = new HBox(6, label, s);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
