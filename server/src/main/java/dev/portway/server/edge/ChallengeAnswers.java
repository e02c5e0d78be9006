// Where the HTTP edge finds the answer to an ACME HTTP-01 challenge: the key authorization for a token, if this
// server's CA asked for it (looked up off the event loop).
package dev.portway.server.edge;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

public interface ChallengeAnswers {
    /** Completes with the key authorization, empty for a token nobody published, or exceptionally when busy. */
    CompletableFuture<Optional<String>> answer(String token);
}
