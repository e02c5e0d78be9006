// Whether the server can serve: each listener still bound and the store answering a query.
package dev.portway.server.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

public final class Readiness {
    private record Check(String part, BooleanSupplier ready) {
    }

    private final List<Check> checks = new CopyOnWriteArrayList<>();

    /** part: how /readyz names it when it is not ready ("store", "http listener"). */
    public void add(String part, BooleanSupplier ready) {
        checks.add(new Check(part, ready));
    }

    /** The parts that are not ready, in the order they were added; empty when all are. */
    public List<String> unready() {
        return checks.stream().filter(c -> !c.ready().getAsBoolean()).map(Check::part).toList();
    }
}
