// One socket as the app shows it: name, type, public URL and its tunnels.
package dev.portway.desktop.ui;

import dev.portway.protocol.api.SocketInfo;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

public final class SocketModel {
    private final String socketId;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper dnsName = new ReadOnlyStringWrapper();
    private final ReadOnlyIntegerWrapper online = new ReadOnlyIntegerWrapper();
    private final ObservableList<TunnelModel> tunnels = FXCollections.observableArrayList();

    SocketModel(SocketInfo info) {
        this.socketId = info.socketId();
        update(info);
    }

    void update(SocketInfo info) {
        name.set(info.name());
        type.set(info.socketType());
        url.set(info.url());
        dnsName.set(info.dnsName());
    }

    /** Recounts the tunnels online; called whenever a tunnel's status may have changed. */
    void recount() {
        online.set((int) tunnels.stream().filter(TunnelModel::isOnline).count());
    }

    public String socketId() {
        return socketId;
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dnsNameProperty() {
        return dnsName.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public ObservableList<TunnelModel> tunnels() {
        return tunnels;
    }
}
