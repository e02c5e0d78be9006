// Which socket the main screen shows and which of its tunnels the traffic pane shows: that tunnel is always one of
// that socket's (or none), and both follow the list when sockets or tunnels go.
package dev.portway.desktop.ui.sockets;

import dev.portway.desktop.ui.tunnel.TunnelModel;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

final class SocketSelection {
    private final ReadOnlyObjectWrapper<SocketModel> socket = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TunnelModel> tunnel = new ReadOnlyObjectWrapper<>();

    /** A socket and its first tunnel (or none). */
    void selectSocket(SocketModel s) {
        if (s == socket.get()) {
            return;
        }
        socket.set(s);
        tunnel.set(s == null || s.tunnels().isEmpty() ? null : s.tunnels().get(0));
    }

    /** A tunnel, and its socket with it (s: the tunnel's socket, or null if it is not listed). */
    void selectTunnel(TunnelModel t, SocketModel s) {
        if (t != null && s != null) {
            socket.set(s);
        }
        tunnel.set(t);
    }

    /** After the list changed: a socket gone gives way to the first one; a tunnel gone to its socket's first. */
    void follow(List<SocketModel> sockets) {
        SocketModel s = socket.get();
        if (s == null || !sockets.contains(s)) {
            // Set anew even when it stays none: the tunnel of a socket that went must go too.
            socket.set(null);
            tunnel.set(null);
            selectSocket(sockets.isEmpty() ? null : sockets.get(0));
        } else if (tunnel.get() == null || !s.tunnels().contains(tunnel.get())) {
            tunnel.set(s.tunnels().isEmpty() ? null : s.tunnels().get(0));
        }
    }

    void clear() {
        tunnel.set(null);
        socket.set(null);
    }

    ReadOnlyObjectProperty<SocketModel> socketProperty() {
        return socket.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<TunnelModel> tunnelProperty() {
        return tunnel.getReadOnlyProperty();
    }
}
