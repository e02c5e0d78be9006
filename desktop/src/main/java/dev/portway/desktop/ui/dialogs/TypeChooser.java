// A row of joined toggle buttons picking one socket type; every choice is in view and exactly one is always on.
package dev.portway.desktop.ui.dialogs;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;

final class TypeChooser extends HBox {
    private final ToggleGroup group = new ToggleGroup();
    private final ReadOnlyStringWrapper value = new ReadOnlyStringWrapper();

    /** id: this row's id; each button is "id-TYPE" (e.g. socketType-tcp). The first type starts selected. */
    TypeChooser(String id, List<String> types) {
        setId(id);
        getStyleClass().add("type-chooser");
        for (String type : types) {
            ToggleButton b = new ToggleButton(type.toUpperCase(Locale.ROOT));
            b.setId(id + "-" + type);
            b.setUserData(type);
            b.setToggleGroup(group);
            getChildren().add(b);
        }
        // Joined into one pill, as AtlantaFX draws a segmented choice.
        for (int i = 0; i < getChildren().size(); i++) {
            getChildren().get(i).getStyleClass().add(i == 0 ? Styles.LEFT_PILL
                    : i == getChildren().size() - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
        }
        group.selectedToggleProperty().addListener((o, before, now) -> {
            if (now == null) {
                group.selectToggle(before); // clicking the selected button again must not leave none chosen
            } else {
                value.set((String) now.getUserData());
            }
        });
        group.selectToggle(group.getToggles().get(0));
    }

    ReadOnlyStringProperty valueProperty() {
        return value.getReadOnlyProperty();
    }
}
