// What an agent reports while it runs; called from network threads, so listeners hand off to their own thread.
package dev.portway.agent.engine;

public interface AgentListener {
    /** detail: the public URL when online, the reason when retrying or failed. */
    default void onStatus(AgentStatus status, String detail) {
    }

    default void onRequest(RequestLog log) {
    }

    /** Whether the agent could reach the local service for the latest visitor; detail says why not. */
    default void onLocalService(boolean reachable, String detail) {
    }
}
