// The HTTP-01 answers every node serves: the tokens this node published (in memory) and, for those another node
// published, the store, read on a small bounded pool so that a flood of made-up tokens cannot tie up the edge.
package dev.portway.server.acme;

import dev.portway.server.edge.ChallengeAnswers;
import dev.portway.server.store.AcmeTables;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

public final class Http01Answers implements ChallengeAnswers, AutoCloseable {
    private static final int LOOKUP_THREADS = 2;
    private static final int QUEUED_LOOKUPS = 64;

    private final AcmeTables tables;
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30,
            TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_LOOKUPS), r -> {
                Thread t = new Thread(r, "portway-acme-answers");
                t.setDaemon(true);
                return t;
            });

    public Http01Answers(AcmeTables tables) {
        this.tables = tables;
        lookups.allowCoreThreadTimeOut(true);
    }

    /** Publishes the answer to every node: this one's memory and the store. */
    void publish(String token, String keyAuthorization) {
        published.put(token, keyAuthorization);
        tables.putChallenge(token, keyAuthorization, System.currentTimeMillis());
    }

    void withdraw(String token) {
        published.remove(token);
        tables.removeChallenge(token);
    }

    @Override
    public CompletableFuture<Optional<String>> answer(String token) {
        String mine = published.get(token);
        if (mine != null) {
            return CompletableFuture.completedFuture(Optional.of(mine));
        }
        try {
            return CompletableFuture.supplyAsync(() -> tables.challenge(token), lookups);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
