// The Host header a tunnel's HTTP requests carry to the local service, for dev servers that check it (Vite, webpack,
// Rails, Django): the visitor's unchanged, rewritten to the local address, or a value typed in.
package dev.portway.desktop.ui.tunnel;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.LocalTarget;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

public final class HostHeaderChooser extends HBox {
    private final ToggleGroup group = new ToggleGroup();
    private final ToggleButton unchanged;
    private final ToggleButton rewrite;
    private final ToggleButton customChoice;
    private final TextField custom = new TextField();
    private final StringProperty value;
    /** Set while the value is shown, so showing it does not store it again. */
    private boolean syncing;

    /**
     * id: the choices' ids are id-unchanged, id-rewrite and id-custom, the custom field's id-value; value: null
     * unchanged, "rewrite", or the value typed; address: the local HOST:PORT, which "rewrite" sends.
     */
    public HostHeaderChooser(String id, StringProperty value, ObservableStringValue address) {
        super(6);
        this.value = value;
        setId(id);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("host-header");
        // Joined buttons, every choice in view (a menu's popup would hide what it offers until opened).
        unchanged = choice(id + "-unchanged", Styles.LEFT_PILL);
        unchanged.setText("unchanged");
        rewrite = choice(id + "-rewrite", Styles.CENTER_PILL);
        rewrite.textProperty().bind(address);
        customChoice = choice(id + "-custom", Styles.RIGHT_PILL);
        customChoice.setText("custom");
        Label label = new Label("Host:");
        label.getStyleClass().add("muted");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox choices = new HBox(unchanged, rewrite, customChoice);
        choices.setAccessibleText("Host header sent to the local service");
        custom.setId(id + "-value");
        custom.getStyleClass().add(Styles.SMALL);
        custom.setPromptText("app.local:3000");
        custom.setAccessibleText("Host header value");
        custom.setPrefColumnCount(10);
        getChildren().addAll(label, choices, custom);
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

    private ToggleButton choice(String id, String pill) {
        ToggleButton b = new ToggleButton();
        b.setId(id);
        b.getStyleClass().addAll(pill, Styles.SMALL);
        b.setToggleGroup(group);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private void show(String header) {
        syncing = true;
        ToggleButton chosen = header == null ? unchanged : header.equals(LocalTarget.REWRITE) ? rewrite
                : customChoice;
        group.selectToggle(chosen);
        custom.setText(chosen == customChoice ? header : "");
        showCustom();
        syncing = false;
    }

    private void store() {
        showCustom();
        if (syncing) {
            return;
        }
        Toggle chosen = group.getSelectedToggle();
        String typed = custom.getText().strip();
        syncing = true;
        value.set(chosen == rewrite ? LocalTarget.REWRITE : chosen == customChoice && !typed.isEmpty() ? typed : null);
        syncing = false;
        if (chosen == customChoice && typed.isEmpty()) {
            custom.requestFocus();
        }
    }

    /** The custom field shows with its choice. */
    private void showCustom() {
        boolean shown = group.getSelectedToggle() == customChoice;
        custom.setVisible(shown);
        custom.setManaged(shown);
    }
}
