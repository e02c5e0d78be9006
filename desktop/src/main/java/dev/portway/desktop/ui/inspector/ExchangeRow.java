// One line of the request log: the latest snapshot of an exchange (a pending one is replaced when it ends) and how
// long it has taken, ticking while it is in flight.
package dev.portway.desktop.ui.inspector;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.inspect.ExchangeSearch;
import java.time.Instant;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

public final class ExchangeRow {
    /** The style class of a row by how it ended; the CSS colours them. */
    static final String PENDING = "exchange-pending";
    static final String WARNING = "exchange-warning";
    static final String DANGER = "exchange-danger";

    private final long id;
    private final ReadOnlyObjectWrapper<Exchange> exchange;
    private final ReadOnlyLongWrapper millis = new ReadOnlyLongWrapper();
    /** What the search looks in, made once per snapshot (a search runs again at each key and row change). */
    private String searchable;

    ExchangeRow(Exchange e) {
        this.id = e.id();
        this.exchange = new ReadOnlyObjectWrapper<>(e);
        millis.set(e.durationMillis());
    }

    void update(Exchange e) {
        searchable = null;
        exchange.set(e);
        millis.set(e.durationMillis());
    }

    /** Whether the snapshot holds needle (as ExchangeSearch.needle gives it). */
    boolean holds(String needle) {
        if (searchable == null) {
            searchable = ExchangeSearch.text(exchange.get());
        }
        return searchable.contains(needle);
    }

    /** While in flight, the time since the request came. */
    void tick(Instant now) {
        Exchange e = exchange.get();
        if (e.state() == Exchange.State.PENDING) {
            millis.set(Math.max(e.durationMillis(), now.toEpochMilli() - e.start().toEpochMilli()));
        }
    }

    public long id() {
        return id;
    }

    public Exchange exchange() {
        return exchange.get();
    }

    public ReadOnlyObjectProperty<Exchange> exchangeProperty() {
        return exchange.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty millisProperty() {
        return millis.getReadOnlyProperty();
    }

    public boolean pending() {
        return exchange().state() == Exchange.State.PENDING;
    }

    /** "…" while in flight, "failed" (with the edge's status when the visitor got one), or the status. */
    public String statusText() {
        Exchange e = exchange();
        return switch (e.state()) {
            case PENDING -> "…";
            case FAILED -> e.status() > 0 ? e.status() + " failed" : "failed";
            case DONE -> Integer.toString(e.status());
        };
    }

    /** "12 ms", or "3 s…" while in flight. */
    public String durationText() {
        long ms = millis.get();
        if (pending()) {
            return (ms < 1000 ? ms + " ms" : ms / 1000 + " s") + "…";
        }
        return ms + " ms";
    }

    /** Pending, 4xx amber, 5xx and failed red; null for the rest. */
    public String styleClass() {
        Exchange e = exchange();
        if (e.state() == Exchange.State.PENDING) {
            return PENDING;
        }
        if (e.state() == Exchange.State.FAILED || e.status() >= 500) {
            return DANGER;
        }
        return e.status() >= 400 ? WARNING : null;
    }
}
