// The inspector of one tunnel: its exchanges newest first (at most ExchangeLog.KEEP, each in its latest state), the
// filter, capture on or off, a replay and its answer, and the HAR export. Changed on the FX thread only.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.Har;
import dev.portway.agent.engine.inspect.Replay;
import dev.portway.agent.engine.inspect.ReplayRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

public final class InspectorModel {
    /** A replay's outcome: the exchange it made, or why it could not be sent. */
    public record Replayed(Exchange exchange, String refused) {
    }

    private final int keep;
    private final Calls calls;
    private final Supplier<LocalTarget> target;
    // The extractor lets the table hear a pending row end and its elapsed time tick.
    private final ObservableList<ExchangeRow> rows = FXCollections.observableArrayList(
            r -> new Observable[]{r.exchangeProperty(), r.millisProperty()});
    private final FilteredList<ExchangeRow> filtered = new FilteredList<>(rows);
    private final Map<Long, ExchangeRow> byId = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty capture = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<Replayed> replayed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();

    /** calls: replay and export run off the FX thread; target: the tunnel's local service as set now. */
    InspectorModel(Calls calls, Supplier<LocalTarget> target, Consumer<Boolean> captureSwitch) {
        this(ExchangeLog.KEEP, calls, target, captureSwitch);
    }

    InspectorModel(int keep, Calls calls, Supplier<LocalTarget> target, Consumer<Boolean> captureSwitch) {
        this.keep = keep;
        this.calls = calls;
        this.target = target;
        filter.addListener((o, a, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(needle.isEmpty() ? null
                    : r -> r.searchText().toLowerCase(Locale.ROOT).contains(needle));
        });
        capture.addListener((o, a, on) -> captureSwitch.accept(on));
    }

    // ---- engine events (FX thread) -----------------------------------------------------------------------------

    /** A new exchange goes first; a later snapshot of one listed takes its row; the oldest beyond keep leave. */
    void add(Exchange e) {
        ExchangeRow row = byId.get(e.id());
        if (row != null) {
            row.update(e);
            return;
        }
        row = new ExchangeRow(e);
        byId.put(e.id(), row);
        rows.add(0, row);
        if (rows.size() > keep) {
            List<ExchangeRow> gone = new ArrayList<>(rows.subList(keep, rows.size()));
            gone.forEach(g -> byId.remove(g.id()));
            rows.remove(keep, rows.size());
        }
    }

    /** Once a second: rows in flight show how long they have waited. */
    void tick(Instant now) {
        rows.forEach(r -> r.tick(now));
    }

    // ---- commands ----------------------------------------------------------------------------------------------

    /** Sends the (possibly edited) request to the local service again; the answer arrives in replayedProperty. */
    public void replay(ReplayRequest request) {
        LocalTarget to;
        try {
            to = target.get();
        } catch (IllegalStateException gone) {
            replayed.set(new Replayed(null, gone.getMessage()));
            return;
        }
        replaying.set(true);
        replayed.set(null);
        calls.run(() -> Replay.send(request, to), e -> {
            replaying.set(false);
            replayed.set(new Replayed(e, null));
        }, why -> {
            replaying.set(false);
            replayed.set(new Replayed(null, why));
        });
    }

    /** The request of e as it was, or null (with the reason in replayedProperty) when its body was not kept whole. */
    public ReplayRequest replayable(Exchange e) {
        try {
            return ReplayRequest.of(e);
        } catch (IllegalStateException tooBig) {
            replayed.set(new Replayed(null, tooBig.getMessage()));
            return null;
        }
    }

    /** Writes the log (oldest first, as HAR lists it) to file, off the FX thread. */
    public void exportHar(Path file, Reply reply) {
        List<Exchange> all = exchanges();
        calls.run(() -> Files.writeString(file, Har.write(all)), p -> reply.done(), reply::failed);
    }

    // ---- read-only state ---------------------------------------------------------------------------------------

    /** Oldest first. */
    public List<Exchange> exchanges() {
        List<Exchange> all = new ArrayList<>(rows.size());
        for (int i = rows.size() - 1; i >= 0; i--) {
            all.add(rows.get(i).exchange());
        }
        return all;
    }

    /** Newest first. */
    public ObservableList<ExchangeRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public FilteredList<ExchangeRow> filteredRows() {
        return filtered;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** Capture heads and bodies; off, the log keeps method, path, status and sizes only. */
    public BooleanProperty captureProperty() {
        return capture;
    }

    public ReadOnlyObjectProperty<Replayed> replayedProperty() {
        return replayed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }
}
