// The states a tunnel agent goes through, as shown to a user.
package dev.portway.agent.engine;

public enum AgentStatus {
    CONNECTING, ONLINE, RETRYING, ERROR, STOPPED
}
