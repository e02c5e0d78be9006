// Replay: the captured request, editable (method, path, headers, body), sent to the local service again; the new
// response shows beside the old one, with their line diff under them (removed lines red, added green) and whether
// the answer changed (its status or body: a new Date header alone is no change).
package dev.portway.desktop.ui.inspector;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.inspect.ExchangeDiff;
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
    private final VBox diffBox;
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
        diff.setId("replayDiff");
        diff.getStyleClass().addAll(Styles.DENSE, "replay-diff");
        diff.setPrefHeight(150);
        diff.setMinHeight(90);
        diff.setCellFactory(v -> new DiffCell());
        diffBox = new VBox(2, diffState, diff);
        VBox.setVgrow(diff, Priority.ALWAYS);
        VBox.setVgrow(diffBox, Priority.SOMETIMES);
        shown(diffBox, false);
        form.getChildren().addAll(line, caption("Headers (one per line, Name: value)"), headers, caption("Body"), body,
                note, results, diffBox);
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

    private static void shown(javafx.scene.Node n, boolean on) {
        n.setVisible(on);
        n.setManaged(on);
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

    /** Fills the editor from a captured exchange; a body that was not kept whole cannot be sent again. */
    void prefill(Exchange e) {
        source = e;
        method.setText(e.method());
        path.setText(e.target());
        StringBuilder h = new StringBuilder();
        e.requestHeaders().forEach(x -> h.append(x.name()).append(": ").append(x.value()).append('\n'));
        headers.setText(h.toString());
        capturedBody = e.requestBody().captured();
        capturedText = new String(capturedBody, StandardCharsets.UTF_8);
        body.setText(capturedText);
        original.setText(response(model.shown(e)));
        replayed.setText("");
        diff.getItems().clear();
        shown(diffBox, false);
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
                return Math.max(0, i - 1);
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
        note.setText("Sending to the local service…");
        model.replay(source, new ReplayRequest(method.getText().strip(), path.getText().strip(), parsed, bytes));
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
        note.setText(e.failure() != null ? e.failure() : "Replayed in " + e.durationMillis() + " ms");
        replayed.setText(e.failure() != null ? "(no answer)" : response(e));
        ExchangeDiff d = r.diff();
        diffState.setText(!d.changed() ? "Unchanged: the same status and body"
                : d.statusChanged() && d.bodyChanged() ? "Changed: the status and the body"
                : d.statusChanged() ? "Changed: the status" : "Changed: the body");
        diffState.pseudoClassStateChanged(CHANGED, d.changed());
        diff.getItems().setAll(d.lines());
        diff.scrollTo(firstChange(d));
        shown(diffBox, true);
        // The answer is what the person waits for: in view, even when the editor had to scroll.
        setVvalue(getVmax());
    }
}
