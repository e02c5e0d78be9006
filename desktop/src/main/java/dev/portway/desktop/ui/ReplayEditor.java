// Replay: the captured request, editable (method, path, headers, body), sent to the local service again; the new
// response shows beside the old one.
package dev.portway.desktop.ui;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.inspect.ReplayRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class ReplayEditor extends ScrollPane {
    private final VBox form = new VBox(4);
    private final TextField method = new TextField();
    private final TextField path = new TextField();
    private final TextArea headers = new TextArea();
    private final TextArea body = new TextArea();
    private final Button send = new Button("Send");
    private final Label note = new Label();
    private final TextArea original = new TextArea();
    private final TextArea replayed = new TextArea();
    private final ChangeListener<InspectorModel.Replayed> onReplayed = (o, a, r) -> showReplayed(r);
    private InspectorModel model;
    /** The captured body's bytes: sent as they were unless the text was edited (binary survives a replay). */
    private byte[] capturedBody = new byte[0];
    private String capturedText = "";

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
        form.getChildren().addAll(line, caption("Headers (one per line, Name: value)"), headers, caption("Body"), body,
                note, results);
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
        method.setText(e.method());
        path.setText(e.target());
        StringBuilder h = new StringBuilder();
        e.requestHeaders().forEach(x -> h.append(x.name()).append(": ").append(x.value()).append('\n'));
        headers.setText(h.toString());
        capturedBody = e.requestBody().captured();
        capturedText = new String(capturedBody, StandardCharsets.UTF_8);
        body.setText(capturedText);
        original.setText(ExchangeTexts.responseHead(e) + "\n"
                + ExchangeTexts.body(e.responseBody(), e.responseHeader("content-type").orElse(null)));
        replayed.setText("");
        boolean whole = model.replayable(e) != null;
        note.setText(whole ? "" : model.replayedProperty().get().refused());
        send.setVisible(whole);
    }

    private void send() {
        List<Exchange.Header> parsed = new ArrayList<>();
        Arrays.stream(headers.getText().split("\n")).map(String::strip).filter(l -> l.indexOf(':') > 0)
                .forEach(l -> parsed.add(new Exchange.Header(l.substring(0, l.indexOf(':')).strip(),
                        l.substring(l.indexOf(':') + 1).strip())));
        byte[] bytes = body.getText().equals(capturedText) ? capturedBody
                : body.getText().getBytes(StandardCharsets.UTF_8);
        note.setText("Sending to the local service…");
        model.replay(new ReplayRequest(method.getText().strip(), path.getText().strip(), parsed, bytes));
    }

    private void showReplayed(InspectorModel.Replayed r) {
        if (r == null) {
            return;
        }
        if (r.exchange() == null) {
            note.setText(r.refused());
            return;
        }
        Exchange e = r.exchange();
        note.setText(e.failure() != null ? e.failure() : "Replayed in " + e.durationMillis() + " ms");
        replayed.setText(e.failure() != null ? "(no answer)" : ExchangeTexts.responseHead(e) + "\n"
                + ExchangeTexts.body(e.responseBody(), e.responseHeader("content-type").orElse(null)));
        // The answer is what the person waits for: in view, even when the editor had to scroll.
        setVvalue(getVmax());
    }
}
