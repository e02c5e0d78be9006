// The account "portway up" signs in with: made on first run, its password kept owner-only in the server's data dir.
package dev.portway.agent.engine;

import dev.portway.protocol.FilePermissions;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.LoginResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

public final class LocalAccount {
    record Saved(String email, String password) {
    }

    private LocalAccount() {
    }

    /** Signs in to the local server with the saved account, creating it first if needed; saves the token. */
    public static LoginResponse signIn(ApiClient anonymous, Path file, SettingsStore settings) throws IOException {
        Saved saved = Files.exists(file) ? Json.mapper().readValue(file.toFile(), Saved.class)
                : create(anonymous, file);
        LoginResponse login = anonymous.login(saved.email(), saved.password());
        settings.update(s -> s.withLogin(anonymous.server(), login.token(), login.email()));
        return login;
    }

    private static Saved create(ApiClient anonymous, Path file) throws IOException {
        String password = secret(24);
        String email = "me@portway.localhost";
        try {
            anonymous.signup(email, password);
        } catch (ApiException e) {
            if (!ErrorCode.EMAIL_TAKEN.wire().equals(e.code())) {
                throw e;
            }
            // The data dir kept accounts but lost this file: make a fresh local account beside them.
            email = "me-" + secret(4).toLowerCase(java.util.Locale.ROOT) + "@portway.localhost";
            anonymous.signup(email, password);
        }
        Saved saved = new Saved(email, password);
        FilePermissions.writeOwnerOnly(file, Json.mapper().writeValueAsBytes(saved));
        return saved;
    }

    private static String secret(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('-', 'x').replace('_', 'y');
    }
}
