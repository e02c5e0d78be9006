// A tunnel's model: status words, rates from counters for a bounded chart, and the local target another agent
// reports.
package dev.portway.desktop.ui.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.protocol.api.TunnelInfo;
import org.junit.jupiter.api.Test;

class TunnelModelTest {
    final TunnelModel t = new TunnelModel("0123456789abcdef", "s");

    @Test
    void statusTextSaysWhatIsGoingOn() {
        assertEquals("off", t.statusTextProperty().get());
        t.status(AgentStatus.CONNECTING, "x");
        assertEquals("connecting", t.statusTextProperty().get());
        t.status(AgentStatus.ONLINE, "http://u/");
        assertEquals("online", t.statusTextProperty().get());
        t.localService(false, "could not reach localhost:8000 (connection refused)");
        assertEquals("error: could not reach localhost:8000 (connection refused)", t.statusTextProperty().get());
        t.localService(true, "localhost:8000");
        assertEquals("online", t.statusTextProperty().get());
        t.status(AgentStatus.RETRYING, "retrying in 4.0 s (connection refused)");
        assertEquals("retrying in 4.0 s (connection refused)", t.statusTextProperty().get());
        t.status(AgentStatus.ERROR, "unknown tunnel");
        assertEquals("error: unknown tunnel", t.statusTextProperty().get());
        assertEquals("01234567", t.shortId());
    }

    @Test
    void ratesComeFromCounterDeltasAndTheChartIsBounded() {
        t.sample(1, 0, 0, 0);
        t.sample(2, 1000, 5000, 3);
        assertEquals(1000L, t.rateIn().get(1).getYValue().longValue());
        assertEquals(5000L, t.rateOut().get(1).getYValue().longValue());
        assertEquals(5000L, t.bytesOutProperty().get());
        assertEquals(3, t.openConnectionsProperty().get());
        for (int i = 3; i < 500; i++) {
            t.sample(i, 1000, 5000, 0);
        }
        assertEquals(0L, t.rateIn().get(TunnelModel.CHART_POINTS - 1).getYValue().longValue());
        assertEquals(TunnelModel.CHART_POINTS, t.rateIn().size());
        assertEquals(499L, t.rateIn().get(TunnelModel.CHART_POINTS - 1).getXValue().longValue());
    }

    private static TunnelInfo elsewhere(String localTarget) {
        return new TunnelInfo("0123456789abcdef", "s", TunnelInfo.ONLINE, "2026-11-27T10:00:00Z", 0, 0, 0,
                "2026-11-27T09:00:00Z", null, "laptop", "192.0.2.7", localTarget);
    }

    @Test
    void aTunnelOnlineElsewhereShowsThePortItsAgentReported() {
        assertEquals(8000, t.portProperty().get(), "this app's default");
        t.update(elsewhere("localhost:9443"));
        assertEquals("localhost", t.hostProperty().get());
        assertEquals(9443, t.portProperty().get());

        t.portProperty().set(9500);
        t.update(elsewhere("localhost:9443"));
        assertEquals(9500, t.portProperty().get(), "what the person typed stays while the report is the same");
        t.update(elsewhere("[::1]:9444"));
        assertEquals("::1", t.hostProperty().get(), "a new report is shown");
        assertEquals(9444, t.portProperty().get());

        t.update(elsewhere("not a target"));
        t.update(elsewhere(null));
        assertEquals(9444, t.portProperty().get(), "an older agent (none) or garbage changes nothing");
    }

    @Test
    void aTunnelThisAppRunsKeepsItsOwnTarget() {
        t.portProperty().set(3000);
        t.switched(true);
        t.update(elsewhere("localhost:9443"));
        assertEquals(3000, t.portProperty().get());
    }
}
