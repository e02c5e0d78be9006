// What the custom domains section asks of the app; each change goes to the server, and its answer to the reply.
package dev.portway.desktop.ui.sockets;

import dev.portway.desktop.ui.common.Reply;

interface DomainCommands {
    /** Adds a domain of the user's own to the socket; it starts pending until its TXT record is seen. */
    void addCustomDomain(SocketModel s, String name, Reply reply);

    /** Stops routing the domain to the socket. */
    void removeCustomDomain(SocketModel s, String name, Reply reply);

    /** Has the server look for the TXT records of the pending and failed domains again now. */
    void verifyCustomDomains(SocketModel s, Reply reply);
}
