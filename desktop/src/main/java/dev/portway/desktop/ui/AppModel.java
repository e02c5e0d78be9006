// The app's models, one per screen, and the moves between screens: a sign-in opens the main screen (and, at start,
// switches on again what was on) and follows the server's live events; a sign-out goes back with every tunnel off,
// the list empty and the tray grey.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import dev.portway.agent.engine.ServerEvent;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.SystemTheme;
import dev.portway.desktop.ui.common.Banner;
import dev.portway.desktop.ui.common.Calls;
import dev.portway.desktop.ui.common.LiveEvents;
import dev.portway.desktop.ui.common.PageLink;
import dev.portway.desktop.ui.common.PreferencesModel;
import dev.portway.desktop.ui.common.Session;
import dev.portway.desktop.ui.common.Startup;
import dev.portway.desktop.ui.inspector.Inspectors;
import dev.portway.desktop.ui.signin.LocalServer;
import dev.portway.desktop.ui.signin.SignInModel;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.sockets.SwitchesModel;
import dev.portway.desktop.ui.sockets.TemporarySockets;
import dev.portway.desktop.ui.tray.TrayModel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

public final class AppModel {
    /** How long a quit waits for the clean-up before the app exits anyway. */
    private static final Duration QUIT = Duration.ofSeconds(15);

    private final SettingsStore store;
    private final Autostart autostart;
    private final SystemTheme systemTheme;
    private final Calls calls;
    private final Banner banner = new Banner();
    private final Session session;
    private final SignInModel signIn;
    private final SocketsModel sockets;
    private final SwitchesModel switches;
    private final TrayModel tray;
    private final PreferencesModel preferences;
    private final Inspectors inspectors;
    private boolean restore;

    /**
     * background runs network calls and file I/O; fx runs model updates (Platform::runLater in the app); streams
     * runs the follower of the server's live events, which blocks while signed in (a thread of its own). local: the
     * server "portway up" started, or null.
     */
    public AppModel(SettingsStore store, Autostart autostart, SystemTheme systemTheme, LocalServer local,
                    Executor background, Executor fx, Executor streams) {
        this.store = store;
        this.autostart = autostart;
        this.systemTheme = systemTheme;
        this.calls = new Calls(background, fx);
        this.session = new Session(store, calls, background, new LiveEvents(streams, fx), banner::show);
        this.signIn = new SignInModel(store, calls, local, this::opened);
        this.sockets = new SocketsModel(session, store, banner);
        this.switches = new SwitchesModel(session, sockets, new TemporarySockets(store), banner, fx);
        this.tray = new TrayModel(sockets, switches);
        this.preferences = new PreferencesModel(store, autostart, calls, background, banner);
        // Saved sets beside the settings, as the command line's inspector keeps them: the page and the app share them.
        this.inspectors = new Inspectors(session, sockets, calls, store.file().resolveSibling("inspect-sets"));
        session.captureWhile(inspectors::watched);
        tray.inspectorAt(inspectors.urlProperty());
    }

    /** Without live events: each change is learned from a refresh (for tests that drive every step themselves). */
    AppModel(SettingsStore store, Autostart autostart, SystemTheme systemTheme, LocalServer local,
             Executor background, Executor fx) {
        this(store, autostart, systemTheme, local, background, fx, follower -> {
        });
    }

    /** Without "portway up", on a system whose theme is not asked, without live events. */
    AppModel(SettingsStore store, Autostart autostart, Executor background, Executor fx) {
        this(store, autostart, new SystemTheme(Os.current(), command -> java.util.Optional.empty()),
                null, background, fx);
    }

    /**
     * Reads what the last run left (off the FX thread), then signs in again with the saved token, if any; restore:
     * also switch on the tunnels that were on.
     */
    public void start(boolean restoreTunnels) {
        calls.run(() -> Startup.read(store, autostart, systemTheme), s -> start(s, restoreTunnels), signIn::fail);
    }

    /** With what the last run left, read already (the app reads it before its window opens). */
    void start(Startup startup, boolean restoreTunnels) {
        restore = restoreTunnels;
        preferences.apply(startup);
        signIn.resume(startup.settings());
    }

    /** Reads what start needs; blocks, so never on the FX thread. */
    Startup read() {
        return Startup.read(store, autostart, systemTheme);
    }

    private void opened(SignInModel.SignedIn signed) {
        session.begin(signed.client(), signed.email(), inspectors.alongside(switches), new LiveEvents.Listener() {
            @Override
            public void live() {
                sockets.refresh();
            }

            @Override
            public void event(ServerEvent e) {
                sockets.apply(e);
            }
        });
        session.learnRole();
        session.learnIdentityProvider();
        inspectors.serve(banner::show);
        boolean again = signed.resumed() && restore;
        Runnable list = () -> sockets.refresh(saved -> {
            if (again) {
                switches.restore(saved);
            }
        });
        // Shares an earlier run could not delete (it was killed, or the server was down) go before the list is read.
        session.call(c -> {
            switches.deleteTemporary(c);
            return c;
        }, c -> list.run(), why -> list.run());
    }

    /** Takes every tunnel offline, deletes the temporary sockets, and forgets and revokes the token. */
    public void signOut() {
        session.end(switches::deleteTemporary);
        sockets.clear();
        inspectors.stopServing();
        inspectors.clear();
        banner.dismiss();
        signIn.signedOut();
    }

    /** On quit, off the FX thread: temporary sockets are deleted and every link closed (tunnels stay remembered). */
    public void shutdown() {
        shutdown(QUIT);
    }

    /** The same within a bound: a SIGTERM (a logout, systemd) allows a process only a few seconds. */
    public void shutdown(Duration within) {
        session.shutdown(switches::deleteTemporary, within);
        inspectors.close();
    }

    void onFirstContact(ServerTrust.FirstContact ask) {
        signIn.onFirstContact(ask);
    }

    public ReadOnlyBooleanProperty signedInProperty() {
        return session.signedInProperty();
    }

    public ReadOnlyStringProperty accountProperty() {
        return session.accountProperty();
    }

    /** The server's admin page while an admin is signed in; empty or null otherwise (no link is offered). */
    public ReadOnlyStringProperty adminPageProperty() {
        return session.adminPageProperty();
    }

    /** Opens the server's admin page with open (the browser), already signed in when the server can. */
    void openAdminPage(Consumer<PageLink> open) {
        session.openAdminPage(open);
    }

    public SignInModel signIn() {
        return signIn;
    }

    public SocketsModel sockets() {
        return sockets;
    }

    public SwitchesModel switches() {
        return switches;
    }

    public TrayModel tray() {
        return tray;
    }

    public PreferencesModel preferences() {
        return preferences;
    }

    public Inspectors inspectors() {
        return inspectors;
    }

    public Banner banner() {
        return banner;
    }
}
