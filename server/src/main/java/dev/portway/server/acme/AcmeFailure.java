// An order that did not end in a certificate, with the CA's own words (its problem document) where it gave any.
package dev.portway.server.acme;

final class AcmeFailure extends Exception {
    AcmeFailure(String message) {
        super(message);
    }

    AcmeFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
