// The Host header a tunnel's HTTP requests carry to the local service, for dev servers that check it (Vite, webpack,
// Rails, Django): the visitor's unchanged, rewritten to the local address, or a value typed in.
package dev.portway.desktop.ui;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.LocalTarget;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.MenuButton;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

final class HostHeaderChooser extends HBox {
    private final MenuButton choice = new MenuButton();
    private final ToggleGroup group = new ToggleGroup();
    private final RadioMenuItem unchanged = item("Host: unchanged");
    private final RadioMenuItem rewrite = item("");
    private final RadioMenuItem customItem = item("Host: custom");
    private final TextField custom = new TextField();
    private final StringProperty value;
    /** Set while the value is shown, so showing it does not store it again. */
    private boolean syncing;

    /**
     * id: the choice's id (the custom field's is id-value); value: null unchanged, "rewrite", or the value typed;
     * address: the local HOST:PORT, which "rewrite" sends.
     */
    HostHeaderChooser(String id, StringProperty value, ObservableStringValue address) {
        super(6);
        this.value = value;
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("host-header");
        // Small and flat: a line of a tunnel's row, no taller than the text beside it.
        choice.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        choice.setId(id);
        choice.setAccessibleText("Host header sent to the local service");
        choice.setTooltip(new Tooltip("The Host header your local service sees. Dev servers that check it (Vite, "
                + "webpack, Rails, Django) want their own address; the visitor's name stays in X-Forwarded-Host."));
        choice.getItems().addAll(unchanged, rewrite, customItem);
        custom.setId(id + "-value");
        custom.getStyleClass().add(Styles.SMALL);
        custom.setPromptText("app.local:3000");
        custom.setAccessibleText("Host header value");
        custom.setPrefColumnCount(10);
        getChildren().addAll(choice, custom);
        rewrite.textProperty().bind(Bindings.concat("Host: ", address));
        show(value.get());
        value.addListener((o, was, now) -> {
            if (!syncing) {
                show(now);
            }
        });
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one choice always holds
            } else {
                store();
            }
        });
        custom.textProperty().addListener((o, was, now) -> store());
    }

    private RadioMenuItem item(String text) {
        RadioMenuItem i = new RadioMenuItem(text);
        i.setToggleGroup(group);
        return i;
    }

    private void show(String header) {
        syncing = true;
        RadioMenuItem chosen = header == null ? unchanged : header.equals(LocalTarget.REWRITE) ? rewrite : customItem;
        group.selectToggle(chosen);
        custom.setText(chosen == customItem ? header : "");
        relabel();
        syncing = false;
    }

    private void store() {
        relabel();
        if (syncing) {
            return;
        }
        Toggle chosen = group.getSelectedToggle();
        String typed = custom.getText().strip();
        syncing = true;
        value.set(chosen == rewrite ? LocalTarget.REWRITE : chosen == customItem && !typed.isEmpty() ? typed : null);
        syncing = false;
        if (chosen == customItem && typed.isEmpty()) {
            custom.requestFocus();
        }
    }

    /** The button says the choice (the rewrite's address as it is now); the custom field shows with its choice. */
    private void relabel() {
        RadioMenuItem chosen = (RadioMenuItem) group.getSelectedToggle();
        choice.textProperty().unbind();
        if (chosen != null) {
            choice.textProperty().bind(chosen.textProperty());
        }
        custom.setVisible(chosen == customItem);
        custom.setManaged(chosen == customItem);
    }
}
