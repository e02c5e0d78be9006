// A saved set's replay, in a window of its own beside the main one: per exchange of the set its request, the status
// it had and the one it got, and whether the answer changed (status or body, as the page says it).
package dev.portway.desktop.ui.inspector;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.inspect.Redactor;
import dev.portway.agent.engine.inspect.SetReplay;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

final class SetResults extends VBox {
    static final String CHANGED = "changed";
    static final String UNCHANGED = "unchanged";

    private final Label summary = new Label();
    private final TableView<SetReplay.Result> table = new TableView<>();
    private Stage stage;

    SetResults() {
        super(8);
        setPadding(new Insets(12));
        summary.setId("setReplaySummary");
        summary.getStyleClass().add(Styles.TITLE_4);
        table.setId("setResults");
        table.getStyleClass().addAll(Styles.DENSE, "request-log");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("Method", 70, r -> r.original().method()));
        // As the log shows paths by default: a secret query parameter's value hidden.
        table.getColumns().add(column("Path", 220, r -> Redactor.target(r.original().target())));
        table.getColumns().add(column("Before", 70, r -> status(r.original())));
        table.getColumns().add(column("After", 110, r -> r.replayed() == null ? "not sent" : status(r.replayed())));
        TableColumn<SetReplay.Result, String> changed = column("Answer", 90, r -> r.changed() ? CHANGED : UNCHANGED);
        changed.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                getStyleClass().removeAll("set-changed", "set-unchanged");
                if (!empty && text != null) {
                    getStyleClass().add(CHANGED.equals(text) ? "set-changed" : "set-unchanged");
                }
            }
        });
        table.getColumns().add(changed);
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(summary, table);
    }

    private static String status(Exchange e) {
        return e.state() == Exchange.State.FAILED ? "failed" : Integer.toString(e.status());
    }

    private static TableColumn<SetReplay.Result, String> column(String name, double width,
                                                               Function<SetReplay.Result, String> value) {
        TableColumn<SetReplay.Result, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        return c;
    }

    /** Shows a replay's results in their window (made once, over owner), and brings it forward. */
    void show(Window owner, InspectorModel.SetReplayed r) {
        long changed = r.changed();
        int all = r.results().size();
        summary.setText("Set " + r.name() + ": " + (changed == 0 ? "no answer changed"
                : changed + " of " + all + (all == 1 ? " answer changed" : " answers changed")));
        table.getItems().setAll(r.results());
        if (stage == null) {
            stage = new Stage();
            stage.initOwner(owner);
            Scene scene = new Scene(this, 620, 360);
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
            stage.setScene(scene);
        }
        stage.setTitle("Replay of set " + r.name());
        stage.show();
        stage.toFront();
    }
}
