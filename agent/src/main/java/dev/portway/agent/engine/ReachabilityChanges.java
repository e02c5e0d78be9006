// Passes an agent's events on, but the local service's reachability only when it changes, not once per visitor.
package dev.portway.agent.engine;

final class ReachabilityChanges implements AgentListener {
    private final AgentListener listener;
    private volatile Boolean reachable = Boolean.TRUE;

    ReachabilityChanges(AgentListener listener) {
        this.listener = listener;
    }

    @Override
    public void onRequest(RequestLog log) {
        listener.onRequest(log);
    }

    @Override
    public void onExchange(Exchange exchange) {
        listener.onExchange(exchange);
    }

    @Override
    public void onConnection(ConnectionLog log) {
        listener.onConnection(log);
    }

    @Override
    public void onConnectionChange(LiveConnection connection) {
        listener.onConnectionChange(connection);
    }

    @Override
    public void onLocalService(boolean ok, String detail) {
        if (!Boolean.valueOf(ok).equals(reachable)) {
            reachable = ok;
            listener.onLocalService(ok, detail);
        }
    }
}
