// The app's state: who is signed in where, their sockets and tunnels, and every command a view can give.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.desktop.system.Autostart;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.RequestLog;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.TunnelManager;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.LoginResponse;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

public final class AppModel implements TunnelManager.Listener {
    /** The tray icon's look. */
    public enum TrayState { OFF, ALL_ONLINE, SOME_RETRYING }

    private final SettingsStore store;
    private final Autostart autostart;
    private final Executor background;
    private final Executor fx;
    private ApiClient api;
    private TunnelManager manager;
    private volatile ServerTrust.FirstContact firstContact = (s, fingerprint) -> false;

    private final ReadOnlyBooleanWrapper signedIn = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper server = new ReadOnlyStringWrapper("http://127.0.0.1:7070");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper connectAtLogin = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<TrayState> trayState = new ReadOnlyObjectWrapper<>(TrayState.OFF);
    /** Bumped whenever a switch or the tunnel list changes, so the tray menu can follow. */
    private final javafx.beans.property.ReadOnlyLongWrapper tunnelsChanged =
            new javafx.beans.property.ReadOnlyLongWrapper();
    private final ObservableList<SocketModel> sockets = FXCollections.observableArrayList();
    private final ObjectProperty<SocketModel> selectedSocket = new SimpleObjectProperty<>();
    private final ObjectProperty<TunnelModel> selectedTunnel = new SimpleObjectProperty<>();
    private final Map<String, TunnelModel> tunnelsById = new HashMap<>();
    /** Sockets made by "Share port…": deleted when their tunnel is switched off or the app quits. */
    private final Set<String> temporarySockets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** background runs network calls; fx runs model updates (Platform::runLater in the app). */
    public AppModel(SettingsStore store, Autostart autostart, Executor background, Executor fx) {
        this.store = store;
        this.autostart = autostart;
        this.background = background;
        this.fx = fx;
        Settings saved = store.load();
        if (saved.server() != null) {
            server.set(saved.server());
        }
        connectAtLogin.set(saved.connectAtLogin() && autostart.isInstalled());
    }

    /**
     * Who decides about a server certificate seen for the first time (the app asks its user); until one is set, such
     * a certificate is refused.
     */
    public void onFirstContact(ServerTrust.FirstContact ask) {
        firstContact = ask;
    }

    private ApiClient client(String serverUrl, String token) {
        return new ApiClient(serverUrl, token, new ServerTrust(store.knownServers(), null,
                (s, fingerprint) -> firstContact.accept(s, fingerprint)));
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    /** Signs in with the saved token, if there is one; restore: also switch on the tunnels that were on. */
    public void resume(boolean restore) {
        Settings saved = store.load();
        if (saved.token() == null || saved.server() == null) {
            return;
        }
        ApiClient candidate = client(saved.server(), saved.token());
        call(() -> candidate.account(), a -> {
            signedInAs(candidate, a.email());
            refresh(() -> {
                if (restore) {
                    manager.restore();
                    store.load().tunnels().stream().filter(Settings.SavedTunnel::on)
                            .forEach(t -> byId(t.tunnelId()).ifPresent(m -> m.switched(true)));
                }
            });
        });
    }

    public void signIn(String serverUrl, String email, String password) {
        login(serverUrl, () -> client(serverUrl, null).login(email, password));
    }

    public void createAccount(String serverUrl, String email, String password) {
        login(serverUrl, () -> {
            ApiClient anonymous = client(serverUrl, null);
            anonymous.signup(email, password);
            return anonymous.login(email, password);
        });
    }

    private void login(String serverUrl, Supplier<LoginResponse> how) {
        call(() -> {
            LoginResponse r = how.get();
            ApiClient signed = client(serverUrl, r.token());
            synchronized (store) {
                store.save(store.load().withLogin(signed.server(), r.token(), r.email()));
            }
            return new Object[]{signed, r.email()};
        }, pair -> {
            signedInAs((ApiClient) pair[0], (String) pair[1]);
            refresh(null);
        });
    }

    private void signedInAs(ApiClient client, String email) {
        api = client;
        manager = new TunnelManager(client, store, this);
        server.set(client.server());
        account.set(email + " on " + client.server());
        signedIn.set(true);
    }

    public void signOut() {
        ApiClient old = api;
        stopEverything();
        synchronized (store) {
            store.save(store.load().withLogin(store.load().server(), null, null));
        }
        background.execute(() -> {
            try {
                old.logout();
            } catch (ApiException e) {
                // Signing out locally is what matters; the server forgets the token when it can.
            }
        });
        sockets.clear();
        tunnelsById.clear();
        selectedSocket.set(null);
        selectedTunnel.set(null);
        signedIn.set(false);
        updateTray();
    }

    public void refresh(Runnable then) {
        ApiClient client = api;
        call(client::sockets, list -> {
            merge(list);
            if (then != null) {
                then.run();
            }
        });
    }

    /** Creates a socket with its type and visitor access; the new socket is selected. */
    public void createSocket(CreateSocket request) {
        ApiClient client = api;
        call(() -> client.createSocket(request), s -> refresh(() -> select(s.socketId())));
    }

    public void deleteSocket(SocketModel s) {
        ApiClient client = api;
        s.tunnels().forEach(t -> manager.forget(t.tunnelId()));
        call(() -> {
            client.deleteSocket(s.socketId());
            return s;
        }, x -> refresh(null));
    }

    public void createTunnel(SocketModel s) {
        ApiClient client = api;
        call(() -> client.createTunnel(s.socketId()), t -> refresh(null));
    }

    public void deleteTunnel(TunnelModel t) {
        ApiClient client = api;
        manager.forget(t.tunnelId());
        call(() -> {
            client.deleteTunnel(t.socketId(), t.tunnelId());
            return t;
        }, x -> refresh(null));
    }

    /** The switch: exposes the tunnel's local port, or hides it again. */
    public void setOn(TunnelModel t, boolean on) {
        if (on == t.onProperty().get()) {
            return;
        }
        if (on) {
            int port = t.portProperty().get();
            String host = t.hostProperty().get() == null ? "" : t.hostProperty().get().strip();
            if (port < 1 || port > 65535 || host.isEmpty()) {
                error.set("Pick a local host and a port between 1 and 65535 first.");
                return;
            }
            boolean taken = tunnelsById.values().stream().anyMatch(o -> o != t && o.onProperty().get()
                    && o.portProperty().get() == port && o.hostProperty().get().equals(host));
            if (taken) {
                error.set("Port " + port + " is already exposed by another tunnel.");
                return;
            }
            error.set(null);
            t.switched(true);
            manager.start(t.socketId(), t.tunnelId(), new LocalTarget(host, port));
        } else {
            t.switched(false);
            manager.stop(t.tunnelId());
            if (temporarySockets.remove(t.socketId())) {
                socket(t.socketId()).ifPresent(this::deleteSocket);
            }
        }
        socket(t.socketId()).ifPresent(SocketModel::recount);
        updateTray();
    }

    /** Quick connect: a temporary socket (http or tcp) and tunnel for a local port, switched on at once. */
    public void sharePort(String host, int port, String type) {
        if (port < 1 || port > 65535) {
            error.set("Pick a port between 1 and 65535.");
            return;
        }
        ApiClient client = api;
        call(() -> {
            SocketInfo s = client.createSocket("share port " + port, type);
            TunnelInfo t = client.createTunnel(s.socketId());
            return t;
        }, t -> {
            temporarySockets.add(t.socketId());
            refresh(() -> {
                select(t.socketId());
                byId(t.tunnelId()).ifPresent(m -> {
                    m.hostProperty().set(host);
                    m.portProperty().set(port);
                    setOn(m, true);
                });
            });
        });
    }

    public void setConnectAtLogin(boolean on) {
        try {
            if (on) {
                autostart.install();
            } else {
                autostart.remove();
            }
            synchronized (store) {
                store.save(store.load().withConnectAtLogin(on));
            }
            connectAtLogin.set(on);
        } catch (IOException e) {
            error.set("Could not change the login item: " + e.getMessage());
            connectAtLogin.set(autostart.isInstalled());
        }
    }

    public void clearError() {
        error.set(null);
    }

    /** Samples the live counters of every switched-on tunnel; the app calls it once a second. */
    public void sampleTraffic(long seconds) {
        if (manager == null) {
            return;
        }
        for (TunnelModel t : tunnelsById.values()) {
            manager.counters(t.tunnelId())
                    .ifPresent(c -> t.sample(seconds, c.bytesIn(), c.bytesOut(), c.openConnections()));
        }
    }

    /**
     * On quit, off the FX thread: temporary sockets are deleted and every link closed (tunnels stay remembered as on
     * for the next start).
     */
    public void shutdown() {
        ApiClient client = api;
        for (String socketId : List.copyOf(temporarySockets)) {
            try {
                client.deleteSocket(socketId);
            } catch (ApiException e) {
                // The server is gone or the socket with it; nothing is left to clean.
            }
        }
        temporarySockets.clear();
        if (manager != null) {
            manager.close();
        }
    }

    private void stopEverything() {
        ApiClient client = api;
        TunnelManager m = manager;
        List<String> temporary = List.copyOf(temporarySockets);
        temporarySockets.clear();
        background.execute(() -> {
            temporary.forEach(id -> {
                try {
                    client.deleteSocket(id);
                } catch (ApiException e) {
                    // Already gone.
                }
            });
            if (m != null) {
                m.close();
            }
        });
        manager = null;
        api = null;
    }

    // ---- engine events (any thread) ---------------------------------------------------------------------------

    @Override
    public void onStatus(String tunnelId, AgentStatus status, String detail) {
        fx.execute(() -> byId(tunnelId).ifPresent(t -> {
            t.status(status, detail);
            socket(t.socketId()).ifPresent(SocketModel::recount);
            updateTray();
        }));
    }

    @Override
    public void onRequest(String tunnelId, RequestLog log) {
        fx.execute(() -> byId(tunnelId).ifPresent(t -> t.addRequest(log)));
    }

    @Override
    public void onLocalService(String tunnelId, boolean reachable, String detail) {
        fx.execute(() -> byId(tunnelId).ifPresent(t -> {
            t.localService(reachable, detail);
            updateTray();
        }));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Runs a network call off the FX thread; its result (or its error, in plain words) comes back on it. */
    private <T> void call(Supplier<T> work, Consumer<T> onSuccess) {
        busy.set(true);
        background.execute(() -> {
            try {
                T result = work.get();
                fx.execute(() -> {
                    busy.set(false);
                    error.set(null);
                    onSuccess.accept(result);
                });
            } catch (RuntimeException e) {
                String message = e instanceof ApiException ? e.getMessage() : "Something went wrong: " + e;
                fx.execute(() -> {
                    busy.set(false);
                    error.set(message);
                });
            }
        });
    }

    private void merge(List<SocketInfo> list) {
        Map<String, SocketModel> existing = new HashMap<>();
        sockets.forEach(s -> existing.put(s.socketId(), s));
        Set<String> liveTunnels = new HashSet<>();
        List<SocketModel> next = new java.util.ArrayList<>();
        for (SocketInfo info : list) {
            SocketModel s = existing.computeIfAbsent(info.socketId(), id -> new SocketModel(info));
            s.update(info);
            List<TunnelModel> tunnels = new java.util.ArrayList<>();
            for (TunnelInfo ti : info.tunnels()) {
                TunnelModel t = tunnelsById.computeIfAbsent(ti.tunnelId(), id -> newTunnel(ti));
                t.update(ti);
                tunnels.add(t);
                liveTunnels.add(ti.tunnelId());
            }
            if (!s.tunnels().equals(tunnels)) {
                s.tunnels().setAll(tunnels);
            }
            s.recount();
            next.add(s);
        }
        tunnelsById.keySet().retainAll(liveTunnels);
        SocketModel selected = selectedSocket.get();
        if (!sockets.equals(next)) {
            sockets.setAll(next);
        }
        if (selected != null && next.contains(selected)) {
            selectedSocket.set(selected);
        } else {
            selectedSocket.set(next.isEmpty() ? null : next.get(0));
        }
        TunnelModel t = selectedTunnel.get();
        if (t != null && !tunnelsById.containsKey(t.tunnelId())) {
            selectedTunnel.set(null);
        }
        updateTray();
    }

    private TunnelModel newTunnel(TunnelInfo ti) {
        TunnelModel t = new TunnelModel(ti.tunnelId(), ti.socketId());
        manager.saved(ti.tunnelId()).ifPresent(s -> {
            t.hostProperty().set(s.host());
            t.portProperty().set(s.port());
        });
        return t;
    }

    private void select(String socketId) {
        socket(socketId).ifPresent(selectedSocket::set);
    }

    private java.util.Optional<SocketModel> socket(String socketId) {
        return sockets.stream().filter(s -> s.socketId().equals(socketId)).findFirst();
    }

    private java.util.Optional<TunnelModel> byId(String tunnelId) {
        return java.util.Optional.ofNullable(tunnelsById.get(tunnelId));
    }

    private void updateTray() {
        tunnelsChanged.set(tunnelsChanged.get() + 1);
        List<TunnelModel> on = tunnelsById.values().stream().filter(t -> t.onProperty().get()).toList();
        if (on.isEmpty()) {
            trayState.set(TrayState.OFF);
        } else if (on.stream().allMatch(t -> t.statusProperty().get() == AgentStatus.ONLINE
                && t.localErrorProperty().get() == null)) {
            trayState.set(TrayState.ALL_ONLINE);
        } else {
            trayState.set(TrayState.SOME_RETRYING);
        }
    }

    // ---- read-only state --------------------------------------------------------------------------------------

    public ReadOnlyBooleanProperty signedInProperty() {
        return signedIn.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverProperty() {
        return server.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectAtLoginProperty() {
        return connectAtLogin.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyLongProperty tunnelsChangedProperty() {
        return tunnelsChanged.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TrayState> trayStateProperty() {
        return trayState.getReadOnlyProperty();
    }

    public ObservableList<SocketModel> sockets() {
        return sockets;
    }

    public ObjectProperty<SocketModel> selectedSocketProperty() {
        return selectedSocket;
    }

    public ObjectProperty<TunnelModel> selectedTunnelProperty() {
        return selectedTunnel;
    }

    /** Every tunnel of every socket, for the tray menu. */
    public List<TunnelModel> allTunnels() {
        return sockets.stream().flatMap(s -> s.tunnels().stream()).toList();
    }
}
