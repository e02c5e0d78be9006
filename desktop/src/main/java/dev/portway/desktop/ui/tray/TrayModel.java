// The tray icon's state: its colour (every tunnel that is on online, some retrying or failing, none on) and a menu
// item per tunnel with its switch, and where the inspector's page is. It follows the tunnel list, so a sign-out (an
// empty list) turns it grey and empty.
package dev.portway.desktop.ui.tray;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.sockets.SwitchesModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;

public final class TrayModel {
    /** The icon's look. */
    public enum State { OFF, ALL_ONLINE, SOME_RETRYING }

    /** A tunnel in the menu: "socket · tunnel → host:port", checked when on. */
    public record Item(TunnelModel tunnel, String label, boolean on) {
    }

    private final SocketsModel sockets;
    private final SwitchesModel switches;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.OFF);
    private final ReadOnlyObjectWrapper<List<Item>> items = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyStringWrapper inspector = new ReadOnlyStringWrapper();

    public TrayModel(SocketsModel sockets, SwitchesModel switches) {
        this.sockets = sockets;
        this.switches = switches;
        InvalidationListener update = o -> update();
        sockets.tunnels().addListener(update);
        sockets.sockets().addListener(update);
    }

    /** The menu's check box. */
    public void toggle(TunnelModel t, boolean on) {
        switches.setOn(t, on);
    }

    private void update() {
        List<TunnelModel> on = sockets.tunnels().stream().filter(t -> t.onProperty().get()).toList();
        if (on.isEmpty()) {
            state.set(State.OFF);
        } else if (on.stream().allMatch(t -> t.statusProperty().get() == AgentStatus.ONLINE
                && t.localErrorProperty().get() == null)) {
            state.set(State.ALL_ONLINE);
        } else {
            state.set(State.SOME_RETRYING);
        }
        items.set(sockets.sockets().stream().flatMap(s -> s.tunnels().stream().map(t -> new Item(t,
                s.nameProperty().get() + " · " + t.shortId() + " → " + t.hostProperty().get() + ":"
                        + t.portProperty().get(), t.onProperty().get()))).toList());
    }

    /** The menu's "Open inspector in browser" follows where the inspector's page is served (null: not served). */
    public void inspectorAt(ObservableValue<String> url) {
        inspector.bind(url);
    }

    /** Where the inspector's page is; null while it is not served (the menu item is then disabled). */
    public ReadOnlyStringProperty inspectorProperty() {
        return inspector.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Item>> itemsProperty() {
        return items.getReadOnlyProperty();
    }
}
