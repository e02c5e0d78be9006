// Visitor access options of "socket create" and "socket update": Basic-auth protection and an IP allow list.
package dev.portway.agent.cli;

import dev.portway.protocol.api.SocketInfo;
import java.util.List;
import picocli.CommandLine.Option;

final class AccessOptions {
    @Option(names = "--protected", description = "Visitors sign in with Basic auth (http and https sockets); "
            + "needs --username and --password.")
    boolean protect;
    @Option(names = "--username", paramLabel = "U", description = "The user name visitors sign in with.")
    String username;
    @Option(names = "--password", arity = "0..1", interactive = true, paramLabel = "P", prompt = "Visitor password: ",
            description = "The password visitors sign in with; prompted for when given without a value.")
    String password;
    @Option(names = "--allow-ip", paramLabel = "CIDR", description = "Let in only visitors from this address or "
            + "range (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32); repeat it for more.")
    List<String> allowIps;

    /** --username and --password say who may visit a protected socket, so they make no sense without it. */
    void checkCredentialsGoWithProtected() {
        if ((username != null || password != null) && !protect) {
            throw new UsageException("--username and --password go with --protected");
        }
    }

    /** Human text of a socket's protection. */
    static String protection(SocketInfo s) {
        return s.isProtected() ? "yes (user " + s.username() + ")" : "no";
    }

    /** Human text of a socket's allow list. */
    static String allowList(SocketInfo s) {
        return s.allowIps().isEmpty() ? "any address" : String.join(", ", s.allowIps());
    }
}
