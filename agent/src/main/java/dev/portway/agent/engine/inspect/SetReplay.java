// Replays a saved set: each exchange in order, to the first tunnel's local service, as one task. Each original goes
// into the log as an import and its answer with replay_of it, so both are listed and /diff compares them; the
// result says, per exchange, whether the answer changed (ExchangeDiff: status or body).
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

public final class SetReplay {
    /**
     * Set replays at once, per server: one, so that a long set leaves the other replay thread to single replays.
     */
    public static final int MAX_AT_ONCE = 1;

    /** One exchange of the set: its original (as logged), the answer (null: not sent) or why it failed. */
    public record Result(Exchange original, Exchange replayed, String error, ExchangeDiff diff) {
        public boolean changed() {
            return diff == null || diff.changed();
        }
    }

    private final ExchangeLog log;
    private final Semaphore running = new Semaphore(MAX_AT_ONCE);

    public SetReplay(ExchangeLog log) {
        this.log = log;
    }

    /** Takes a place among MAX_AT_ONCE; false: as many run already. Release it with done(). */
    public boolean tryStart() {
        return running.tryAcquire();
    }

    public void done() {
        running.release();
    }

    /** Where a set replays: the first tunnel's service; empty with no tunnel. */
    public Optional<LocalTarget> target() {
        return log.firstTarget();
    }

    /** Replays each in order; blocks for as long as the local service takes (off the event loop). */
    public List<Result> replay(List<Exchange> set, LocalTarget target) {
        List<Result> results = new ArrayList<>(set.size());
        for (Exchange saved : set) {
            Exchange original = log.addImported(saved);
            ReplayRequest request;
            try {
                request = ReplayRequest.of(original);
            } catch (IllegalStateException | IllegalArgumentException cannot) {
                results.add(new Result(original, null, cannot.getMessage(), null));
                continue;
            }
            Exchange answer = log.add(Replay.send(request, target), target, original.id());
            results.add(new Result(original, answer, answer.state() == Exchange.State.FAILED ? answer.failure()
                    : null, ExchangeDiff.of(original, answer)));
        }
        return results;
    }
}
