// The signed-in user's link to a server: the API client, the tunnel engine and the server's live events. Each sign-in
// is a new session, so a reply to a call (or an event) from before a sign-out never reaches the models; the engine's
// commands (which write the settings file) run off the FX thread, one after another in the order given.
package dev.portway.desktop.ui.common;

import dev.portway.agent.engine.AgentStatus;
import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.ApiException;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.TrafficCounters;
import dev.portway.agent.engine.TunnelManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

public final class Session {
    /** A call to the API. */
    public interface ApiWork<T> {
        T apply(ApiClient client) throws Exception;
    }

    private final SettingsStore store;
    private final Calls calls;
    private final InOrder inOrder;
    private final LiveEvents live;
    private final ReadOnlyBooleanWrapper signedIn = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper account = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper adminPage = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper identityProvider = new ReadOnlyStringWrapper();
    // Written on the FX thread, read by the background work that checks whether it is still current.
    private volatile ApiClient client;
    private volatile TunnelManager engine;
    private volatile long number;
    /** Whether someone looks at the app's inspector page: the tunnels then capture heads and bodies. */
    private BooleanSupplier watched = () -> false;

    /** problems: where a failed engine command is reported, on the FX thread; live: follows the server's events. */
    public Session(SettingsStore store, Calls calls, Executor background, LiveEvents live, Consumer<String> problems) {
        this.store = store;
        this.calls = calls;
        this.live = live;
        this.inOrder = new InOrder(background, e -> calls.fx(() -> problems.accept(Calls.plain(e))));
    }

    /**
     * Starts a session; the engine's reports reach events, and the server's live events reach updates, only while
     * it is the current one.
     */
    public void begin(ApiClient signed, String email, TunnelManager.Listener events, LiveEvents.Listener updates) {
        long n = ++number;
        client = signed;
        engine = new TunnelManager(signed, store, new TunnelManager.Listener() {
            @Override
            public void onStatus(String tunnelId, AgentStatus status, String detail) {
                if (n == number) {
                    events.onStatus(tunnelId, status, detail);
                }
            }

            @Override
            public void onExchange(String tunnelId, dev.portway.agent.engine.Exchange exchange) {
                if (n == number) {
                    events.onExchange(tunnelId, exchange);
                }
            }

            @Override
            public void onConnectionChange(String tunnelId, dev.portway.agent.engine.LiveConnection connection) {
                if (n == number) {
                    events.onConnectionChange(tunnelId, connection);
                }
            }

            @Override
            public void onLocalService(String tunnelId, boolean reachable, String detail) {
                if (n == number) {
                    events.onLocalService(tunnelId, reachable, detail);
                }
            }
        }).captureWhile(watched);
        live.follow(signed, new LiveEvents.Listener() {
            @Override
            public void live() {
                if (n == number) {
                    updates.live();
                }
            }

            @Override
            public void event(dev.portway.agent.engine.ServerEvent e) {
                if (n == number) {
                    updates.event(e);
                }
            }
        });
        account.set(email + " on " + signed.server());
        adminPage.set(null);
        identityProvider.set(null);
        signedIn.set(true);
    }

    /** The engines of later sessions also capture while watched says someone looks at the inspector's page. */
    public void captureWhile(BooleanSupplier watched) {
        this.watched = watched;
    }

    /**
     * Signs out: after the engine's pending commands, every link closes, cleanup runs with the old client (still
     * signed in), then the token is forgotten here and revoked at the server.
     */
    public void end(Consumer<ApiClient> cleanup) {
        ApiClient old = client;
        TunnelManager oldEngine = engine;
        number++;
        live.stop();
        client = null;
        engine = null;
        signedIn.set(false);
        account.set("");
        adminPage.set(null);
        identityProvider.set(null);
        if (old == null) {
            return;
        }
        inOrder.execute(() -> {
            oldEngine.close();
            try {
                cleanup.accept(old);
            } finally {
                store.update(s -> s.withLogin(s.server(), null, null));
            }
            try {
                old.logout();
            } catch (ApiException e) {
                // Signing out here is what matters; the server forgets the token when it can.
            }
        });
    }

    /**
     * On quit, off the FX thread: waits (at most within) for the engine's pending commands, runs cleanup, and closes
     * every link (the tunnels stay remembered as on, for the next start).
     */
    public void shutdown(Consumer<ApiClient> cleanup, Duration within) {
        ApiClient c = client;
        TunnelManager e = engine;
        if (c == null) {
            return;
        }
        live.stop();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inOrder.execute(() -> {
            try {
                cleanup.accept(c);
                e.close();
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException x) {
            // Quitting anyway: the links close with the process.
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the server whether this account is one of its admins; if so, the server's admin page is on offer. */
    public void learnRole() {
        ApiClient c = client;
        call(ApiClient::account, a -> adminPage.set(a.admin() ? c.server() + "/admin" : ""),
                why -> adminPage.set(""));
    }

    /** Asks the server which identity provider visitors of e-mail sockets sign in with, if any. */
    public void learnIdentityProvider() {
        call(ApiClient::serverInfo, info -> identityProvider.set(info.oidcIssuer() == null ? "" : info.oidcIssuer()),
                why -> identityProvider.set(""));
    }

    /**
     * Opens the admin page already signed in: a one-time code from the server (the token never leaves the app), then
     * SERVER/admin/login?code=…. Without a code (an older server), the page itself, which asks for the password.
     */
    public void openAdminPage(Consumer<PageLink> open) {
        ApiClient c = client;
        String page = adminPage.get();
        if (c == null || page == null || page.isEmpty()) {
            return;
        }
        call(ApiClient::adminLoginCode, code -> open.accept(new PageLink(c.server() + code.loginPath(),
                "This link signs you in once and works for " + code.expiresIn() + " s.")),
                why -> open.accept(PageLink.plain(page)));
    }

    /** Calls the API off the FX thread; the outcome is dropped if the session ended meanwhile. */
    public <T> void call(ApiWork<T> work, Consumer<T> ok, Consumer<String> failed) {
        ApiClient c = client;
        long n = number;
        if (c == null) {
            return;
        }
        calls.run(() -> work.apply(c), result -> {
            if (n == number) {
                ok.accept(result);
            }
        }, why -> {
            if (n == number) {
                failed.accept(why);
            }
        });
    }

    /** Gives the engine a command, to run after those given before; none once the session has ended. */
    public void engine(Consumer<TunnelManager> command) {
        TunnelManager e = engine;
        long n = number;
        if (e == null) {
            return;
        }
        inOrder.execute(() -> {
            if (n == number) {
                command.accept(e);
            }
        });
    }

    /** The live counters of a switched-on tunnel (in memory: fine on the FX thread). */
    public Optional<TrafficCounters> counters(String tunnelId) {
        TunnelManager e = engine;
        return e == null ? Optional.empty() : e.counters(tunnelId);
    }

    /** The API URL signed in to; null when signed out. */
    public String server() {
        ApiClient c = client;
        return c == null ? null : c.server();
    }

    public ReadOnlyBooleanProperty signedInProperty() {
        return signedIn.getReadOnlyProperty();
    }

    /**
     * The server's admin page (SERVER/admin) while signed in with an admin account; empty for another account, null
     * until the server has said which (and while signed out).
     */
    public ReadOnlyStringProperty adminPageProperty() {
        return adminPage.getReadOnlyProperty();
    }

    /**
     * The issuer URL of the server's identity provider; empty when it has none (or could not say), null until it has
     * said (and while signed out).
     */
    public ReadOnlyStringProperty identityProviderProperty() {
        return identityProvider.getReadOnlyProperty();
    }

    /** "EMAIL on SERVER" while signed in. */
    public ReadOnlyStringProperty accountProperty() {
        return account.getReadOnlyProperty();
    }
}
