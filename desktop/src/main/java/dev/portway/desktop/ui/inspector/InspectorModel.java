// The inspector of one tunnel: its exchanges in the app's ExchangeLog newest first (at most ExchangeLog.KEEP, each in
// its latest state), the search (bodies and headers too), capture on or off, secrets shown or hidden, a replay and its
// answer with the diff, and the HAR export. Changed on the FX thread only.
package dev.portway.desktop.ui.inspector;

import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.inspect.ExchangeDiff;
import dev.portway.agent.engine.inspect.ExchangeLog;
import dev.portway.agent.engine.inspect.ExchangeSearch;
import dev.portway.agent.engine.inspect.Har;
import dev.portway.agent.engine.inspect.Replay;
import dev.portway.agent.engine.inspect.ReplayRequest;
import dev.portway.agent.engine.inspect.SavedSets;
import dev.portway.agent.engine.inspect.SetReplay;
import dev.portway.desktop.ui.common.Calls;
import dev.portway.desktop.ui.common.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    /** A replay's outcome: the exchange it made (in the log) and how its response differs, or why it was not sent. */
    public record Replayed(Exchange exchange, String refused, ExchangeDiff diff) {
        static Replayed refused(String why) {
            return new Replayed(null, why, null);
        }
    }

    /** How long typing in the search pauses before the list is searched (each snapshot's text is kept). */
    static final Duration SEARCH_PAUSE = Duration.ofMillis(150);
    /** Where a search waits out its pause: one daemon thread for every pane, idle but for a timer. */
    private static final ScheduledExecutorService PAUSES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portway-search-pause");
        t.setDaemon(true);
        return t;
    });

    static final String NO_SETS = "Saved sets need the app's settings folder";

    private final int keep;
    private final Duration searchPause;
    /** Bumped at each change of the search: only the latest, once its pause is over, is applied (FX thread). */
    private long searches;
    private final Calls calls;
    private final ExchangeLog log;
    private final Supplier<LocalTarget> target;
    // The extractor lets the table hear a pending row end and its elapsed time tick.
    private final ObservableList<ExchangeRow> rows = FXCollections.observableArrayList(
            r -> new Observable[]{r.exchangeProperty(), r.millisProperty()});
    private final FilteredList<ExchangeRow> filtered = new FilteredList<>(rows);
    private final Map<Long, ExchangeRow> byId = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty capture = new SimpleBooleanProperty(true);
    private final BooleanProperty showSecrets = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<Replayed> replayed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();
    private final Sets sets;
    private final ObservableList<String> setNames = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SetReplayed> setReplayed = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper replayingSet = new ReadOnlyBooleanWrapper();

    /** The saved sets (the files the page uses too) and what replays them; null files: no saved sets. */
    record Sets(SavedSets files, SetReplay replay) {
    }

    /** A set's replay: per exchange, its original, the answer and whether it changed; or why it did not run. */
    public record SetReplayed(String name, List<SetReplay.Result> results, String refused) {
        public long changed() {
            return results.stream().filter(SetReplay.Result::changed).count();
        }
    }

    /**
     * calls: replay and export run off the FX thread; log: where replays' answers go (the page lists them too);
     * target: the tunnel's local service as set now, for a replay of an exchange the log no longer holds.
     */
    InspectorModel(Calls calls, ExchangeLog log, Supplier<LocalTarget> target, Consumer<Boolean> captureSwitch) {
        this(ExchangeLog.KEEP, Duration.ZERO, calls, log, new Sets(null, new SetReplay(log)), target, captureSwitch);
    }

    /**
     * keep: the most rows; searchPause: how long the search waits for typing to pause (zero: it searches at once);
     * sets: where saved sets are kept and what replays them.
     */
    InspectorModel(int keep, Duration searchPause, Calls calls, ExchangeLog log, Sets sets,
                   Supplier<LocalTarget> target, Consumer<Boolean> captureSwitch) {
        this.keep = keep;
        this.searchPause = searchPause;
        this.calls = calls;
        this.log = log;
        this.sets = sets;
        this.target = target;
        // As the page searches: method, path, status, headers and captured bodies, with secrets hidden; once typing
        // pauses, not at each key.
        filter.addListener((o, a, text) -> {
            long mine = ++searches;
            if (searchPause.isZero()) {
                search(text);
            } else {
                PAUSES.schedule(() -> calls.fx(() -> {
                    if (mine == searches) {
                        search(text);
                    }
                }), searchPause.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        capture.addListener((o, a, on) -> captureSwitch.accept(on));
    }

    private void search(String text) {
        if (text == null || text.isBlank()) {
            filtered.setPredicate(null);
            return;
        }
        String needle = ExchangeSearch.needle(text);
        filtered.setPredicate(r -> r.holds(needle));
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

    /**
     * Sends the (possibly edited) request of original to its local service again, as the page does; the answer goes
     * into the log and arrives, with its diff to the original, in replayedProperty.
     */
    public void replay(Exchange original, ReplayRequest request) {
        LocalTarget to;
        try {
            to = log.find(original.id()).isPresent() ? log.target(original.id()).orElseGet(target) : target.get();
        } catch (IllegalStateException gone) {
            replayed.set(Replayed.refused(gone.getMessage()));
            return;
        }
        replaying.set(true);
        replayed.set(null);
        calls.run(() -> {
            Exchange answer = log.add(Replay.send(request, to), to, original.id());
            return new Replayed(answer, null, ExchangeDiff.of(original, answer));
        }, r -> {
            replaying.set(false);
            replayed.set(r);
        }, why -> {
            replaying.set(false);
            replayed.set(Replayed.refused(why));
        });
    }

    /**
     * The request of e as it was, or null (with the reason in replayedProperty) when its body was not kept whole or
     * it cannot be sent (a method or header that is not HTTP).
     */
    public ReplayRequest replayable(Exchange e) {
        try {
            return ReplayRequest.of(e);
        } catch (IllegalStateException | IllegalArgumentException tooBig) {
            replayed.set(Replayed.refused(tooBig.getMessage()));
            return null;
        }
    }

    /** Reads the names of the saved sets again (off the FX thread), the page's as well as the app's. */
    public void refreshSets() {
        if (sets.files() == null) {
            return;
        }
        calls.run(() -> sets.files().list().stream().map(SavedSets.Info::name).toList(), setNames::setAll,
                why -> { });
    }

    /**
     * Saves the exchanges (oldest first) as the set name, in the files the page reads too; reply hears a refusal
     * (a bad name, a request still in flight or cut, too many) in the engine's words.
     */
    public void saveSet(String name, List<Exchange> exchanges, Reply reply) {
        if (sets.files() == null) {
            reply.failed(NO_SETS);
            return;
        }
        List<Exchange> oldestFirst = exchanges.stream().sorted(java.util.Comparator.comparingLong(Exchange::id))
                .toList();
        calls.run(() -> {
            try {
                sets.files().save(name == null ? "" : name.strip(), oldestFirst);
                return null;
            } catch (SavedSets.Refused r) {
                return r.getMessage();
            }
        }, refused -> {
            if (refused != null) {
                reply.failed("Not saved: " + refused);
                return;
            }
            refreshSets();
            reply.done();
        }, reply::failed);
    }

    /**
     * Sends each exchange of the set, in order, to this tunnel's local service; the originals and answers are listed
     * (the page lists them too) and setReplayedProperty says, per exchange, whether the answer changed.
     */
    public void replaySet(String name) {
        LocalTarget to;
        try {
            to = target.get();
        } catch (IllegalStateException gone) {
            setReplayed.set(new SetReplayed(name, List.of(), gone.getMessage()));
            return;
        }
        if (sets.files() == null) {
            setReplayed.set(new SetReplayed(name, List.of(), NO_SETS));
            return;
        }
        if (!sets.replay().tryStart()) {
            setReplayed.set(new SetReplayed(name, List.of(),
                    "A set is being replayed already (here or on the inspector page); try again"));
            return;
        }
        replayingSet.set(true);
        setReplayed.set(null);
        calls.run(() -> {
            try {
                var saved = sets.files().read(name);
                if (saved.isEmpty()) {
                    return new SetReplayed(name, List.of(), "There is no saved set " + name);
                }
                return new SetReplayed(name, sets.replay().replay(saved.get().exchanges(), to), null);
            } catch (SavedSets.Refused r) {
                return new SetReplayed(name, List.of(), r.getMessage());
            } finally {
                sets.replay().done();
            }
        }, r -> {
            replayingSet.set(false);
            setReplayed.set(r);
        }, why -> {
            replayingSet.set(false);
            setReplayed.set(new SetReplayed(name, List.of(), why));
        });
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

    /** Off (the default): credentials, cookies and secret query parameters show as the page shows them, hidden. */
    public BooleanProperty showSecretsProperty() {
        return showSecrets;
    }

    /** e as the pane shows it now: with its secrets hidden unless they are asked for. */
    public Exchange shown(Exchange e) {
        return showSecrets.get() ? e : e.redacted();
    }

    public ReadOnlyObjectProperty<Replayed> replayedProperty() {
        return replayed.getReadOnlyProperty();
    }

    /** The saved sets' names, as last read. */
    public ObservableList<String> setNames() {
        return setNames;
    }

    public ReadOnlyObjectProperty<SetReplayed> setReplayedProperty() {
        return setReplayed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty replayingSetProperty() {
        return replayingSet.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty replayingProperty() {
        return replaying.getReadOnlyProperty();
    }
}
