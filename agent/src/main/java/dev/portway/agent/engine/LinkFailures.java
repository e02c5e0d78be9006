// The words for why a link to the edge failed or closed, as the agent's status says them: one place, so the
// reconnect loop only decides what to do and the texts a person reads stay the same wherever they are made.
package dev.portway.agent.engine;

import dev.portway.protocol.link.LinkPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;

final class LinkFailures {
    static final String CLOSED_IN_HANDSHAKE = "the server closed the link during the TLS handshake";

    private LinkFailures() {
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (cause instanceof ConnectTimeoutException) {
            return "timed out";
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return "the server did not finish the TLS handshake in time";
        }
        if (cause instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused";
        }
        if (certificateRefused(cause)) {
            return "the server's certificate does not match the pinned fingerprint";
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }

    /**
     * A link the server closed without saying why. Runs before the pipeline hears of the close (so before a
     * handshake cut short is reported): where the link had got to tells.
     */
    static String whyClosed(Channel ch) {
        SslHandler tls = ch.pipeline().get(SslHandler.class);
        if (tls != null && !tls.handshakeFuture().isSuccess()) {
            return CLOSED_IN_HANDSHAKE;
        }
        if (ch.pipeline().get(LinkPipeline.HELLO) != null) {
            return "the server closed the link before answering the hello";
        }
        return "link closed";
    }

    /**
     * Only a certificate the trust manager turned down counts: a handshake that timed out or was cut short says
     * nothing about the certificate, and must not make the agent doubt (or give up on) the server.
     */
    static boolean certificateRefused(Throwable cause) {
        return hasCause(cause, CertificateException.class);
    }

    /** Whether cause, or any cause behind it, is of the given kind. */
    static boolean hasCause(Throwable cause, Class<? extends Throwable> kind) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** "retrying in 1.5 s (connection refused)": tenths under ten seconds, whole seconds above. */
    static String retrying(Duration delay, String reason) {
        long ms = delay.toMillis();
        String after = ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms / 1000) + " s";
        return "retrying in " + after + " (" + reason + ")";
    }
}
