// The sign-in screen: a server and an account, or (after "portway up") the local server's own account; and, at
// start, signing in again with the token the last run saved.
package dev.portway.desktop.ui.signin;

import dev.portway.agent.engine.ApiClient;
import dev.portway.agent.engine.LocalAccount;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.agent.engine.trust.ServerTrust;
import dev.portway.desktop.ui.common.Calls;
import dev.portway.protocol.api.LoginResponse;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

public final class SignInModel {
    /** A successful sign-in; resumed: with the token an earlier run saved. */
    public record SignedIn(ApiClient client, String email, boolean resumed) {
    }

    private final SettingsStore store;
    private final Calls calls;
    private final LocalServer local;
    private final Consumer<SignedIn> onSignedIn;
    private volatile ServerTrust.FirstContact firstContact = (s, fingerprint) -> false;
    private final ReadOnlyStringWrapper server = new ReadOnlyStringWrapper("http://127.0.0.1:7070");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

    /** local: the server "portway up" started, or null. */
    public SignInModel(SettingsStore store, Calls calls, LocalServer local, Consumer<SignedIn> onSignedIn) {
        this.store = store;
        this.calls = calls;
        this.local = local;
        this.onSignedIn = onSignedIn;
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

    /** A server typed without a scheme ("127.0.0.1:7070") is taken as http://, as the command line does. */
    public void signIn(String serverUrl, String email, String password) {
        login(() -> {
            ApiClient anonymous = client(serverUrl, null);
            return save(anonymous, anonymous.login(email, password));
        });
    }

    public void createAccount(String serverUrl, String email, String password) {
        login(() -> {
            ApiClient anonymous = client(serverUrl, null);
            anonymous.signup(email, password);
            return save(anonymous, anonymous.login(email, password));
        });
    }

    /** Signs in to the server "portway up" started, with the account it made (whose password no one types). */
    public void useLocalServer() {
        if (local == null) {
            return;
        }
        login(() -> {
            ApiClient anonymous = client(local.api(), null);
            LoginResponse r = LocalAccount.signIn(anonymous, local.account(), store);
            return new SignedIn(anonymous.withToken(r.token()), r.email(), false);
        });
    }

    /** Whether "Use the local server" is on offer: the app was started by "portway up". */
    public boolean hasLocalServer() {
        return local != null;
    }

    /** The API of the server "portway up" started, or null. */
    public String localServer() {
        return local == null ? null : local.api();
    }

    /** At start: the server last used fills the form; a saved token signs in again. */
    public void resume(Settings saved) {
        if (saved.server() != null) {
            server.set(saved.server());
        }
        if (saved.token() == null || saved.server() == null) {
            return;
        }
        login(() -> {
            ApiClient signed = client(saved.server(), saved.token());
            return new SignedIn(signed, signed.account().email(), true);
        });
    }

    /** Back on this screen after a sign-out: nothing pending, nothing wrong. */
    public void signedOut() {
        busy.set(false);
        error.set(null);
    }

    public void fail(String why) {
        error.set(why);
    }

    private SignedIn save(ApiClient anonymous, LoginResponse r) {
        ApiClient signed = anonymous.withToken(r.token());
        store.update(s -> s.withLogin(signed.server(), r.token(), r.email()));
        return new SignedIn(signed, r.email(), false);
    }

    private void login(Calls.Work<SignedIn> how) {
        busy.set(true);
        calls.run(how, signed -> {
            busy.set(false);
            error.set(null);
            server.set(signed.client().server());
            onSignedIn.accept(signed);
        }, why -> {
            busy.set(false);
            error.set(why);
        });
    }

    // ---- read-only state ---------------------------------------------------------------------------------------

    /** The server to offer in the form: the last one used. */
    public ReadOnlyStringProperty serverProperty() {
        return server.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
