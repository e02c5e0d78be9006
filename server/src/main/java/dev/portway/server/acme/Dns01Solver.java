// DNS-01 through the operator's hook (--acme-dns-hook): the TXT record _acme-challenge.DOMAIN. gets the challenge's
// digest before the challenge is triggered and loses it afterwards. This is what makes the wildcard *.DOMAIN possible.
package dev.portway.server.acme;

import dev.portway.server.domains.TxtLookup;
import java.time.Duration;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class Dns01Solver implements ChallengeSolver {
    /** How long a present record is looked for through the resolver before the challenge is triggered anyway. */
    public static final Duration PROPAGATION = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Dns01Solver.class);

    private final DnsHook hook;
    private final TxtLookup lookup;
    private final Duration propagation;
    private final Duration poll;

    public Dns01Solver(DnsHook hook, TxtLookup lookup) {
        this(hook, lookup, PROPAGATION, POLL);
    }

    Dns01Solver(DnsHook hook, TxtLookup lookup, Duration propagation, Duration poll) {
        this.hook = hook;
        this.lookup = lookup;
        this.propagation = propagation;
        this.poll = poll;
    }

    @Override
    public Challenge prepare(Authorization authorization) throws Exception {
        String domain = authorization.getIdentifier().getDomain();
        Dns01Challenge challenge = authorization.findChallenge(Dns01Challenge.class).orElseThrow(
                () -> new IllegalStateException("the CA offers no dns-01 challenge for " + domain));
        String fqdn = Dns01Challenge.toRRName(authorization.getIdentifier());
        hook.present(fqdn, challenge.getDigest());
        awaitVisible(fqdn, challenge.getDigest());
        return challenge;
    }

    /**
     * Waits, within a bound, until the resolver shows the value, because a challenge triggered too early fails for
     * good and counts against the CA's failed-validation limit. Past the bound it goes on all the same: a resolver
     * may keep the earlier "no such record" in its cache while the CA asks the zone's own servers.
     */
    void awaitVisible(String fqdn, String value) throws InterruptedException {
        long deadline = System.nanoTime() + propagation.toNanos();
        while (!visible(fqdn, value)) {
            if (System.nanoTime() - deadline >= 0) {
                LOG.warn("DNS hook: the TXT record {} is not visible through the resolver after {} s; "
                        + "asking the CA to check it all the same", fqdn, propagation.toSeconds());
                return;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private boolean visible(String fqdn, String value) {
        try {
            return lookup.txt(fqdn.substring(0, fqdn.length() - 1)).contains(value);
        } catch (Exception e) {
            return false; // no answer yet is no record yet
        }
    }

    @Override
    public void cleanup(Authorization authorization, Challenge challenge) {
        String fqdn = Dns01Challenge.toRRName(authorization.getIdentifier());
        try {
            hook.cleanup(fqdn, ((Dns01Challenge) challenge).getDigest());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A record left behind does no harm beyond clutter; the certificate is not at stake.
            LOG.warn("{}; the TXT record may be left in the zone", e.getMessage());
        }
    }
}
