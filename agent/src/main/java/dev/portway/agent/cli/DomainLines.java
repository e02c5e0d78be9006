// What "socket show" says about certificates and custom domains: who issued the certificate served and until when;
// each domain's status and, until it is verified, the exact TXT record to add, in zone-file order to copy as is.
package dev.portway.agent.cli;

import dev.portway.agent.engine.IssuerName;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.SocketType;
import java.util.ArrayList;
import java.util.List;

final class DomainLines {
    private DomainLines() {
    }

    /** "ISSUER, for NAME, NAME, valid until TIME"; "-" when there is none. */
    static String certificate(CertificateInfo c) {
        if (c == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(IssuerName.of(c.issuer()));
        if (!c.names().isEmpty()) {
            sb.append(", for ").append(String.join(", ", c.names()));
        }
        if (c.notAfter() != null) {
            sb.append(", valid until ").append(c.notAfter());
        }
        return sb.toString();
    }

    /** The TXT record that proves the domain is the owner's: NAME  TXT  "VALUE". */
    static String txtRecord(CustomDomainInfo d) {
        return d.txtName() + "  TXT  \"" + d.txtValue() + "\"";
    }

    /** The status in a few words, saying what to do while the domain is not verified. */
    static String status(CustomDomainInfo d, String socketId) {
        return switch (d.status()) {
            case CustomDomainInfo.PENDING -> "pending: add this TXT record at your DNS provider; the server checks "
                    + "for it";
            case CustomDomainInfo.FAILED -> "failed: no TXT record seen for 24 h; add it, then run 'portway socket "
                    + "update " + socketId + " --verify'";
            default -> d.status();
        };
    }

    /**
     * The lines after the socket's fields: the certificate served for its name, then its custom domains, one block
     * each; nothing for a tcp socket, which has neither.
     */
    static String of(SocketInfo s) {
        if (SocketType.TCP.equals(s.socketType()) && s.certificate() == null && s.customDomains().isEmpty()) {
            return "";
        }
        List<String[]> cert = new ArrayList<>();
        // A tls socket's visitors end TLS at its origin: no certificate of the server's is theirs to see.
        cert.add(new String[]{"certificate", SocketType.TLS.equals(s.socketType()) && s.certificate() == null
                ? "your origin's own (TLS passes through to it)" : certificate(s.certificate())});
        if (s.certificate() != null && s.certificate().lastError() != null) {
            cert.add(new String[]{"last_error", s.certificate().lastError()});
        }
        List<String> lines = new ArrayList<>(List.of(Context.fields(cert), ""));
        if (s.customDomains().isEmpty()) {
            lines.add("custom_domains: none (add one with 'portway socket update " + s.socketId()
                    + " --custom-domain NAME')");
            return String.join("\n", lines);
        }
        lines.add("custom_domains:");
        int w = s.customDomains().stream().mapToInt(d -> d.name().length()).max().orElse(0);
        for (CustomDomainInfo d : s.customDomains()) {
            lines.add(String.format("%-" + w + "s  %s", d.name(), status(d, s.socketId())));
            if (!CustomDomainInfo.VERIFIED.equals(d.status()) && d.txtName() != null) {
                lines.add("  " + txtRecord(d));
                // Not needed for the proof, but for visitors to arrive: said here, where the DNS work is done.
                lines.add("  " + d.name() + "  CNAME  " + s.dnsName() + "   (for visitors; at a zone's apex an A "
                        + "record to the server's address)");
            }
            if (d.certificate() != null) {
                lines.add("  certificate  " + certificate(d.certificate()));
                if (d.certificate().lastError() != null) {
                    lines.add("  last_error   " + d.certificate().lastError());
                }
            }
        }
        return String.join("\n", lines);
    }
}
