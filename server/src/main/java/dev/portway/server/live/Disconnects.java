// What the API may ask of live links: that the link code close them, here and (through the cluster) on the other
// nodes. The API never holds a link itself.
package dev.portway.server.live;

import dev.portway.protocol.link.GoAwayReason;

public interface Disconnects {
    /** Closes the tunnel's link, wherever it is held; its agent may dial again. */
    void disconnectTunnel(String tunnelId);

    /** Closes the tunnel's link telling its agent why (another node holding it closes it plainly). */
    void disconnectTunnel(String tunnelId, GoAwayReason why);

    /** Closes the links of the socket's tunnels that this server holds (the socket is gone). */
    void disconnectSocket(String socketId);

    /** Closes every link of the user's tunnels, wherever it is held (the account was disabled or deleted). */
    void disconnectOwner(String userId);
}
