// A domain of the user's own routed to a socket once they proved they hold it: a TXT record named txt_name holding
// txt_value. status: pending (not seen yet, still checking), verified (served), failed (not seen for 24 h).
package dev.portway.protocol.api;

public record CustomDomainInfo(
        String name,
        String status,
        String txtName,
        String txtValue,
        /* The certificate served for this name, when it has its own; null until one is issued. */
        CertificateInfo certificate) {

    public static final String PENDING = "pending";
    public static final String VERIFIED = "verified";
    public static final String FAILED = "failed";
}
