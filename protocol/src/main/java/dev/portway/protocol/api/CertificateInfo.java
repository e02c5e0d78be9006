// The certificate the HTTPS edge serves for a name: who issued it, the names it covers, how long it is valid, and
// the last error renewing it (null when the last attempt worked).
package dev.portway.protocol.api;

import java.util.List;

public record CertificateInfo(
        String issuer,
        List<String> names,
        String notBefore,
        String notAfter,
        String lastError) {

    public CertificateInfo {
        names = names == null ? List.of() : List.copyOf(names);
    }
}
