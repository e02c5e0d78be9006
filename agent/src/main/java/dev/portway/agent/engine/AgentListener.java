// What an agent reports while it runs; called from network threads, so listeners hand off to their own thread.
package dev.portway.agent.engine;

public interface AgentListener {
    /** detail: the public URL when online, the reason when retrying or failed. */
    default void onStatus(AgentStatus status, String detail) {
    }

    /** An exchange answered (one line of the request log). */
    default void onRequest(RequestLog log) {
    }

    /** A tcp or tls visitor connection ended (one line of the connection log). */
    default void onConnection(ConnectionLog log) {
    }

    /**
     * A tcp or tls visitor connection (or a udp flow) opened, then again once it ended: what the inspector lists.
     * Called on the connection's event loop; read connection.now() there for a snapshot, or keep it to read its
     * counts while it lasts.
     */
    default void onConnectionChange(LiveConnection connection) {
    }

    /** An exchange as the inspector shows it: pending, then done or failed (again when an upgrade ends). */
    default void onExchange(Exchange exchange) {
    }

    /** Whether the agent could reach the local service for the latest visitor; detail says why not. */
    default void onLocalService(boolean reachable, String detail) {
    }
}
