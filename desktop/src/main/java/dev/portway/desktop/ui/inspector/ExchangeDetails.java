// The details of the exchange selected in the request log: summary and timings, the failure, request and response
// heads and bodies (secrets hidden unless "Show secrets" is on), and the replay editor. It follows the row, so a
// pending exchange fills in when it ends.
package dev.portway.desktop.ui.inspector;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.Exchange;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class ExchangeDetails extends VBox {
    private final Label summary = new Label("Select a request to see its details");
    private final Label timings = new Label();
    private final Label failure = new Label();
    private final Button replay = new Button("Replay…");
    private final ToggleButton secrets = new ToggleButton("Show secrets");
    private final TextArea requestHeaders = heads("requestHeaders");
    private final TextArea responseHeaders = heads("responseHeaders");
    private final BodyView requestBody = new BodyView("requestBody");
    private final BodyView responseBody = new BodyView("responseBody");
    private final ReplayEditor editor = new ReplayEditor();
    private final TabPane tabs = new TabPane();
    private final Tab replayTab = new Tab("Replay", editor);
    private final ChangeListener<Exchange> onChange = (o, a, e) -> show(e);
    private ExchangeRow row;
    /** The row the replay editor was last filled from: another row's request must never be sent by mistake. */
    private ExchangeRow editorRow;
    private InspectorModel model;

    ExchangeDetails() {
        super(6);
        setId("exchangeDetails");
        getStyleClass().add("exchange-details");
        setMinWidth(320);
        summary.setId("exchangeSummary");
        summary.getStyleClass().add(Styles.TITLE_4);
        timings.setId("exchangeTimings");
        timings.getStyleClass().add(Styles.TEXT_MUTED);
        timings.setWrapText(true);
        timings.setMinHeight(Region.USE_PREF_SIZE); // wraps instead of cutting the sizes off
        failure.setId("exchangeFailure");
        failure.getStyleClass().add("error");
        failure.setWrapText(true);
        replay.setId("replay");
        replay.setMinWidth(Region.USE_PREF_SIZE);
        replay.setOnAction(e -> {
            fillEditor();
            tabs.getSelectionModel().select(replayTab);
        });
        secrets.setId("showSecrets");
        secrets.setMinWidth(Region.USE_PREF_SIZE);
        secrets.setTooltip(new Tooltip("Show Authorization, cookies and secret query parameters as they were sent"));
        secrets.selectedProperty().addListener((o, a, on) -> {
            if (row != null) {
                show(row.exchange());
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, summary, spacer, secrets, replay);
        top.setAlignment(Pos.CENTER_LEFT);

        tabs.setId("exchangeTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(new Tab("Request", part(requestHeaders, requestBody)),
                new Tab("Response", part(responseHeaders, responseBody)), replayTab);
        // Opening the Replay tab directly shows the selected request, not one selected earlier.
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, tab) -> {
            if (tab == replayTab && editorRow != row) {
                fillEditor();
            }
        });
        VBox.setVgrow(tabs, Priority.ALWAYS);
        getChildren().addAll(top, timings, failure, tabs);
        show((ExchangeRow) null);
    }

    private static TextArea heads(String id) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setPrefRowCount(6);
        t.getStyleClass().add("code");
        return t;
    }

    private static VBox part(TextArea head, BodyView body) {
        VBox box = new VBox(6, head, body);
        VBox.setVgrow(head, Priority.ALWAYS);
        VBox.setVgrow(body, Priority.ALWAYS);
        return box;
    }

    /** The tunnel's inspector, whose replays the editor sends and whose switch shows secrets. */
    void model(InspectorModel m) {
        if (model != null) {
            secrets.selectedProperty().unbindBidirectional(model.showSecretsProperty());
        }
        model = m;
        editor.model(m);
        if (m != null) {
            secrets.selectedProperty().bindBidirectional(m.showSecretsProperty());
        }
    }

    /** Follows a row (null: nothing selected). */
    void show(ExchangeRow r) {
        if (row != null) {
            row.exchangeProperty().removeListener(onChange);
        }
        row = r;
        for (var n : new javafx.scene.Node[]{timings, tabs, replay, secrets}) {
            n.setVisible(r != null);
            n.setManaged(r != null);
        }
        if (r == null) {
            summary.setText("Select a request to see its details");
            failure.setVisible(false);
            failure.setManaged(false);
            return;
        }
        r.exchangeProperty().addListener(onChange);
        show(r.exchange());
        if (tabs.getSelectionModel().getSelectedItem() == replayTab && editorRow != r) {
            fillEditor();
        }
    }

    /** Fills the editor from the selected row; a request still in flight is shown on its Request tab instead. */
    private void fillEditor() {
        if (row.exchange().state() == Exchange.State.PENDING) {
            tabs.getSelectionModel().selectFirst();
            return;
        }
        editorRow = row;
        editor.prefill(row.exchange());
    }

    private void show(Exchange captured) {
        Exchange e = model == null ? captured.redacted() : model.shown(captured);
        summary.setText(ExchangeTexts.summary(e));
        timings.setText(ExchangeTexts.timings(e));
        failure.setText(e.failure() == null ? "" : e.failure());
        failure.setVisible(e.failure() != null);
        failure.setManaged(e.failure() != null);
        requestHeaders.setText(ExchangeTexts.requestHead(e));
        responseHeaders.setText(ExchangeTexts.responseHead(e));
        requestBody.show(e.requestBody(), e.requestHeader("content-type").orElse(null));
        responseBody.show(e.responseBody(), e.responseHeader("content-type").orElse(null));
        // A pending request's body may still be arriving: it can be replayed once it has ended.
        replay.setDisable(e.state() == Exchange.State.PENDING);
    }
}
