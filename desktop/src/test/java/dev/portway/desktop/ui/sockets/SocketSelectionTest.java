// The selection: a socket brings its first tunnel, a tunnel brings its socket, and both follow the list as it changes.
package dev.portway.desktop.ui.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.SocketInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketSelectionTest {
    final SocketSelection selection = new SocketSelection();

    static SocketModel socket(String id, String... tunnelIds) {
        SocketModel s = new SocketModel(new SocketInfo(id, id, id + ".localhost", "http", "http://" + id + ".localhost",
                null, null, false, null, List.of(), "2026-11-27T10:00:00Z", List.of()), null);
        for (String t : tunnelIds) {
            s.tunnels().add(new TunnelModel(t, id));
        }
        return s;
    }

    @Test
    void aSocketBringsItsFirstTunnelAndATunnelItsSocket() {
        SocketModel a = socket("a", "a1", "a2");
        SocketModel b = socket("b");
        selection.selectSocket(a);
        assertEquals(a.tunnels().get(0), selection.tunnelProperty().get());
        selection.selectSocket(b);
        assertNull(selection.tunnelProperty().get(), "never another socket's tunnel");
        selection.selectTunnel(a.tunnels().get(1), a);
        assertEquals(a, selection.socketProperty().get());
        assertEquals(a.tunnels().get(1), selection.tunnelProperty().get());
    }

    @Test
    void itFollowsTheListWhenWhatWasSelectedGoes() {
        SocketModel a = socket("a", "a1", "a2");
        SocketModel b = socket("b", "b1");
        selection.selectTunnel(a.tunnels().get(1), a);
        selection.follow(List.of(a, b));
        assertEquals(a.tunnels().get(1), selection.tunnelProperty().get(), "still listed: kept");
        a.tunnels().remove(1);
        selection.follow(List.of(a, b));
        assertEquals(a.tunnels().get(0), selection.tunnelProperty().get());
        selection.follow(List.of(b));
        assertEquals(b, selection.socketProperty().get());
        assertEquals(b.tunnels().get(0), selection.tunnelProperty().get());
        selection.follow(List.of());
        assertNull(selection.socketProperty().get());
        assertNull(selection.tunnelProperty().get());
    }
}
