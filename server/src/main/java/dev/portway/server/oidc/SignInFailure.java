// A sign-in that did not work, with the page status and a message fit for the visitor (never a token, code or
// secret); counted: it counts against the visitor's address (a forged state, nonce or code, not a provider outage).
package dev.portway.server.oidc;

final class SignInFailure extends Exception {
    final int status;
    final boolean counted;

    SignInFailure(int status, String message, boolean counted) {
        super(message);
        this.status = status;
        this.counted = counted;
    }
}
