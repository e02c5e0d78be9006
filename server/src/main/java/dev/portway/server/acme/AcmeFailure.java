// An order that did not end in a certificate, with the CA's own words (its problem document) where it gave any.
package dev.portway.server.acme;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import javax.net.ssl.SSLHandshakeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;

final class AcmeFailure extends Exception {
    AcmeFailure(String message) {
        super(message);
    }

    AcmeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The words for a CA that could not be reached: acme4j says only "Network error", which leaves an operator
     * guessing; the cause says whether the CA's HTTPS certificate was not trusted (the usual slip with a private
     * CA) or what the network said.
     */
    static String unreachable(AcmeNetworkException e) {
        Throwable root = e;
        boolean untrusted = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            untrusted |= t instanceof SSLHandshakeException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException;
            root = t;
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return untrusted
                ? "the ACME server's HTTPS certificate is not trusted (" + why + "): for a private CA, give its root"
                        + " with --acme-ca-root"
                : "cannot reach the ACME server: " + why;
    }
}
