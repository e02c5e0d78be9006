// The user's sockets and their tunnels as the server says: a refresh's list, kept current by the live events since,
// merged into the models the screens show (a socket or tunnel keeps its model, and so its chart, across merges).
package dev.portway.desktop.ui.sockets;

import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.Settings;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

final class SocketListing {
    /** The chart's clock (seconds), for the server's traffic samples. */
    private final LongSupplier seconds;
    // Extractors: a list listener hears a renamed socket, and a tunnel switched, failing or moved to another port.
    private final ObservableList<SocketModel> sockets =
            FXCollections.observableArrayList(s -> new Observable[]{s.nameProperty()});
    private final ObservableList<TunnelModel> tunnels = FXCollections.observableArrayList(t -> new Observable[]{
        t.onProperty(), t.statusProperty(), t.localErrorProperty(), t.hostProperty(), t.portProperty(),
        t.whereProperty()});
    private final ObservableList<SocketModel> socketsView = FXCollections.unmodifiableObservableList(sockets);
    private final ObservableList<TunnelModel> tunnelsView = FXCollections.unmodifiableObservableList(tunnels);
    private final Map<String, TunnelModel> tunnelsById = new HashMap<>();
    /** The server's sockets as last heard, from a refresh and the events since, in its order. */
    private final Map<String, SocketInfo> listed = new LinkedHashMap<>();
    /** Events applied so far: a refresh that crossed one may have read the state before it, so it reads again. */
    private long changes;
    /** Tunnels first heard of in an event, without this machine's local target (read at the next refresh). */
    private final Set<String> unremembered = new HashSet<>();
    /** Tunnels deleted since the last refresh. */
    private final Set<String> deletedTunnels = new HashSet<>();

    /** The API URL signed in to (null when not known): a tcp socket's terminal hint dials its host. */
    private final Supplier<String> server;

    SocketListing(LongSupplier seconds, Supplier<String> server) {
        this.seconds = seconds;
        this.server = server;
    }

    /** A refresh's answer: the server's list, and what this machine remembers of each tunnel (its local port). */
    void replace(List<SocketInfo> all, List<Settings.SavedTunnel> saved) {
        listed.clear();
        all.forEach(s -> listed.put(s.socketId(), s));
        deletedTunnels.clear();
        merge(saved);
    }

    /** Applies one of the server's live events; true if the list changed (not for traffic, nor an unreadable one). */
    boolean apply(ServerEvent e) {
        try {
            switch (e.name()) {
                case ApiEvents.SOCKET -> {
                    SocketInfo s = e.data(SocketInfo.class);
                    listed.put(s.socketId(), s);
                }
                case ApiEvents.SOCKET_DELETED -> listed.remove(e.data(ApiEvents.Deleted.class).socketId());
                case ApiEvents.TUNNEL -> withTunnel(e.data(TunnelInfo.class));
                case ApiEvents.TUNNEL_DELETED -> withoutTunnel(e.data(ApiEvents.Deleted.class));
                case ApiEvents.TRAFFIC -> {
                    long now = seconds.getAsLong();
                    e.data(ApiEvents.Traffic.class).tunnels()
                            .forEach(sample -> tunnel(sample.tunnelId()).ifPresent(t -> t.serverSample(now, sample)));
                    return false;
                }
                default -> {
                    return false;
                }
            }
        } catch (ApiException bad) {
            // An event this app cannot read: the next refresh (when the stream is live again) has the truth.
            return false;
        }
        changes++;
        merge(List.of());
        return true;
    }

    /** How many events changed the list so far. */
    long changes() {
        return changes;
    }

    /** The tunnel as the event says, in its socket's list (a new one at the end). */
    private void withTunnel(TunnelInfo t) {
        SocketInfo s = listed.get(t.socketId());
        // A link's last word can be sent just after its tunnel was deleted: it must not bring it back.
        if (s == null || deletedTunnels.contains(t.tunnelId())) {
            return;
        }
        List<TunnelInfo> next = new ArrayList<>(s.tunnels());
        int at = next.stream().map(TunnelInfo::tunnelId).toList().indexOf(t.tunnelId());
        if (at < 0) {
            next.add(t);
        } else {
            next.set(at, t);
        }
        listed.put(s.socketId(), withTunnels(s, next));
    }

    private void withoutTunnel(ApiEvents.Deleted d) {
        deletedTunnels.add(d.tunnelId());
        SocketInfo s = listed.get(d.socketId());
        if (s != null) {
            listed.put(s.socketId(), withTunnels(s, s.tunnels().stream()
                    .filter(t -> !t.tunnelId().equals(d.tunnelId())).toList()));
        }
    }

    private static SocketInfo withTunnels(SocketInfo s, List<TunnelInfo> tunnels) {
        return new SocketInfo(s.socketId(), s.name(), s.dnsName(), s.socketType(), s.url(), s.tcpPort(), s.address(),
                s.isProtected(), s.username(), s.allowIps(), s.createdAt(), tunnels, s.customDomains(), s.certificate(),
                s.allowedEmails(), s.allowedEmailDomains(), s.udpPort());
    }

    /** After a sign-out: nothing listed. */
    void clear() {
        sockets.clear();
        tunnels.clear();
        tunnelsById.clear();
        listed.clear();
        unremembered.clear();
        deletedTunnels.clear();
    }

    private void merge(List<Settings.SavedTunnel> remembered) {
        Map<String, Settings.SavedTunnel> saved = new HashMap<>();
        remembered.forEach(t -> saved.put(t.tunnelId(), t));
        Map<String, SocketModel> existing = new HashMap<>();
        sockets.forEach(s -> existing.put(s.socketId(), s));
        Set<String> live = new HashSet<>();
        List<SocketModel> nextSockets = new ArrayList<>();
        List<TunnelModel> nextTunnels = new ArrayList<>();
        String signedIn = server.get();
        for (SocketInfo info : listed.values()) {
            SocketModel s = existing.computeIfAbsent(info.socketId(), id -> new SocketModel(info, signedIn));
            s.update(info, signedIn);
            List<TunnelModel> mine = new ArrayList<>();
            for (TunnelInfo ti : info.tunnels()) {
                TunnelModel t = tunnelsById.computeIfAbsent(ti.tunnelId(), id -> newTunnel(ti, saved.get(id)));
                Settings.SavedTunnel local = saved.get(ti.tunnelId());
                // A tunnel first heard of in an event gets this machine's local target with the next refresh.
                if (local != null && unremembered.remove(ti.tunnelId()) && !t.onProperty().get()) {
                    t.hostProperty().set(local.host());
                    t.portProperty().set(local.port());
                    t.hostHeaderProperty().set(local.hostHeader());
                }
                t.update(ti);
                mine.add(t);
                live.add(ti.tunnelId());
            }
            if (!s.tunnels().equals(mine)) {
                s.tunnels().setAll(mine);
            }
            s.recount();
            nextSockets.add(s);
            nextTunnels.addAll(mine);
        }
        tunnelsById.keySet().retainAll(live);
        unremembered.retainAll(live);
        if (!sockets.equals(nextSockets)) {
            sockets.setAll(nextSockets);
        }
        if (!tunnels.equals(nextTunnels)) {
            tunnels.setAll(nextTunnels);
        }
    }

    private TunnelModel newTunnel(TunnelInfo ti, Settings.SavedTunnel saved) {
        TunnelModel t = new TunnelModel(ti.tunnelId(), ti.socketId());
        if (saved != null) {
            t.hostProperty().set(saved.host());
            t.portProperty().set(saved.port());
            t.hostHeaderProperty().set(saved.hostHeader());
        } else {
            unremembered.add(ti.tunnelId());
        }
        return t;
    }

    Optional<SocketModel> socket(String socketId) {
        return sockets.stream().filter(s -> s.socketId().equals(socketId)).findFirst();
    }

    Optional<TunnelModel> tunnel(String tunnelId) {
        return Optional.ofNullable(tunnelsById.get(tunnelId));
    }

    /** In the server's order. */
    ObservableList<SocketModel> sockets() {
        return socketsView;
    }

    /** Every tunnel of every socket, in the list's order; it reports each one's switch, status and port. */
    ObservableList<TunnelModel> tunnels() {
        return tunnelsView;
    }
}
