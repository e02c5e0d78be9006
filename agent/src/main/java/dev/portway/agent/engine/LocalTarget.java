// The local service a tunnel exposes: host and port on the agent's machine.
package dev.portway.agent.engine;

public record LocalTarget(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
