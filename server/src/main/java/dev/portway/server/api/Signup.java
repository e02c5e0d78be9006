// Whether the API takes new accounts: first as --no-signup says, then as an admin switches it. The switch lasts
// until the server stops; the flag decides again at the next start.
package dev.portway.server.api;

import java.util.concurrent.atomic.AtomicBoolean;

final class Signup {
    private final AtomicBoolean open;

    Signup(boolean open) {
        this.open = new AtomicBoolean(open);
    }

    boolean open() {
        return open.get();
    }

    void set(boolean value) {
        open.set(value);
    }
}
