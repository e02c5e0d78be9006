// The button on the socket pane's title line that opens and closes one of the selected socket's sections: an arrow
// and the section's title, said as shown or hidden rather than by the arrow, whose meaning is its shape. While the
// button is hidden (the section has nothing for this socket) so is the section.
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Styles;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.layout.Region;

final class SectionToggle {
    private final Button button = new Button();
    private final BooleanProperty open = new SimpleBooleanProperty();
    private final Supplier<String> title;

    /** onOpen: what opening the section by hand does besides. */
    SectionToggle(String id, Supplier<String> title, Runnable onOpen) {
        this.title = title;
        button.setId(id);
        button.getStyleClass().addAll(Styles.FLAT, "custom-domains-toggle");
        button.setOnAction(e -> {
            open.set(!open.get());
            if (open.get()) {
                onOpen.run();
            }
        });
        open.addListener((o, was, now) -> relabel());
    }

    Button button() {
        return button;
    }

    void setOpen(boolean open) {
        this.open.set(open);
    }

    /** Shows the button, or hides it and the section. */
    void setAvailable(boolean available) {
        button.setVisible(available);
        button.setManaged(available);
    }

    /** Makes section show while open and available, and take no room otherwise. */
    void controls(Region section) {
        section.visibleProperty().bind(open.and(button.visibleProperty()));
        section.managedProperty().bind(section.visibleProperty());
    }

    /** Labels the button anew, as the title now reads. */
    void relabel() {
        String text = title.get();
        button.setText((open.get() ? "▾ " : "▸ ") + text);
        button.setAccessibleText(text + (open.get() ? ", shown" : ", hidden"));
    }
}
