// Orders one certificate from the CA with the server's account: the login (registering the account again when the
// CA has forgotten it), the challenge solver for each authorization, and the certificate it replaces.
package dev.portway.server.acme;

import dev.portway.server.store.CertificateRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class CaOrders {
    /** Logged as the engine's lines: the log reads as it did before this class was split out. */
    private static final Logger LOG = LoggerFactory.getLogger(AcmeEngine.class);

    private final AcmeAccount account;
    private final NamePlan plan;
    private final ChallengeSolver http01;
    /** The solver for the "*.DOMAIN" certificate; null: no wildcard. */
    private final ChallengeSolver dns01;
    private final AtomicLong placed = new AtomicLong();

    CaOrders(AcmeAccount account, NamePlan plan, ChallengeSolver http01, ChallengeSolver dns01) {
        this.account = account;
        this.plan = plan;
        this.http01 = http01;
        this.dns01 = dns01;
    }

    /** Orders placed with the CA since the server started. */
    long placed() {
        return placed.get();
    }

    /** Orders once; when the CA no longer knows the account, registers it again and orders once more at once. */
    Issued issue(CertificateRecord c) throws AcmeFailure, InterruptedException {
        try {
            return orderOnce(c);
        } catch (AcmeFailure e) {
            if (!(e.getCause() instanceof AcmeServerException s && s.getType() != null
                    && s.getType().toString().endsWith(":accountDoesNotExist"))) {
                throw e;
            }
            LOG.info("the CA no longer knows the server's account: registering it again");
            account.forget();
            return orderOnce(c);
        }
    }

    private Issued orderOnce(CertificateRecord c) throws AcmeFailure, InterruptedException {
        Login login;
        try {
            login = account.login();
        } catch (AcmeServerException e) {
            throw new AcmeFailure("ACME account: " + Orderer.describe(e.getProblem()), e);
        } catch (AcmeNetworkException e) {
            throw new AcmeFailure("ACME account: " + AcmeFailure.unreachable(e), e);
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure("ACME account: " + e.getMessage(), e);
        }
        placed.incrementAndGet();
        return new Orderer(login).order(plan.identifiers(c.name()), this::solver,
                c.issued() ? leaf(c.chainPem()) : null);
    }

    private ChallengeSolver solver(Authorization authorization) {
        return dns01 != null && (authorization.isWildcard() || plan.certificateFor(
                authorization.getIdentifier().getDomain()).filter(NamePlan::isWildcard).isPresent()) ? dns01 : http01;
    }

    private static X509Certificate leaf(String chainPem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            return null; // unreadable: order afresh instead of as a replacement
        }
    }
}
