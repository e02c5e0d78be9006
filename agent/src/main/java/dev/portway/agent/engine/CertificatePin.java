// The tunnel port's certificate the agent trusts: its fingerprint, the TLS context that accepts only it, and the
// re-check that follows a rotation the API vouches for, so a refused certificate is either followed or given up on.
package dev.portway.agent.engine;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

final class CertificatePin {
    /** What a re-check found; message: what the agent says about it (null for UNREACHABLE). */
    record Recheck(Outcome outcome, String message) {
    }

    enum Outcome {
        /** The server has a new certificate: the pin follows it, dial again at once. */
        ROTATED,
        /** The API could not be reached either: back off and try again as after any failure. */
        UNREACHABLE,
        /** The API vouches for no other certificate (or refused the question): retrying cannot help. */
        REFUSED
    }

    private volatile String fingerprint;
    private volatile SslContext context;
    /** Asks the server (over the API, which is checked on its own) which certificate the tunnel port has now. */
    private volatile Supplier<String> source;

    CertificatePin(String fingerprint) {
        this.fingerprint = fingerprint;
        this.context = pinning(fingerprint);
    }

    private static SslContext pinning(String fingerprint) {
        try {
            // The pin is the whole check: the tunnel port's certificate names no host (Netty 4.2 would check one).
            return SslContextBuilder.forClient()
                    .trustManager(FingerprintTrustManagerFactory.builder("SHA-256").fingerprints(fingerprint).build())
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    void rereadWith(Supplier<String> source) {
        this.source = source;
    }

    /** Whether a refused certificate can be checked again (a source was given). */
    boolean canRecheck() {
        return source != null;
    }

    String fingerprint() {
        return fingerprint;
    }

    SslContext context() {
        return context;
    }

    /** The pinned certificate was refused: asks the source which one is right now. Blocks (an API call). */
    Recheck recheck() {
        String current;
        try {
            current = source.get();
        } catch (ApiException e) {
            return ApiException.UNREACHABLE.equals(e.code()) ? new Recheck(Outcome.UNREACHABLE, null)
                    : new Recheck(Outcome.REFUSED, e.getMessage());
        }
        if (current == null || current.equalsIgnoreCase(fingerprint)) {
            return new Recheck(Outcome.REFUSED, "the tunnel port shows another certificate than the server vouches "
                    + "for (sha256 " + fingerprint + "); someone may be intercepting the link");
        }
        context = pinning(current);
        fingerprint = current;
        return new Recheck(Outcome.ROTATED, "the server has a new certificate (sha256 " + current + "); reconnecting");
    }
}
