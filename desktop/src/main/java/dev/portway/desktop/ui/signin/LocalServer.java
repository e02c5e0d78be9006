// The server "portway up" started, and the file holding its local account: after a sign-out the sign-in screen offers
// it, since that account's password is no one's to type. The command line builds it: a plain record, no JavaFX.
package dev.portway.desktop.ui.signin;

import java.nio.file.Path;

public record LocalServer(String api, Path account) {
}
