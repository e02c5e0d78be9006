// One ACME order (RFC 8555 §7.4) from start to certificate: new order (replacing the old certificate when the CA
// speaks ARI, RFC 9773), each authorization proved by its solver, a fresh P-256 key finalized, the chain downloaded.
package dev.portway.server.acme;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.util.KeyPairUtils;

final class Orderer {
    /** How long an authorization or the finalization may stay pending before the order counts as failed. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** How often the server would look at the CA's renewal window again (its proposal falls before the next look). */
    private static final Duration ARI_CHECKS = Duration.ofDays(1);
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);
    private static final Set<Status> SETTLED = Set.of(Status.VALID, Status.INVALID, Status.READY,
            Status.DEACTIVATED, Status.EXPIRED, Status.REVOKED);

    private final Login login;

    Orderer(Login login) {
        this.login = login;
    }

    /**
     * Orders a certificate for the names, each authorization proved by the solver the function picks for it; old:
     * the certificate it replaces (null for a first one).
     */
    Issued order(List<String> names, Function<Authorization, ChallengeSolver> solvers, X509Certificate old)
            throws AcmeFailure, InterruptedException {
        try {
            boolean ari = login.getSession().resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
            OrderBuilder builder = login.newOrder().domains(names);
            if (old != null && ari) {
                builder.replaces(old);
            }
            Order order = builder.create();
            for (Authorization auth : order.getAuthorizations()) {
                prove(auth, solvers.apply(auth));
            }
            KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
            order.execute(key);
            if (settle(order) != Status.VALID) {
                throw new AcmeFailure(problem(order.getError(), "the CA did not issue the certificate"));
            }
            Certificate certificate = order.getCertificate();
            X509Certificate leaf = certificate.getCertificate();
            StringWriter chain = new StringWriter();
            certificate.writeCertificate(chain);
            Instant notBefore = leaf.getNotBefore().toInstant();
            Instant notAfter = leaf.getNotAfter().toInstant();
            return new Issued(chain.toString(), pkcs8(key), issuer(leaf), notBefore, notAfter,
                    renewAt(certificate, ari, notBefore, notAfter).truncatedTo(ChronoUnit.SECONDS));
        } catch (AcmeServerException e) {
            throw new AcmeFailure(describe(e.getProblem()), e);
        } catch (AcmeNetworkException e) {
            throw new AcmeFailure(AcmeFailure.unreachable(e), e);
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure(e.getMessage(), e);
        }
    }

    private void prove(Authorization auth, ChallengeSolver solver) throws AcmeException, AcmeFailure,
            InterruptedException {
        if (auth.getStatus() == Status.VALID) {
            return; // proved lately for another order of this account
        }
        Challenge challenge;
        try {
            challenge = solver.prepare(auth);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new AcmeFailure(auth.getIdentifier().getDomain() + ": " + e.getMessage(), e);
        }
        try {
            challenge.trigger();
            if (settle(challenge) != Status.VALID) {
                throw new AcmeFailure(problem(challenge.getError(), auth.getIdentifier().getDomain()
                        + ": the CA could not validate the " + challenge.getType() + " challenge"));
            }
        } finally {
            solver.cleanup(auth, challenge);
        }
    }

    /**
     * Polls until the resource is settled: soon at first (a CA often decides in well under a second), then less
     * often, never more often than the CA's Retry-After asks.
     */
    private static Status settle(PollableResource resource) throws AcmeException, AcmeFailure, InterruptedException {
        return settle(resource, PATIENCE);
    }

    /**
     * As settle(resource), with that patience. A Retry-After beyond it is waited only until the patience is over:
     * an order thread (one of two) and the name's lease are not held for whatever time the CA names.
     */
    static Status settle(PollableResource resource, Duration patience) throws AcmeException, AcmeFailure,
            InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration wait = FIRST_POLL;
        while (!SETTLED.contains(resource.getStatus())) {
            long left = deadline - System.nanoTime();
            if (left < 0) {
                throw new AcmeFailure("the CA left the order " + resource.getStatus().name().toLowerCase()
                        + " for " + patience.toMinutes() + " minutes");
            }
            Thread.sleep(Math.min(wait.toMillis(), TimeUnit.NANOSECONDS.toMillis(left) + 1));
            Optional<Instant> retryAfter = resource.fetch();
            Duration asked = retryAfter.map(t -> Duration.between(Instant.now(), t)).orElse(Duration.ZERO);
            wait = max(asked, min(wait.multipliedBy(2), MAX_POLL));
        }
        return resource.getStatus();
    }

    /** When to renew: inside the CA's suggested window (ARI), else when a third of the lifetime is left. */
    private Instant renewAt(Certificate certificate, boolean ari, Instant notBefore, Instant notAfter) {
        Instant third = notAfter.minus(Duration.between(notBefore, notAfter).dividedBy(3));
        if (!ari) {
            return third;
        }
        try {
            RenewalInfo info = certificate.getRenewalInfo();
            return info.getRandomProposal(ARI_CHECKS).orElse(third);
        } catch (RuntimeException e) {
            return third; // the CA's renewal information is advice: without it the rule of thirds holds
        }
    }

    static String problem(Optional<Problem> problem, String otherwise) {
        return problem.map(Orderer::describe).orElse(otherwise);
    }

    /** The CA's words and its error type (urn:ietf:params:acme:error:…), which says what to look at. */
    static String describe(Problem problem) {
        return problem + " (" + problem.getType() + ")";
    }

    private static String issuer(X509Certificate leaf) {
        String dn = leaf.getIssuerX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // an odd name is shown whole
        }
        return dn;
    }

    /** PKCS#8 ("PRIVATE KEY"), which every TLS stack reads. */
    private static String pkcs8(KeyPair key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
