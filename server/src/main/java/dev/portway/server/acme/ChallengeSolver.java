// One way of proving control of a name to the CA (HTTP-01 on the edge, DNS-01 through the operator's hook).
package dev.portway.server.acme;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;

public interface ChallengeSolver {
    /**
     * Publishes the answer to this authorization's challenge of the solver's type and returns that challenge, to be
     * triggered; throws with a plain message when it cannot.
     */
    Challenge prepare(Authorization authorization) throws Exception;

    /** Withdraws what prepare published, once the authorization is valid or has failed. */
    void cleanup(Authorization authorization, Challenge challenge);
}
