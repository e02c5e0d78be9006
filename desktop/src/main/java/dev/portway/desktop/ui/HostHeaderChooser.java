// The Host header a tunnel's HTTP requests carry to the local service, for dev servers that check it (Vite, webpack,
// Rails, Django): the visitor's unchanged, rewritten to the local address, or a value typed in.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.LocalTarget;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

final class HostHeaderChooser extends HBox {
    private static final int UNCHANGED = 0;
    private static final int REWRITE = 1;
    private static final int CUSTOM = 2;

    private final ComboBox<String> choice = new ComboBox<>();
    private final TextField custom = new TextField();
    private final StringProperty value;
    private final ObservableStringValue address;
    /** Set while one side is copied to the other, so the copy does not come back. */
    private boolean syncing;

    /**
     * id: the choice's id (the custom field's is id-value); value: null unchanged, "rewrite", or the value typed;
     * address: the local HOST:PORT, which "rewrite" sends.
     */
    HostHeaderChooser(String id, StringProperty value, ObservableStringValue address) {
        super(6);
        this.value = value;
        this.address = address;
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("host-header");
        choice.setId(id);
        choice.setAccessibleText("Host header sent to the local service");
        choice.setTooltip(new Tooltip("The Host header your local service sees. Dev servers that check it (Vite, "
                + "webpack, Rails, Django) want their own address; the visitor's name stays in X-Forwarded-Host."));
        custom.setId(id + "-value");
        custom.setPromptText("app.local:3000");
        custom.setAccessibleText("Host header value");
        custom.setPrefColumnCount(10);
        getChildren().addAll(choice, custom);
        relabel();
        show(value.get());
        address.addListener((o, was, now) -> relabel());
        value.addListener((o, was, now) -> {
            if (!syncing) {
                show(now);
            }
        });
        choice.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> store());
        custom.textProperty().addListener((o, was, now) -> store());
    }

    /** The choices name the address "rewrite" sends as it is now. */
    private void relabel() {
        int selected = choice.getSelectionModel().getSelectedIndex();
        syncing = true;
        choice.getItems().setAll(List.of("Host: unchanged", "Host: " + address.get(), "Host: custom"));
        choice.getSelectionModel().select(Math.max(selected, UNCHANGED));
        syncing = false;
    }

    private void show(String header) {
        syncing = true;
        int index = header == null ? UNCHANGED : header.equals(LocalTarget.REWRITE) ? REWRITE : CUSTOM;
        choice.getSelectionModel().select(index);
        custom.setText(index == CUSTOM ? header : "");
        showCustom(index == CUSTOM);
        syncing = false;
    }

    private void store() {
        if (syncing) {
            return;
        }
        int index = choice.getSelectionModel().getSelectedIndex();
        showCustom(index == CUSTOM);
        String typed = custom.getText().strip();
        syncing = true;
        value.set(index == REWRITE ? LocalTarget.REWRITE : index == CUSTOM && !typed.isEmpty() ? typed : null);
        syncing = false;
        if (index == CUSTOM && typed.isEmpty()) {
            custom.requestFocus();
        }
    }

    private void showCustom(boolean visible) {
        custom.setVisible(visible);
        custom.setManaged(visible);
    }
}
