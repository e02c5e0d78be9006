// The main screen: the user's sockets and their tunnels, kept as the server says through its live events, which socket
// and which tunnel are selected (the traffic pane shows that tunnel, always one of that socket's), and the commands on
// them.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.protocol.api.ApiEvents;
import dev.portway.protocol.api.CreateSocket;
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
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

public final class SocketsModel {
    private final Session session;
    private final SettingsStore store;
    private final Banner banner;
    private int inFlight;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    // Extractors: a list listener hears a renamed socket, and a tunnel switched, failing or moved to another port.
    private final ObservableList<SocketModel> sockets =
            FXCollections.observableArrayList(s -> new Observable[]{s.nameProperty()});
    private final ObservableList<TunnelModel> tunnels = FXCollections.observableArrayList(t -> new Observable[]{
        t.onProperty(), t.statusProperty(), t.localErrorProperty(), t.hostProperty(), t.portProperty(),
        t.whereProperty()});
    private final ObservableList<SocketModel> socketsView = FXCollections.unmodifiableObservableList(sockets);
    private final ObservableList<TunnelModel> tunnelsView = FXCollections.unmodifiableObservableList(tunnels);
    private final ReadOnlyObjectWrapper<SocketModel> selectedSocket = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TunnelModel> selectedTunnel = new ReadOnlyObjectWrapper<>();
    private final Map<String, TunnelModel> tunnelsById = new HashMap<>();
    /** The server's sockets as last heard, from a refresh and the events since, in its order. */
    private final Map<String, SocketInfo> listed = new LinkedHashMap<>();
    /** Events applied so far: a refresh that crossed one may have read the state before it, so it reads again. */
    private long changes;
    /** Tunnels first heard of in an event, without this machine's local target (read at the next refresh). */
    private final Set<String> unremembered = new HashSet<>();
    /** Tunnels deleted since the last refresh. */
    private final Set<String> deletedTunnels = new HashSet<>();
    private final long started = System.nanoTime();

    SocketsModel(Session session, SettingsStore store, Banner banner) {
        this.session = session;
        this.store = store;
        this.banner = banner;
    }

    /** The server's list, and what this machine remembers of each tunnel (its local port). */
    private record Listing(List<SocketInfo> sockets, List<Settings.SavedTunnel> saved) {
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    public void refresh() {
        refresh(saved -> {
        });
    }

    /** then: runs after the list is merged, with the tunnels this machine remembers. */
    void refresh(Consumer<List<Settings.SavedTunnel>> then) {
        long before = changes;
        call(c -> new Listing(c.sockets(), store.load().tunnels()), listing -> {
            listed.clear();
            listing.sockets().forEach(s -> listed.put(s.socketId(), s));
            deletedTunnels.clear();
            merge(listing);
            then.accept(listing.saved());
            if (changes != before) {
                refresh();
            }
        }, banner::show);
    }

    /** Applies one of the server's live events (on the FX thread): no refresh needed. */
    void apply(ServerEvent e) {
        try {
            switch (e.name()) {
                case ApiEvents.SOCKET -> {
                    SocketInfo s = e.data(SocketInfo.class);
                    listed.put(s.socketId(), s);
                }
                case ApiEvents.SOCKET_DELETED -> listed.remove(e.data(ApiEvents.Deleted.class).socketId());
                case ApiEvents.TUNNEL -> withTunnel(e.data(TunnelInfo.class));
                case ApiEvents.TUNNEL_DELETED -> {
                    ApiEvents.Deleted d = e.data(ApiEvents.Deleted.class);
                    deletedTunnels.add(d.tunnelId());
                    SocketInfo s = listed.get(d.socketId());
                    if (s != null) {
                        listed.put(s.socketId(), withTunnels(s, s.tunnels().stream()
                                .filter(t -> !t.tunnelId().equals(d.tunnelId())).toList()));
                    }
                }
                case ApiEvents.TRAFFIC -> {
                    long now = seconds();
                    e.data(ApiEvents.Traffic.class).tunnels()
                            .forEach(sample -> tunnel(sample.tunnelId()).ifPresent(t -> t.serverSample(now, sample)));
                    return;
                }
                default -> {
                    return;
                }
            }
        } catch (ApiException bad) {
            // An event this app cannot read: the next refresh (when the stream is live again) has the truth.
            return;
        }
        changes++;
        merge(new Listing(List.copyOf(listed.values()), List.of()));
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

    private static SocketInfo withTunnels(SocketInfo s, List<TunnelInfo> tunnels) {
        return new SocketInfo(s.socketId(), s.name(), s.dnsName(), s.socketType(), s.url(), s.tcpPort(), s.address(),
                s.isProtected(), s.username(), s.allowIps(), s.createdAt(), tunnels);
    }

    /** Creates a socket with its type and visitor access; the new socket is selected. */
    public void createSocket(CreateSocket request, Reply reply) {
        call(c -> c.createSocket(request), s -> {
            reply.done();
            refresh(saved -> socket(s.socketId()).ifPresent(this::selectSocket));
        }, reply::failed);
    }

    public void deleteSocket(SocketModel s) {
        s.tunnels().forEach(t -> session.engine(m -> m.forget(t.tunnelId())));
        call(c -> {
            c.deleteSocket(s.socketId());
            return s;
        }, x -> refresh(), banner::show);
    }

    /** Adds a tunnel to a socket; the new tunnel is selected, so its traffic shows. */
    public void createTunnel(SocketModel s) {
        call(c -> c.createTunnel(s.socketId()), t -> refresh(saved -> tunnel(t.tunnelId()).ifPresent(this::selectTunnel)),
                banner::show);
    }

    public void deleteTunnel(TunnelModel t) {
        session.engine(m -> m.forget(t.tunnelId()));
        call(c -> {
            c.deleteTunnel(t.socketId(), t.tunnelId());
            return t;
        }, x -> refresh(), banner::show);
    }

    /** Selects a socket and its first tunnel (or none), so the traffic pane never names another socket's tunnel. */
    public void selectSocket(SocketModel s) {
        if (s == selectedSocket.get()) {
            return;
        }
        selectedSocket.set(s);
        selectedTunnel.set(s == null || s.tunnels().isEmpty() ? null : s.tunnels().get(0));
    }

    /** Selects a tunnel, and its socket with it. */
    public void selectTunnel(TunnelModel t) {
        if (t != null) {
            socket(t.socketId()).ifPresent(selectedSocket::set);
        }
        selectedTunnel.set(t);
    }

    /** Samples the live counters of every switched-on tunnel; the app calls it once a second. */
    public void sampleTraffic() {
        sampleTraffic(seconds());
    }

    /** The chart's clock, shared by this app's counters and the server's: seconds since the app started. */
    private long seconds() {
        return (System.nanoTime() - started) / 1_000_000_000L;
    }

    void sampleTraffic(long seconds) {
        for (TunnelModel t : tunnels) {
            session.counters(t.tunnelId())
                    .ifPresent(c -> t.sample(seconds, c.bytesIn(), c.bytesOut(), c.openConnections()));
        }
    }

    /** After a sign-out: nothing listed, nothing selected, nothing pending. */
    void clear() {
        inFlight = 0;
        busy.set(false);
        selectedTunnel.set(null);
        selectedSocket.set(null);
        sockets.clear();
        tunnels.clear();
        tunnelsById.clear();
        listed.clear();
        unremembered.clear();
        deletedTunnels.clear();
    }

    // ---- lookups -----------------------------------------------------------------------------------------------

    public Optional<SocketModel> socket(String socketId) {
        return sockets.stream().filter(s -> s.socketId().equals(socketId)).findFirst();
    }

    public Optional<TunnelModel> tunnel(String tunnelId) {
        return Optional.ofNullable(tunnelsById.get(tunnelId));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A call of this screen: counted while in flight; a success clears the banner. */
    private <T> void call(Session.ApiWork<T> work, Consumer<T> ok, Consumer<String> failed) {
        inFlight++;
        busy.set(true);
        session.call(work, result -> {
            settle();
            banner.dismiss();
            ok.accept(result);
        }, why -> {
            settle();
            failed.accept(why);
        });
    }

    private void settle() {
        inFlight = Math.max(0, inFlight - 1);
        busy.set(inFlight > 0);
    }

    private void merge(Listing listing) {
        Map<String, Settings.SavedTunnel> saved = new HashMap<>();
        listing.saved().forEach(t -> saved.put(t.tunnelId(), t));
        Map<String, SocketModel> existing = new HashMap<>();
        sockets.forEach(s -> existing.put(s.socketId(), s));
        Map<String, TunnelModel> liveTunnels = new HashMap<>();
        List<SocketModel> nextSockets = new ArrayList<>();
        List<TunnelModel> nextTunnels = new ArrayList<>();
        for (SocketInfo info : listing.sockets()) {
            SocketModel s = existing.computeIfAbsent(info.socketId(), id -> new SocketModel(info));
            s.update(info);
            List<TunnelModel> mine = new ArrayList<>();
            for (TunnelInfo ti : info.tunnels()) {
                TunnelModel t = tunnelsById.computeIfAbsent(ti.tunnelId(), id -> newTunnel(ti, saved.get(id)));
                Settings.SavedTunnel remembered = saved.get(ti.tunnelId());
                // A tunnel first heard of in an event gets this machine's local target with the next refresh.
                if (remembered != null && unremembered.remove(ti.tunnelId()) && !t.onProperty().get()) {
                    t.hostProperty().set(remembered.host());
                    t.portProperty().set(remembered.port());
                }
                t.update(ti);
                mine.add(t);
                liveTunnels.put(ti.tunnelId(), t);
            }
            if (!s.tunnels().equals(mine)) {
                s.tunnels().setAll(mine);
            }
            s.recount();
            nextSockets.add(s);
            nextTunnels.addAll(mine);
        }
        tunnelsById.keySet().retainAll(liveTunnels.keySet());
        unremembered.retainAll(liveTunnels.keySet());
        if (!sockets.equals(nextSockets)) {
            sockets.setAll(nextSockets);
        }
        if (!tunnels.equals(nextTunnels)) {
            tunnels.setAll(nextTunnels);
        }
        SocketModel s = selectedSocket.get();
        if (s == null || !nextSockets.contains(s)) {
            selectedSocket.set(null);
            selectSocket(nextSockets.isEmpty() ? null : nextSockets.get(0));
        } else if (selectedTunnel.get() == null || !s.tunnels().contains(selectedTunnel.get())) {
            selectedTunnel.set(s.tunnels().isEmpty() ? null : s.tunnels().get(0));
        }
    }

    private TunnelModel newTunnel(TunnelInfo ti, Settings.SavedTunnel saved) {
        TunnelModel t = new TunnelModel(ti.tunnelId(), ti.socketId());
        if (saved != null) {
            t.hostProperty().set(saved.host());
            t.portProperty().set(saved.port());
        } else {
            unremembered.add(ti.tunnelId());
        }
        return t;
    }

    // ---- read-only state ---------------------------------------------------------------------------------------

    /** A call of this screen is in flight. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObservableList<SocketModel> sockets() {
        return socketsView;
    }

    /** Every tunnel of every socket, in the list's order; it reports each one's switch, status and port. */
    public ObservableList<TunnelModel> tunnels() {
        return tunnelsView;
    }

    public ReadOnlyObjectProperty<SocketModel> selectedSocketProperty() {
        return selectedSocket.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TunnelModel> selectedTunnelProperty() {
        return selectedTunnel.getReadOnlyProperty();
    }
}
