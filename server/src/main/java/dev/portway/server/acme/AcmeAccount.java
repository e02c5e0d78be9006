// The server's account at the CA: one key pair per directory URL, kept in the store so that every node signs as the
// same account; registered (terms agreed, the contact email) by the first node that needs it.
package dev.portway.server.acme;

import dev.portway.server.config.AcmeSettings;
import dev.portway.server.store.AcmeTables;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.util.KeyPairUtils;

final class AcmeAccount {
    private final AcmeSettings settings;
    private final AcmeTables tables;
    private final CaRootProvider provider;
    private Login login;

    private AcmeAccount(AcmeSettings settings, AcmeTables tables, CaRootProvider provider) {
        this.settings = settings;
        this.tables = tables;
        this.provider = provider;
    }

    /** Reads the CA root (if any) now, so that a bad file stops the start rather than every order. */
    static AcmeAccount of(AcmeSettings settings, AcmeTables tables) throws IOException {
        Path root = settings.caRoot();
        return new AcmeAccount(settings, tables, root == null ? null : CaRootProvider.trusting(root));
    }

    /** The signed-in account, registering it at the CA the first time. Called from the order threads only. */
    synchronized Login login() throws AcmeException, IOException {
        if (login != null) {
            return login;
        }
        Session session = provider == null ? new Session(settings.directory())
                : new Session(settings.directory(), provider);
        String directory = settings.directory().toString();
        AcmeTables.Account stored = tables.account(directory)
                .orElseGet(() -> tables.addAccount(directory, pem(KeyPairUtils.createECKeyPair("secp256r1"))));
        KeyPair key = KeyPairUtils.readKeyPair(new StringReader(stored.keyPem()));
        if (stored.location() != null) {
            login = session.login(new URL(stored.location()), key);
            return login;
        }
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
        if (settings.email() != null) {
            builder.addEmail(settings.email());
        }
        // The CA answers a key it knows with the existing account: two nodes registering at once get the same one.
        Account account = builder.create(session);
        tables.setAccountLocation(directory, account.getLocation().toString());
        login = session.login(account.getLocation(), key);
        return login;
    }

    /**
     * The CA no longer knows the account (a test CA reset, an account deactivated): the next login registers the
     * key again, which gives the account anew.
     */
    synchronized void forget() {
        login = null;
        tables.setAccountLocation(settings.directory().toString(), null);
    }

    private static String pem(KeyPair key) {
        StringWriter out = new StringWriter();
        try {
            KeyPairUtils.writeKeyPair(key, out);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
