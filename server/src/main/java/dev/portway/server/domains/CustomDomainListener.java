// Hears when this node starts or stops serving a custom domain (so that certificates can follow the names served).
package dev.portway.server.domains;

public interface CustomDomainListener {
    /** The edge routes name (lower-case) to the socket from now on: the domain was verified, here or on a node. */
    void served(String name, String socketId);

    /** The edge serves name no more: the domain was removed, or its socket or owner deleted. */
    void withdrawn(String name);
}
