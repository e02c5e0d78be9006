// HTTP-01 (RFC 8555 §8.3): the CA fetches http://NAME/.well-known/acme-challenge/TOKEN from the HTTP edge port, which
// any node answers from what this solver published.
package dev.portway.server.acme;

import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

final class Http01Solver implements ChallengeSolver {
    private final Http01Answers answers;

    Http01Solver(Http01Answers answers) {
        this.answers = answers;
    }

    @Override
    public Challenge prepare(Authorization authorization) {
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow(() ->
                new IllegalStateException("the CA offers no http-01 challenge for "
                        + authorization.getIdentifier().getDomain()));
        answers.publish(challenge.getToken(), challenge.getAuthorization());
        return challenge;
    }

    @Override
    public void cleanup(Authorization authorization, Challenge challenge) {
        answers.withdraw(((Http01Challenge) challenge).getToken());
    }
}
