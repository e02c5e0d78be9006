// What the app says about a socket: where visitors reach it, a command to try it, who may, and the certificates it
// is served with.
package dev.portway.desktop.ui.sockets;

import dev.portway.agent.engine.IssuerName;
import dev.portway.agent.engine.TryCommand;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.SocketInfo;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

final class SocketTexts {
    private SocketTexts() {
    }

    /** The address DNS_NAME:PORT of a tcp, tls or udp socket (there is nothing to browse), else its URL. */
    static String endpoint(SocketInfo s) {
        return s.isRaw() && s.address() != null ? s.address() : s.url();
    }

    /**
     * A command that reaches a tcp, tls or udp socket from a terminal (the command line's rule: TryCommand); empty
     * for http and https. server: the API URL the app is signed in to (null when not known), whose host a name under
     * localhost stands for; localPorts: the ports its tunnels expose (ssh for 22, dig for 53).
     */
    static String hint(SocketInfo s, String server, Collection<Integer> localPorts) {
        Integer port = s.udpPort() != null ? s.udpPort() : s.tcpPort();
        return port == null ? "" : TryCommand.of(s.socketType(), s.dnsName(), port, server, localPorts);
    }

    /** Sign-in method and allow list in a few words, e.g. "password protected · 2 allowed networks". */
    static String access(SocketInfo s) {
        List<String> parts = new ArrayList<>();
        if (s.isProtected()) {
            parts.add("password protected (user " + s.username() + ")");
        } else if (s.signInByEmail()) {
            parts.add("sign-in by e-mail (" + emails(s.allowedEmails(), s.allowedEmailDomains()) + ")");
        } else if (!s.isRaw()) {
            parts.add("no password");
        }
        int n = s.allowIps().size();
        parts.add(n == 0 ? "open to any address"
                : n == 1 ? "only from " + s.allowIps().get(0) : n + " allowed networks");
        return String.join(" · ", parts);
    }

    /** "ann@example.org, anyone at example.com"; more than two in numbers: "3 addresses, 1 domain". */
    static String emails(List<String> emails, List<String> domains) {
        if (emails.size() + domains.size() <= 2) {
            List<String> all = new ArrayList<>(emails);
            domains.forEach(d -> all.add("anyone at " + d));
            return String.join(", ", all);
        }
        List<String> counts = new ArrayList<>();
        if (!emails.isEmpty()) {
            counts.add(emails.size() + (emails.size() == 1 ? " address" : " addresses"));
        }
        if (!domains.isEmpty()) {
            counts.add(domains.size() + (domains.size() == 1 ? " domain" : " domains"));
        }
        return String.join(", ", counts);
    }

    /** "ISSUER · valid until 7 Mar 2027" (in this computer's time zone); empty when there is none. */
    static String certificate(CertificateInfo c) {
        if (c == null) {
            return "";
        }
        String issuer = IssuerName.of(c.issuer());
        return c.notAfter() == null ? issuer : issuer + " · valid until " + day(c.notAfter());
    }

    /** The last error renewing the certificate, empty when the last attempt worked (or there is none). */
    static String certificateError(CertificateInfo c) {
        return c == null || c.lastError() == null ? "" : c.lastError();
    }

    private static String day(String iso) {
        try {
            return DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
                    .format(Instant.parse(iso).atZone(ZoneId.systemDefault()));
        } catch (DateTimeException e) {
            return iso;
        }
    }
}
