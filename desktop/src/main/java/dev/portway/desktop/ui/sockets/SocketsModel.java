// The main screen: the commands on the user's sockets and tunnels (the server's answers are merged into the listing,
// which its live events keep current), which socket and tunnel are selected, and the traffic chart's clock.
package dev.portway.desktop.ui.sockets;

import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.CustomDomainList;
import dev.portway.desktop.ui.common.Banner;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.Session;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.collections.ObservableList;

public final class SocketsModel implements DomainCommands, VisitorCommands {
    private final Session session;
    private final SettingsStore store;
    private final Banner banner;
    private final long started = System.nanoTime();
    private final SocketListing listing = new SocketListing(this::seconds, this::server);
    private final SocketSelection selection = new SocketSelection();
    private int inFlight;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public SocketsModel(Session session, SettingsStore store, Banner banner) {
        this.session = session;
        this.store = store;
        this.banner = banner;
    }

    private String server() {
        return session.server();
    }

    /** The server's list, and what this machine remembers of each tunnel (its local port). */
    private record Listed(List<SocketInfo> sockets, List<Settings.SavedTunnel> saved) {
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    public void refresh() {
        refresh(saved -> {
        });
    }

    /** then: runs after the list is merged, with the tunnels this machine remembers. */
    public void refresh(Consumer<List<Settings.SavedTunnel>> then) {
        long before = listing.changes();
        call(c -> new Listed(c.sockets(), store.load().tunnels()), listed -> {
            listing.replace(listed.sockets(), listed.saved());
            selection.follow(listing.sockets());
            then.accept(listed.saved());
            if (listing.changes() != before) {
                refresh();
            }
        }, banner::show);
    }

    /** Applies one of the server's live events (on the FX thread): no refresh needed. */
    public void apply(ServerEvent e) {
        if (listing.apply(e)) {
            selection.follow(listing.sockets());
        }
    }

    /** Creates a socket with its type and visitor access; the new socket is selected. */
    public void createSocket(CreateSocket request, Reply reply) {
        call(c -> c.createSocket(request), s -> {
            reply.done();
            refresh(saved -> socket(s.socketId()).ifPresent(this::selectSocket));
        }, reply::failed);
    }

    public void deleteSocket(SocketModel s) {
        deleteSocket(s, id -> {
        });
    }

    /** deleted: told the socket's id off the FX thread once the server has deleted it. */
    void deleteSocket(SocketModel s, Consumer<String> deleted) {
        s.tunnels().forEach(t -> session.engine(m -> m.forget(t.tunnelId())));
        call(c -> {
            c.deleteSocket(s.socketId());
            deleted.accept(s.socketId());
            return s;
        }, x -> refresh(), banner::show);
    }

    /** Adds a tunnel to a socket; the new tunnel is selected, so its traffic shows. */
    public void createTunnel(SocketModel s) {
        call(c -> c.createTunnel(s.socketId()),
                t -> refresh(saved -> tunnel(t.tunnelId()).ifPresent(this::selectTunnel)),
                banner::show);
    }

    public void deleteTunnel(TunnelModel t) {
        session.engine(m -> m.forget(t.tunnelId()));
        call(c -> {
            c.deleteTunnel(t.socketId(), t.tunnelId());
            return t;
        }, x -> refresh(), banner::show);
    }

    @Override
    public void addCustomDomain(SocketModel s, String name, Reply reply) {
        changeCustomDomains(s, List.of(name), List.of(), reply);
    }

    @Override
    public void removeCustomDomain(SocketModel s, String name, Reply reply) {
        changeCustomDomains(s, List.of(), List.of(name), reply);
    }

    @Override
    public void verifyCustomDomains(SocketModel s, Reply reply) {
        call(c -> c.updateSocket(s.socketId(), new UpdateSocket(null, null, null, null, null, null, Boolean.TRUE)),
                x -> {
                    reply.done();
                    refresh();
                }, reply::failed);
    }

    /**
     * The API takes the whole new list: the server's as it is now, changed (a name removed meanwhile, elsewhere, is
     * gone as asked); the server's answer (pending, or why a name is refused) reaches the reply.
     */
    private void changeCustomDomains(SocketModel s, List<String> add, List<String> remove, Reply reply) {
        call(c -> {
            List<CustomDomainInfo> now = c.socket(s.socketId()).customDomains();
            List<String> there = now.stream().map(d -> CustomDomainList.normalize(d.name())).toList();
            List<String> next = CustomDomainList.change(now, add,
                    remove.stream().filter(r -> there.contains(CustomDomainList.normalize(r))).toList());
            return c.updateSocket(s.socketId(), new UpdateSocket(null, null, null, null, null, next, null));
        }, x -> {
            reply.done();
            refresh();
        }, reply::failed);
    }

    @Override
    public ReadOnlyStringProperty identityProviderProperty() {
        return session.identityProviderProperty();
    }

    @Override
    public void changeVisitors(SocketModel s, Visitors wanted, String password, Reply reply) {
        Visitors now = s.visitorsProperty().get();
        String missing = wanted.missing(now, password);
        if (missing != null) {
            reply.failed(missing);
            return;
        }
        call(c -> c.updateSocket(s.socketId(), wanted.request(now, password)), x -> {
            reply.done();
            refresh();
        }, reply::failed);
    }

    /** Selects a socket and its first tunnel (or none), so the traffic pane never names another socket's tunnel. */
    public void selectSocket(SocketModel s) {
        selection.selectSocket(s);
    }

    /** Selects a tunnel, and its socket with it. */
    public void selectTunnel(TunnelModel t) {
        selection.selectTunnel(t, t == null ? null : socket(t.socketId()).orElse(null));
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
        for (TunnelModel t : listing.tunnels()) {
            session.counters(t.tunnelId())
                    .ifPresent(c -> t.sample(seconds, c.bytesIn(), c.bytesOut(), c.openConnections()));
        }
    }

    /** After a sign-out: nothing listed, nothing selected, nothing pending. */
    public void clear() {
        inFlight = 0;
        busy.set(false);
        selection.clear();
        listing.clear();
    }

    // ---- lookups -----------------------------------------------------------------------------------------------

    public Optional<SocketModel> socket(String socketId) {
        return listing.socket(socketId);
    }

    public Optional<TunnelModel> tunnel(String tunnelId) {
        return listing.tunnel(tunnelId);
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

    // ---- read-only state ---------------------------------------------------------------------------------------

    /** A call of this screen is in flight. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ObservableList<SocketModel> sockets() {
        return listing.sockets();
    }

    /** Every tunnel of every socket, in the list's order; it reports each one's switch, status and port. */
    public ObservableList<TunnelModel> tunnels() {
        return listing.tunnels();
    }

    public ReadOnlyObjectProperty<SocketModel> selectedSocketProperty() {
        return selection.socketProperty();
    }

    public ReadOnlyObjectProperty<TunnelModel> selectedTunnelProperty() {
        return selection.tunnelProperty();
    }
}
