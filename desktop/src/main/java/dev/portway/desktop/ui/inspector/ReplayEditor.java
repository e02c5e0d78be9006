// Replay: the captured request, editable (method, path, headers, body), sent to the local service again; the new
// response shows against the old one, as their line diff (removed lines red, added green) or side by side, and
// whether the answer changed is said (its status or body: a new Date header alone is no change).
package dev.portway.desktop.ui.inspector;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.inspect.ExchangeDiff;
import dev.portway.agent.engine.inspect.ReplayEdits;
import dev.portway.agent.engine.inspect.ReplayRequest;
import dev.portway.agent.engine.inspect.TextDiff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class ReplayEditor extends ScrollPane {
    private static final PseudoClass CHANGED = PseudoClass.getPseudoClass("changed");
    private final VBox form = new VBox(4);
    private final TextField method = new TextField();
    private final TextField path = new TextField();
    private final TextArea headers = new TextArea();
    private final TextArea body = new TextArea();
    private final Button send = new Button("Send");
    private final Label note = new Label();
    private final TextArea original = new TextArea();
    private final TextArea replayed = new TextArea();
    private final Label diffState = new Label();
    private final ListView<TextDiff.Line> diff = new ListView<>();
    private final ToggleButton showDiff = new ToggleButton("Diff");
    private final ToggleButton showSides = new ToggleButton("Side by side");
    private final ChangeListener<InspectorModel.Replayed> onReplayed = (o, a, r) -> showReplayed(r);
    private InspectorModel model;
    /** The captured body's bytes: sent as they were unless the text was edited (binary survives a replay). */
    private byte[] capturedBody = new byte[0];
    private String capturedText = "";
    /** The exchange the editor was filled from: its replay is listed and diffed against it. */
    private Exchange source;

    ReplayEditor() {
        // It fits the default window; with less room (more tunnels above it) it scrolls rather than cut the answer.
        setContent(form);
        setFitToWidth(true);
        setFitToHeight(true);
        getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        form.getStyleClass().add("replay-editor");
        method.setId("replayMethod");
        method.setPrefColumnCount(6);
        path.setId("replayPath");
        HBox.setHgrow(path, Priority.ALWAYS);
        headers.setId("replayHeaders");
        headers.setPrefRowCount(4);
        headers.getStyleClass().add("code");
        body.setId("replayEditBody");
        body.setPrefRowCount(3);
        body.setWrapText(true);
        body.getStyleClass().add("code");
        send.setId("replaySend");
        send.getStyleClass().add(Styles.ACCENT);
        send.setOnAction(e -> send());
        note.setId("replayNote");
        note.setWrapText(true);
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        send.setMinWidth(Region.USE_PREF_SIZE);
        method.setMinWidth(Region.USE_PREF_SIZE);
        original.setId("replayOriginal");
        replayed.setId("replayResponse");
        for (TextArea t : new TextArea[]{original, replayed}) {
            t.setEditable(false);
            t.setWrapText(true);
            t.getStyleClass().add("code");
            HBox.setHgrow(t, Priority.ALWAYS);
        }
        HBox line = new HBox(6, method, path, send);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox before = column("Before", original);
        VBox after = column("Replayed", replayed);
        HBox results = new HBox(8, before, after);
        results.getStyleClass().add("replay-results");
        VBox.setVgrow(results, Priority.ALWAYS);
        diffState.setId("replayDiffState");
        diffState.getStyleClass().add(Styles.TEXT_BOLD);
        diffState.setMinWidth(Region.USE_PREF_SIZE);
        diffState.managedProperty().bind(diffState.textProperty().isNotEmpty());
        diff.setId("replayDiff");
        diff.getStyleClass().addAll(Styles.DENSE, "replay-diff");
        diff.setMinHeight(64); // with the editor above it, the default window (1120x740) fits it without scrolling
        diff.setCellFactory(v -> new DiffCell());
        diff.setPlaceholder(new Label("Send it to see how the new answer differs from this one"));
        VBox.setVgrow(diff, Priority.ALWAYS);
        // The diff and the two answers side by side take the same place: the window has room for one of them.
        ToggleGroup views = new ToggleGroup();
        showDiff.setId("replayShowDiff");
        showSides.setId("replayShowSides");
        showDiff.getStyleClass().addAll(Styles.LEFT_PILL, Styles.SMALL);
        showSides.getStyleClass().addAll(Styles.RIGHT_PILL, Styles.SMALL);
        for (ToggleButton b : new ToggleButton[]{showDiff, showSides}) {
            b.setToggleGroup(views);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        showDiff.setSelected(true);
        views.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one of the two always shows
            }
        });
        results.visibleProperty().bind(showSides.selectedProperty());
        results.managedProperty().bind(showSides.selectedProperty());
        diff.visibleProperty().bind(showDiff.selectedProperty());
        diff.managedProperty().bind(showDiff.selectedProperty());
        note.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(note, Priority.ALWAYS);
        diffState.setTooltip(new javafx.scene.control.Tooltip(
                "Whether the status or the body differ (headers such as Date change on every answer)"));
        HBox status = new HBox(8, note, diffState, showDiff, showSides);
        status.setAlignment(Pos.CENTER_LEFT);
        form.getChildren().addAll(line, caption("Headers (one per line, Name: value)"), headers, caption("Body"), body,
                status, results, diff);
    }

    /** One line of the diff: "-" lines red, "+" lines green (the CSS colours them), common ones plain. */
    private static final class DiffCell extends ListCell<TextDiff.Line> {
        @Override
        protected void updateItem(TextDiff.Line l, boolean empty) {
            super.updateItem(l, empty);
            getStyleClass().removeAll("diff-removed", "diff-added");
            if (empty || l == null) {
                setText(null);
                return;
            }
            setText(l.op() + " " + l.text());
            if (l.op() == '-') {
                getStyleClass().add("diff-removed");
            } else if (l.op() == '+') {
                getStyleClass().add("diff-added");
            }
        }
    }



    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return l;
    }

    private static VBox column(String title, TextArea area) {
        VBox box = new VBox(2, caption(title), area);
        VBox.setVgrow(area, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /** The inspector whose replays this editor sends and shows. */
    void model(InspectorModel m) {
        if (model != null) {
            model.replayedProperty().removeListener(onReplayed);
            send.disableProperty().unbind();
        }
        model = m;
        if (m != null) {
            m.replayedProperty().addListener(onReplayed);
            send.disableProperty().bind(m.replayingProperty());
        }
    }

    /**
     * Fills the editor from a captured exchange, its secrets hidden unless they are shown (a hidden one left as it
     * is is sent with its real value); a body that was not kept whole cannot be sent again.
     */
    void prefill(Exchange e) {
        source = e;
        Exchange shown = model.shown(e);
        method.setText(e.method());
        path.setText(shown.target());
        StringBuilder h = new StringBuilder();
        shown.requestHeaders().forEach(x -> h.append(x.name()).append(": ").append(x.value()).append('\n'));
        headers.setText(h.toString());
        capturedBody = e.requestBody().captured();
        capturedText = new String(capturedBody, StandardCharsets.UTF_8);
        body.setText(capturedText);
        original.setText(response(model.shown(e)));
        replayed.setText("");
        diff.getItems().clear();
        diffState.setText("");
        boolean whole = model.replayable(e) != null;
        note.setText(whole ? "" : model.replayedProperty().get().refused());
        send.setVisible(whole);
    }

    /** Where the diff opens: at the body's first change when the body changed (a new Date is no news), else the top. */
    static int firstChange(ExchangeDiff d) {
        List<TextDiff.Line> lines = d.lines();
        int body = 0;
        while (body < lines.size() && !(lines.get(body).op() == ' ' && lines.get(body).text().isEmpty())) {
            body++;
        }
        int from = d.bodyChanged() && body < lines.size() ? body : 0;
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).changed()) {
                return Math.max(0, i - 2);
            }
        }
        return 0;
    }

    private static String response(Exchange e) {
        return ExchangeTexts.responseHead(e) + "\n"
                + ExchangeTexts.body(e.responseBody(), e.responseHeader("content-type").orElse(null));
    }

    private void send() {
        List<Exchange.Header> parsed = new ArrayList<>();
        Arrays.stream(headers.getText().split("\n")).map(String::strip).filter(l -> l.indexOf(':') > 0)
                .forEach(l -> parsed.add(new Exchange.Header(l.substring(0, l.indexOf(':')).strip(),
                        l.substring(l.indexOf(':') + 1).strip())));
        byte[] bytes = body.getText().equals(capturedText) ? capturedBody
                : body.getText().getBytes(StandardCharsets.UTF_8);
        ReplayRequest request;
        try {
            request = ReplayEdits.unhidden(ReplayRequest.of(source), new ReplayRequest(method.getText().strip(),
                    path.getText().strip(), parsed, bytes));
        } catch (IllegalArgumentException | IllegalStateException bad) {
            note.setText(bad.getMessage());
            return;
        }
        note.setText("Sending to the local service…");
        diffState.setText("");
        model.replay(source, request);
    }

    private void showReplayed(InspectorModel.Replayed r) {
        if (r == null) {
            return;
        }
        if (r.exchange() == null) {
            note.setText(r.refused());
            return;
        }
        Exchange e = model.shown(r.exchange());
        // The state says how it went; its time is in the log, where the answer is listed.
        note.setText(e.failure() != null ? e.failure() : "");
        replayed.setText(e.failure() != null ? "(no answer)" : response(e));
        ExchangeDiff d = r.diff();
        diffState.setText(!d.changed() ? "Unchanged" : d.statusChanged() && d.bodyChanged()
                ? "Changed: status and body" : d.statusChanged() ? "Changed: status" : "Changed: body");
        diffState.pseudoClassStateChanged(CHANGED, d.changed());
        diff.getItems().setAll(d.lines());
        // Laid out with its new lines first: scrolled before, the list stops short of the change.
        diff.layout();
        diff.scrollTo(firstChange(d));
        // The answer is what the person waits for: in view, even when the editor had to scroll.
        setVvalue(getVmax());
    }
}
