// One socket as the app shows it: name, type, where visitors reach it, who may, the certificate served for it, its
// custom domains, and its tunnels.
package dev.portway.desktop.ui.sockets;

import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.SocketType;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

public final class SocketModel {
    private final String socketId;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper dnsName = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper endpoint = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper access = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Visitors> visitors = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper raw = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper certificate = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper certificateError = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper takesDomains = new ReadOnlyBooleanWrapper();
    private final ObservableList<CustomDomainInfo> customDomains = FXCollections.observableArrayList();
    private final ObservableList<CustomDomainInfo> customDomainsView =
            FXCollections.unmodifiableObservableList(customDomains);
    private final ReadOnlyIntegerWrapper online = new ReadOnlyIntegerWrapper();
    private final ObservableList<TunnelModel> tunnels = FXCollections.observableArrayList();
    /** The hint depends on the local ports the tunnels expose (ssh for 22), which the person may change. */
    private final InvalidationListener rehint = o -> rehint();
    private SocketInfo info;
    private String server;

    /** server: the API URL the app is signed in to, for the terminal hint (null when not known). */
    SocketModel(SocketInfo info, String server) {
        this.socketId = info.socketId();
        tunnels.addListener((ListChangeListener<TunnelModel>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(t -> t.portProperty().removeListener(rehint));
                c.getAddedSubList().forEach(t -> t.portProperty().addListener(rehint));
            }
            rehint();
        });
        update(info, server);
    }

    void update(SocketInfo info, String server) {
        this.info = info;
        this.server = server;
        name.set(info.name());
        type.set(info.socketType());
        dnsName.set(info.dnsName());
        endpoint.set(SocketTexts.endpoint(info));
        rehint();
        access.set(SocketTexts.access(info));
        visitors.set(Visitors.of(info));
        raw.set(info.isRaw());
        certificate.set(SocketTexts.certificate(info.certificate()));
        certificateError.set(SocketTexts.certificateError(info.certificate()));
        takesDomains.set(!SocketType.TCP.equals(info.socketType()));
        // Unchanged, the rows stay as they are: a refresh must not rebuild them under the pointer.
        if (!customDomains.equals(info.customDomains())) {
            customDomains.setAll(info.customDomains());
        }
    }

    private void rehint() {
        hint.set(SocketTexts.hint(info, server, tunnels.stream().map(t -> t.portProperty().get()).toList()));
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

    public ReadOnlyStringProperty dnsNameProperty() {
        return dnsName.getReadOnlyProperty();
    }

    /** The URL of an http or https socket, the address DNS_NAME:PORT of a tcp, tls or udp one. */
    public ReadOnlyStringProperty endpointProperty() {
        return endpoint.getReadOnlyProperty();
    }

    /** A command to try a tcp, tls or udp socket with; empty for http and https. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accessProperty() {
        return access.getReadOnlyProperty();
    }

    /** Who may visit, as the server last said (an equal value is no change: an open editor is left alone). */
    ReadOnlyObjectProperty<Visitors> visitorsProperty() {
        return visitors.getReadOnlyProperty();
    }

    /** tcp, tls or udp: bytes or datagrams on a dedicated port, nothing a browser opens. */
    public ReadOnlyBooleanProperty rawProperty() {
        return raw.getReadOnlyProperty();
    }

    /** Who issued the certificate served for dns_name and until when; empty when the server says none. */
    public ReadOnlyStringProperty certificateProperty() {
        return certificate.getReadOnlyProperty();
    }

    /** The last error renewing that certificate; empty when the last attempt worked. */
    public ReadOnlyStringProperty certificateErrorProperty() {
        return certificateError.getReadOnlyProperty();
    }

    /** http, https and tls sockets can be reached by custom domains too (tcp ones only by port). */
    public ReadOnlyBooleanProperty takesDomainsProperty() {
        return takesDomains.getReadOnlyProperty();
    }

    /** The custom domains as the server last said, with their status and TXT records. */
    public ObservableList<CustomDomainInfo> customDomains() {
        return customDomainsView;
    }

    public ReadOnlyIntegerProperty onlineProperty() {
        return online.getReadOnlyProperty();
    }

    public ObservableList<TunnelModel> tunnels() {
        return tunnels;
    }
}
