// One tunnel as the app shows it: its switch, local target, status, where the server says it runs, and live traffic
// (its requests are in its inspector).
package dev.portway.desktop.ui.tunnel;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.TunnelPlace;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.TunnelInfo;
import java.time.ZoneId;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

public final class TunnelModel {
    /** Chart points kept: one a second, the last three minutes. */
    static final int CHART_POINTS = 180;

    private final String tunnelId;
    private final String socketId;
    private final StringProperty host = new SimpleStringProperty("localhost");
    private final IntegerProperty port = new SimpleIntegerProperty(8000);
    private final StringProperty hostHeader = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper on = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<AgentStatus> status = new ReadOnlyObjectWrapper<>(AgentStatus.STOPPED);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("off");
    private final ReadOnlyStringWrapper localError = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper onlineAtServer = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper agentHost = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper where = new ReadOnlyStringWrapper(TunnelPlace.OFFLINE);
    private String since;
    /** The local target another agent reported last; applied to host and port once, so typing over it sticks. */
    private String reportedTarget;
    private long baseIn;
    private long baseOut;
    private long linkIn;
    private long linkOut;
    private final ReadOnlyLongWrapper bytesIn = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper bytesOut = new ReadOnlyLongWrapper();
    private final ReadOnlyIntegerWrapper openConnections = new ReadOnlyIntegerWrapper();
    private final ObservableList<XYChart.Data<Number, Number>> rateIn = FXCollections.observableArrayList();
    private final ObservableList<XYChart.Data<Number, Number>> rateOut = FXCollections.observableArrayList();
    private long lastIn = -1;
    private long lastOut = -1;
    private String detail;

    public TunnelModel(String tunnelId, String socketId) {
        this.tunnelId = tunnelId;
        this.socketId = socketId;
    }

    /** The server's view of the tunnel, from a refresh or a live event. */
    public void update(TunnelInfo info) {
        boolean online = TunnelInfo.ONLINE.equals(info.status());
        onlineAtServer.set(online);
        agentHost.set(online ? TunnelPlace.host(info) : null);
        followReportedTarget(online ? info.localTarget() : null);
        String link = online ? info.connectedSince() : null;
        if (!Objects.equals(link, since)) {
            linkIn = 0;
            linkOut = 0;
        }
        since = link;
        // The server's totals include its link's counters so far; its samples count that link from zero.
        baseIn = info.bytesIn() - linkIn;
        baseOut = info.bytesOut() - linkOut;
        if (!on.get()) {
            bytesIn.set(info.bytesIn());
            bytesOut.set(info.bytesOut());
            openConnections.set(info.openConnections());
        }
        refreshWhere();
    }

    /**
     * While another agent runs the tunnel, its local target is the one to show (row, tray) and to take over with,
     * not this app's default or last one.
     */
    private void followReportedTarget(String target) {
        if (target != null && !on.get() && !target.equals(reportedTarget)) {
            LocalTarget.parse(target).ifPresent(t -> {
                host.set(t.host());
                port.set(t.port());
            });
        }
        reportedTarget = target;
    }

    /** The server's counters of the tunnel's link; they drive the chart only while another agent runs it. */
    public void serverSample(long t, ApiEvents.Sample s) {
        linkIn = s.bytesIn();
        linkOut = s.bytesOut();
        if (!on.get()) {
            sample(t, baseIn + s.bytesIn(), baseOut + s.bytesOut(), s.openConnections());
        }
    }

    public void switched(boolean value) {
        on.set(value);
        if (!value) {
            // Our agent was the tunnel's link; the server's next word says if another agent holds it.
            localError.set(null);
            onlineAtServer.set(false);
            agentHost.set(null);
            refreshWhere();
        }
    }

    /** The server says another agent than this app's holds the tunnel's link. */
    public boolean onlineElsewhere() {
        return onlineAtServer.get() && status.get() != AgentStatus.ONLINE;
    }

    private void refreshWhere() {
        where.set(status.get() == AgentStatus.ONLINE ? TunnelPlace.HERE
                : onlineAtServer.get() ? TunnelPlace.elsewhere(agentHost.get(), since, ZoneId.systemDefault())
                : TunnelPlace.OFFLINE);
    }

    public void status(AgentStatus s, String d) {
        status.set(s);
        detail = d;
        if (s != AgentStatus.ONLINE) {
            localError.set(null);
        }
        refreshText();
        refreshWhere();
    }

    public void localService(boolean reachable, String d) {
        localError.set(reachable ? null : d);
        refreshText();
    }

    private void refreshText() {
        AgentStatus s = status.get();
        statusText.set(switch (s) {
            case STOPPED -> "off";
            case CONNECTING -> "connecting";
            case ONLINE -> localError.get() != null ? "error: " + localError.get() : "online";
            case RETRYING -> detail;
            case ERROR -> "error: " + detail;
        });
    }

    /** Takes one sample of the live counters (called once a second); t is the sample's time in seconds. */
    public void sample(long t, long in, long out, int open) {
        addPoint(rateIn, t, lastIn < 0 ? 0 : Math.max(0, in - lastIn));
        addPoint(rateOut, t, lastOut < 0 ? 0 : Math.max(0, out - lastOut));
        lastIn = in;
        lastOut = out;
        bytesIn.set(in);
        bytesOut.set(out);
        openConnections.set(open);
    }

    private static void addPoint(ObservableList<XYChart.Data<Number, Number>> series, long t, long value) {
        series.add(new XYChart.Data<>(t, value));
        if (series.size() > CHART_POINTS) {
            series.remove(0, series.size() - CHART_POINTS);
        }
    }

    public String tunnelId() {
        return tunnelId;
    }

    public String socketId() {
        return socketId;
    }

    public String shortId() {
        return tunnelId.substring(0, Math.min(8, tunnelId.length()));
    }

    public StringProperty hostProperty() {
        return host;
    }

    public IntegerProperty portProperty() {
        return port;
    }

    /** The Host header requests carry to the local service: null unchanged, "rewrite" (HOST:PORT), or a value. */
    public StringProperty hostHeaderProperty() {
        return hostHeader;
    }

    /** What switching on exposes: host, port and Host header as set now. */
    public LocalTarget target() {
        return new LocalTarget(host.get().strip(), port.get()).withHostHeader(hostHeader.get());
    }

    public ReadOnlyBooleanProperty onProperty() {
        return on.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AgentStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty localErrorProperty() {
        return localError.getReadOnlyProperty();
    }

    /** Online here (our own agent) or at the server (another agent). */
    public boolean isOnline() {
        return status.get() == AgentStatus.ONLINE || (!on.get() && onlineAtServer.get());
    }

    /** "online here", "online via another agent (HOST, since HH:MM)" or "offline". */
    public ReadOnlyStringProperty whereProperty() {
        return where.getReadOnlyProperty();
    }

    /** The machine whose agent holds the link, while the server says the tunnel is online. */
    public ReadOnlyStringProperty agentHostProperty() {
        return agentHost.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty onlineAtServerProperty() {
        return onlineAtServer.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty bytesInProperty() {
        return bytesIn.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty bytesOutProperty() {
        return bytesOut.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty openConnectionsProperty() {
        return openConnections.getReadOnlyProperty();
    }

    public ObservableList<XYChart.Data<Number, Number>> rateIn() {
        return rateIn;
    }

    public ObservableList<XYChart.Data<Number, Number>> rateOut() {
        return rateOut;
    }
}
