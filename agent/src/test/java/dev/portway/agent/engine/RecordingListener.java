// Collects what an agent reports, for tests to wait on.
package dev.portway.agent.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

class RecordingListener implements AgentListener {
    final List<AgentStatus> statuses = new CopyOnWriteArrayList<>();
    final List<String> details = new CopyOnWriteArrayList<>();
    final List<RequestLog> requests = new CopyOnWriteArrayList<>();
    /** Why the local service could not be reached, each time it became unreachable. */
    final List<String> unreachable = new CopyOnWriteArrayList<>();
    volatile AgentStatus status;
    volatile String detail;

    @Override
    public void onStatus(AgentStatus s, String d) {
        statuses.add(s);
        details.add(String.valueOf(d));
        detail = d;
        status = s;
    }

    @Override
    public void onRequest(RequestLog log) {
        requests.add(log);
    }

    @Override
    public void onLocalService(boolean reachable, String detail) {
        if (!reachable) {
            unreachable.add(detail);
        }
    }
}
