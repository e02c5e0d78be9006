// Visitor access options of "socket create", "socket update" and "connect": a password (Basic auth) or sign-in by
// e-mail with the server's identity provider, and an IP allow list on top of either.
package dev.portway.agent.cli;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.UpdateSocket;
import java.util.ArrayList;
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
    @Option(names = "--allow-email", paramLabel = "EMAIL", description = "Visitors sign in with the server's identity "
            + "provider, and this address gets in (http and https sockets; not with --protected); repeat it for more.")
    List<String> allowEmails;
    @Option(names = "--allow-email-domain", paramLabel = "DOMAIN", description = "Visitors sign in with the server's "
            + "identity provider, and every address at this domain (e.g. example.com) gets in; repeat it for more.")
    List<String> allowEmailDomains;
    @Option(names = "--allowed_email_addresses", paramLabel = "EMAIL", split = ",",
            description = "As --allow-email, the addresses in one comma list (as mysocketctl takes them).")
    List<String> emailList;
    @Option(names = "--allowed_email_domains", paramLabel = "DOMAIN", split = ",",
            description = "As --allow-email-domain, the domains in one comma list (as mysocketctl takes them).")
    List<String> domainList;

    /** --username and --password say who may visit a protected socket, so they make no sense without it. */
    void checkCredentialsGoWithProtected() {
        if ((username != null || password != null) && !protect) {
            throw new UsageException("--username and --password go with --protected");
        }
    }

    /** The checks of a new socket's access (socket create, connect): one sign-in method, with what it needs. */
    void checkForNewSocket() {
        checkCredentialsGoWithProtected();
        if (protect && (username == null || password == null)) {
            throw new UsageException("--protected needs --username U and --password P");
        }
        checkOneSignInMethod();
    }

    /** A socket has one sign-in method at a time: a password or e-mail. */
    void checkOneSignInMethod() {
        if (protect && byEmail()) {
            throw new UsageException(emailFlag() + " and --protected exclude each other: visitors sign in with a "
                    + "password or by e-mail, not both");
        }
    }

    /** Whether any e-mail flag was given. */
    boolean byEmail() {
        return emails() != null || emailDomains() != null;
    }

    /** Whether any flag of this set was given. */
    boolean any() {
        return protect || username != null || password != null || allowIps != null || byEmail();
    }

    /** The first e-mail flag given, to name it in a message. */
    String emailFlag() {
        return allowEmails != null ? "--allow-email" : emailList != null ? "--allowed_email_addresses"
                : allowEmailDomains != null ? "--allow-email-domain" : "--allowed_email_domains";
    }

    /** The addresses of --allow-email and --allowed_email_addresses together; null when neither was given. */
    List<String> emails() {
        return merged(allowEmails, emailList, "--allowed_email_addresses");
    }

    /** The domains of --allow-email-domain and --allowed_email_domains together; null when neither was given. */
    List<String> emailDomains() {
        return merged(allowEmailDomains, domainList, "--allowed_email_domains");
    }

    private static List<String> merged(List<String> repeated, List<String> commaList, String listFlag) {
        if (repeated == null && commaList == null) {
            return null;
        }
        List<String> all = new ArrayList<>(repeated == null ? List.of() : repeated);
        if (commaList != null) {
            for (String item : commaList) {
                if (item.isBlank()) {
                    throw new UsageException(listFlag + " has an empty item: give it as a,b,c");
                }
                all.add(item.strip());
            }
        }
        return all.stream().distinct().toList();
    }

    /** A new socket with this access (checked by checkForNewSocket). */
    CreateSocket newSocket(String name, String type, String subdomain) {
        return new CreateSocket(name, type, protect ? Boolean.TRUE : null, username, password, allowIps, subdomain,
                emails(), emailDomains());
    }

    /**
     * The change that gives an existing socket the access these flags say (connect reusing your own socket): each
     * setting named replaces the socket's, e-mail addresses and domains as one; a password and e-mail sign-in replace
     * each other; what is not named is kept.
     */
    UpdateSocket applyTo(SocketInfo now) {
        boolean email = byEmail();
        Boolean protectNow = protect ? Boolean.TRUE : email && now.isProtected() ? Boolean.FALSE : null;
        boolean dropEmail = protect && now.signInByEmail();
        List<String> emails = email ? orEmpty(emails()) : dropEmail ? List.of() : null;
        List<String> domains = email ? orEmpty(emailDomains()) : dropEmail ? List.of() : null;
        return new UpdateSocket(null, protectNow, username, password, allowIps, null, null, emails, domains);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    /** Who can visit, in words: anyone, a password (user ann), or e-mail: the addresses; domains: the domains. */
    static String visitors(SocketInfo s) {
        if (s.isProtected()) {
            return "a password (user " + s.username() + ")";
        }
        if (!s.signInByEmail()) {
            return "anyone";
        }
        List<String> parts = new ArrayList<>();
        if (!s.allowedEmails().isEmpty()) {
            parts.add("e-mail: " + String.join(", ", s.allowedEmails()));
        }
        if (!s.allowedEmailDomains().isEmpty()) {
            parts.add((parts.isEmpty() ? "e-mail domains: " : "domains: ") + String.join(", ",
                    s.allowedEmailDomains()));
        }
        return String.join("; ", parts);
    }

    /** Human text of a socket's allow list. */
    static String allowList(SocketInfo s) {
        return s.allowIps().isEmpty() ? "any address" : String.join(", ", s.allowIps());
    }
}
