// Who may visit a socket, as the "Who can visit" section shows and edits it: one sign-in method (none, a password, or
// the server's identity provider for some e-mail addresses and domains) and the IP allow list on top of it.
package dev.portway.desktop.ui.sockets;

import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.List;

record Visitors(Method method, String username, List<String> emails, List<String> emailDomains,
                List<String> allowIps) {
    enum Method { ANYONE, PASSWORD, EMAIL }

    Visitors {
        username = username == null ? "" : username;
        emails = List.copyOf(emails);
        emailDomains = List.copyOf(emailDomains);
        allowIps = List.copyOf(allowIps);
    }

    /** As the server says: a socket has one method at a time. */
    static Visitors of(SocketInfo s) {
        Method m = s.isProtected() ? Method.PASSWORD : s.signInByEmail() ? Method.EMAIL : Method.ANYONE;
        return new Visitors(m, s.username(), s.allowedEmails(), s.allowedEmailDomains(), s.allowIps());
    }

    /**
     * What is missing before these can be asked of the server, or null. now: the socket's access as it stands (a
     * password kept needs no typing); password: as typed, empty to keep the one the socket has.
     */
    String missing(Visitors now, String password) {
        return switch (method) {
            case ANYONE -> null;
            case PASSWORD -> username.isBlank() ? "Type the username visitors sign in with."
                    : password.isEmpty() && (now.method != Method.PASSWORD || !now.username.equals(username))
                    ? "Type the password visitors sign in with." : null;
            case EMAIL -> emails.isEmpty() && emailDomains.isEmpty()
                    ? "Type the e-mail addresses or domains whose visitors may sign in." : null;
        };
    }

    /**
     * The PATCH that makes the socket's access, now as given, this: the other method's settings go (the server
     * keeps one at a time), e-mail lists only when there are some to empty (a tcp socket never had any). password:
     * empty keeps the socket's own.
     */
    UpdateSocket request(Visitors now, String password) {
        boolean byPassword = method == Method.PASSWORD;
        boolean byEmail = method == Method.EMAIL;
        boolean emptyEmails = !byEmail && now.method == Method.EMAIL;
        return new UpdateSocket(null, byPassword, byPassword ? username : null,
                byPassword && !password.isEmpty() ? password : null, allowIps, null, null,
                byEmail ? emails : emptyEmails ? List.of() : null,
                byEmail ? emailDomains : emptyEmails ? List.of() : null);
    }
}
