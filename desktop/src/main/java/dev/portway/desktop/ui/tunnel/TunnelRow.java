// One tunnel in the socket pane: the on/off switch, local host, port and Host header, this app's status, where the
// server says the tunnel runs (here, via another agent, or offline), and delete.
package dev.portway.desktop.ui.tunnel;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelPlace;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.converter.NumberStringConverter;

public final class TunnelRow extends HBox {
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    /**
     * raw: the socket is tcp, tls or udp, whose bytes carry no Host header to set; selected and select: the tunnel
     * whose traffic the main screen shows, and the command that shows this one; switchOn: the switch's command.
     */
    public TunnelRow(TunnelModel t, boolean raw, ReadOnlyObjectProperty<TunnelModel> selected,
                     Consumer<TunnelModel> select, BiConsumer<TunnelModel, Boolean> switchOn, Runnable onDelete) {
        getStyleClass().add("tunnel-row");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);

        ToggleButton toggle = new ToggleButton();
        toggle.getStyleClass().add("tunnel-switch");
        toggle.setId("switch-" + t.shortId());
        toggle.textProperty().bind(Bindings.when(t.onProperty()).then("ON").otherwise("OFF"));
        toggle.setSelected(t.onProperty().get());
        t.onProperty().addListener((o, a, on) -> toggle.setSelected(on));
        toggle.setOnAction(e -> {
            switchOn.accept(t, toggle.isSelected());
            toggle.setSelected(t.onProperty().get());
        });
        toggle.setTooltip(new Tooltip("Expose the local port through this tunnel"));

        TextField host = new TextField();
        host.setId("host-" + t.shortId());
        host.getStyleClass().add("host-field");
        host.setPrefColumnCount(9);
        host.textProperty().bindBidirectional(t.hostProperty());
        TextField port = new TextField();
        port.setId("port-" + t.shortId());
        port.getStyleClass().add("port-field");
        port.setPrefColumnCount(5);
        port.textProperty().bindBidirectional(t.portProperty(), new NumberStringConverter("#"));
        host.disableProperty().bind(t.onProperty());
        port.disableProperty().bind(t.onProperty());
        HostHeaderChooser hostHeader = new HostHeaderChooser("hostHeader-" + t.shortId(), t.hostHeaderProperty(),
                Bindings.createStringBinding(() -> new LocalTarget(t.hostProperty().get().strip(),
                        t.portProperty().get()).address(), t.hostProperty(), t.portProperty()));
        hostHeader.disableProperty().bind(t.onProperty());

        Circle dot = new Circle(5);
        dot.getStyleClass().add("status-dot");
        Label status = new Label();
        status.getStyleClass().add("tunnel-status");
        status.setId("status-" + t.shortId());
        status.textProperty().bind(t.statusTextProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        Runnable restyle = () -> {
            dot.getStyleClass().removeAll("online", "retrying", "failed", "off");
            AgentStatus s = t.statusProperty().get();
            String style = s == AgentStatus.ONLINE && t.localErrorProperty().get() == null ? "online"
                    : s == AgentStatus.ERROR || t.localErrorProperty().get() != null ? "failed"
                    : s == AgentStatus.STOPPED ? "off" : "retrying";
            dot.getStyleClass().add(style);
        };
        t.statusProperty().addListener((o, a, b) -> restyle.run());
        t.localErrorProperty().addListener((o, a, b) -> restyle.run());
        restyle.run();

        Label where = new Label();
        where.getStyleClass().addAll("tunnel-state", "muted");
        where.setId("state-" + t.shortId());
        where.textProperty().bind(t.whereProperty());
        // A line of its own under the target and status, so "online via another agent (HOST, since 14:02)" is
        // read whole in the default window; a host name too long even for that wraps rather than being cut.
        where.setWrapText(true);
        where.setMaxWidth(Double.MAX_VALUE);
        where.setMinWidth(0);
        where.setMinHeight(Region.USE_PREF_SIZE);
        // "off" and then "offline" under it says one thing twice: the line shows when the server knows more.
        where.visibleProperty().bind(t.statusTextProperty().isNotEqualTo("off")
                .or(t.whereProperty().isNotEqualTo(TunnelPlace.OFFLINE)));
        where.managedProperty().bind(where.visibleProperty());

        Label id = new Label("tunnel " + t.shortId());
        id.getStyleClass().add("muted");
        Button delete = new Button("Delete");
        delete.getStyleClass().addAll(Styles.FLAT, "subtle");
        delete.setOnAction(e -> onDelete.run());

        HBox line = new HBox(10, new Label("local"), host, new Label(":"), port, dot, status, id, delete);
        line.setAlignment(Pos.CENTER_LEFT);
        // Only the status gives way when the row is narrow (its full text is in a tooltip).
        line.getChildren().forEach(n -> {
            if (n instanceof javafx.scene.control.Control c && n != status) {
                c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
            }
        });
        status.setMinWidth(0);
        toggle.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        // The Host header under the local target it is sent to, beside where the tunnel runs: on the target's line it
        // would squeeze the status out of the default window. A tcp, tls or udp socket's bytes carry no Host header.
        HBox below = new HBox(10, where);
        below.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(where, Priority.ALWAYS);
        if (raw) {
            below.visibleProperty().bind(where.visibleProperty());
            below.managedProperty().bind(where.visibleProperty());
        } else {
            below.getChildren().add(0, hostHeader);
            hostHeader.setMinWidth(Region.USE_PREF_SIZE);
        }
        VBox lines = new VBox(2, line, below);
        lines.setMinWidth(0);
        HBox.setHgrow(lines, Priority.ALWAYS);
        getChildren().addAll(toggle, lines);
        Tooltip full = new Tooltip();
        full.textProperty().bind(t.statusTextProperty());
        status.setTooltip(full);
        // Clicking a row shows its traffic; the row the traffic pane shows is marked. Rows are rebuilt whenever the
        // socket's tunnels change, so the model holds this row's listener weakly (the row itself keeps it alive).
        setOnMouseClicked(e -> select.accept(t));
        ChangeListener<TunnelModel> mark = (o, a, now) -> pseudoClassStateChanged(SELECTED, now == t);
        selected.addListener(new WeakChangeListener<>(mark));
        getProperties().put(SELECTED, mark);
        pseudoClassStateChanged(SELECTED, selected.get() == t);
    }
}
