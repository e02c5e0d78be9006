// What the "Who can visit" section asks of the app: the server's identity provider, and changing a socket's access.
package dev.portway.desktop.ui.sockets;

import dev.portway.desktop.ui.common.Reply;
import javafx.beans.property.ReadOnlyStringProperty;

interface VisitorCommands {
    /** The provider's issuer URL; empty when the server has none, null until it has said. */
    ReadOnlyStringProperty identityProviderProperty();

    /**
     * Makes the socket's access wanted; password: as typed, empty to keep the socket's own. The server's refusal (or
     * what is missing) reaches the reply.
     */
    void changeVisitors(SocketModel s, Visitors wanted, String password, Reply reply);
}
