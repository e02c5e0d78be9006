// Live traffic of the selected tunnel: bytes/s in and out, open connections, totals, and (http, https) the
// inspector: the request log (in flight, done, failed) with its search, the selected exchange's details, capture, HAR
// export, saved sets of selected requests and their replay, and the inspector's web page (the same exchanges) opened
// in the browser.
package dev.portway.desktop.ui.inspector;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.Sizes;
import dev.portway.agent.engine.inspect.Redactor;
import dev.portway.desktop.system.SaveFolder;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

public final class TrafficPane extends VBox {
    private final LineChart<Number, Number> chart;
    private final Label title = new Label("Select a tunnel to see its traffic");
    private final Label connections = new Label();
    private final Label totals = new Label();
    /** Where "Export HAR" writes; tests put their own chooser here (a file dialog cannot be driven headless). */
    static Function<Window, Path> harChooser = TrafficPane::chooseHar;

    private final TableView<ExchangeRow> log = new TableView<>();
    private final TextField filter = new TextField();
    private final ToggleButton capture = new ToggleButton("Capture");
    private final Button exportHar = new Button("Export HAR…");
    private final Hyperlink openInspector = new Hyperlink("Open inspector in browser");
    private final ExchangeDetails details = new ExchangeDetails();
    /** What "Save set…" names the selected requests; tests put their own here (a dialog waits for a person). */
    static Function<Window, String> setNamer = TrafficPane::askSetName;
    private final Button saveSet = new Button("Save set…");
    private final ComboBox<String> savedSets = new ComboBox<>();
    private final Button replaySet = new Button("Replay set");
    private final HBox setsBar;
    private final SetResults setResults = new SetResults();
    private final javafx.beans.value.ChangeListener<InspectorModel.SetReplayed> onSetReplayed =
            (o, a, r) -> showSetReplayed(r);
    private final HBox inspectorBar;
    /** The chart, legend and (http) the request log on the left; the selected request's details on the right. */
    private final SplitPane inspector;
    private final VBox traffic;
    private final HBox counters;
    private final FlowPane legend;
    private final SocketsModel sockets;
    private final Inspectors inspectors;
    private final java.util.function.Consumer<String> problems;
    private TunnelModel shown;
    private InspectorModel shownInspector;
    /** The shown inspector's "Show secrets": the log's paths follow it. */
    private final javafx.beans.property.BooleanProperty secretsShown =
            new javafx.beans.property.SimpleBooleanProperty();

    /** problems: where a failed export is said (the banner); openPage: opens a web page in the browser. */
    public TrafficPane(SocketsModel sockets, Inspectors inspectors, java.util.function.Consumer<String> problems,
                       java.util.function.Consumer<String> openPage) {
        this.sockets = sockets;
        this.inspectors = inspectors;
        this.problems = problems;
        getStyleClass().add("traffic");
        setSpacing(8);
        setPadding(new Insets(10, 0, 0, 0));
        title.setId("trafficTitle");
        title.getStyleClass().addAll(Styles.TITLE_4, "section");

        NumberAxis x = new NumberAxis();
        x.setForceZeroInRange(false);
        x.setTickLabelsVisible(false);
        x.setLabel("last 3 minutes");
        NumberAxis y = new NumberAxis();
        // Per second in each tick (no axis title: beside the log, the chart is too short for one).
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Sizes.human(n.longValue()) + "/s";
            }

            @Override
            public Number fromString(String s) {
                return 0;
            }
        });
        chart = new LineChart<>(x, y);
        chart.setId("trafficChart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(150);
        // Shorter when the window is: the sets bar under the log must fit at the default size beside a socket's
        // custom domains, and the chart is what can give way.
        chart.setMinHeight(80);
        chart.setLegendVisible(false);

        connections.setId("openConnections");
        totals.setId("totals");
        connections.getStyleClass().add(Styles.TEXT_MUTED);
        totals.getStyleClass().add(Styles.TEXT_MUTED);
        Label in = new Label("● in: visitors → local service");
        in.getStyleClass().add("legend-in");
        Label out = new Label("● out: local service → visitors");
        out.getStyleClass().add("legend-out");
        counters = new HBox(16, connections, totals);
        counters.setAlignment(Pos.CENTER_RIGHT);
        counters.setMinWidth(Region.USE_PREF_SIZE);
        // Beside the log the chart is narrow: the legend wraps under it rather than being cut.
        legend = new FlowPane(16, 2, in, out);

        filter.setId("requestFilter");
        filter.setPromptText("Search requests");
        filter.setTooltip(new javafx.scene.control.Tooltip(
                "Requests holding this in their method, path, status, a header or a body"));
        log.setId("requestLog");
        log.setPlaceholder(new Label("No requests yet"));
        // The time is in the details: the table's width goes to the path.
        log.getColumns().add(fixed(column("Method", 76, r -> r.exchange().method())));
        // The query's secrets hidden as in the details, shown with them.
        log.getColumns().add(column("Path", 160, r -> secretsShown.get() ? r.exchange().target()
                : Redactor.target(r.exchange().target()), secretsShown));
        log.getColumns().add(fixed(column("Status", 80, ExchangeRow::statusText)));
        log.getColumns().add(fixed(column("Duration", 84, ExchangeRow::durationText)));
        log.getColumns().add(fixed(column("Size", 64, r -> Sizes.human(r.exchange().responseBody().size()))));
        log.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        log.setMinWidth(360);
        log.getStyleClass().addAll(Styles.DENSE, "request-log");
        log.setRowFactory(v -> new ExchangeTableRow());
        // Several rows (Ctrl or Shift) make a saved set; the details follow the one clicked last.
        log.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        log.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> details.show(r));

        capture.setId("capture");
        capture.setSelected(true);
        capture.setTooltip(new javafx.scene.control.Tooltip(
                "Keep heads and the first 64 KiB of bodies; off, only method, path, status and size"));
        exportHar.setId("exportHar");
        exportHar.setOnAction(e -> exportHar());
        openInspector.setId("openInspector");
        openInspector.setTooltip(new javafx.scene.control.Tooltip(
                "The same exchanges on the inspector's web page, served on this computer only"));
        openInspector.disableProperty().bind(inspectors.urlProperty().isNull());
        openInspector.setOnAction(e -> openPage.accept(inspectors.urlProperty().get()));
        openInspector.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMinWidth(80);
        capture.setMinWidth(Region.USE_PREF_SIZE);
        exportHar.setMinWidth(Region.USE_PREF_SIZE);
        inspectorBar = new HBox(8, filter, capture, exportHar);
        inspectorBar.setAlignment(Pos.CENTER_LEFT);
        saveSet.setId("saveSet");
        saveSet.setTooltip(new javafx.scene.control.Tooltip(
                "Save the selected requests (Ctrl-click for several) as a set to replay later"));
        saveSet.disableProperty().bind(Bindings.isEmpty(log.getSelectionModel().getSelectedItems()));
        saveSet.setOnAction(e -> saveSet());
        savedSets.setId("savedSets");
        savedSets.setPromptText("Saved sets");
        savedSets.setMaxWidth(Double.MAX_VALUE);
        savedSets.setMinWidth(80);
        HBox.setHgrow(savedSets, Priority.ALWAYS);
        // Sets saved on the web page show here too: the list is read again each time it opens.
        savedSets.setOnShowing(e -> {
            if (shownInspector != null) {
                shownInspector.refreshSets();
            }
        });
        replaySet.setId("replaySet");
        replaySet.setTooltip(new javafx.scene.control.Tooltip(
                "Send the set's requests again, in order, and see which answers changed"));
        replaySet.setOnAction(e -> {
            if (shownInspector != null && savedSets.getValue() != null) {
                shownInspector.replaySet(savedSets.getValue());
            }
        });
        saveSet.setMinWidth(Region.USE_PREF_SIZE);
        replaySet.setMinWidth(Region.USE_PREF_SIZE);
        setsBar = new HBox(8, saveSet, savedSets, replaySet);
        setsBar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(log, Priority.ALWAYS);
        traffic = new VBox(8, chart, legend, inspectorBar, log, setsBar);
        traffic.setMinWidth(360);
        // The details take the full height beside the log and chart: at the default window size their heads, the
        // replay editor and its answer need it more than the chart needs the full width.
        inspector = new SplitPane(traffic, details);
        inspector.setId("inspector");
        inspector.setOrientation(Orientation.HORIZONTAL);
        inspector.setDividerPositions(0.52);
        VBox.setVgrow(inspector, Priority.ALWAYS);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        title.setMinWidth(80);
        HBox top = new HBox(12, title, openInspector, spacer, counters);
        top.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, inspector);
        sockets.selectedTunnelProperty().addListener((o, a, t) -> show(t));
        show(sockets.selectedTunnelProperty().get());
    }

    /** A column whose cells follow the row: a pending exchange's status and elapsed time change in place. */
    private static TableColumn<ExchangeRow, String> column(String name, double width,
                                                           Function<ExchangeRow, String> value,
                                                           javafx.beans.Observable... also) {
        TableColumn<ExchangeRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> {
            ExchangeRow r = cell.getValue();
            javafx.beans.Observable[] on = new javafx.beans.Observable[also.length + 2];
            on[0] = r.exchangeProperty();
            on[1] = r.millisProperty();
            System.arraycopy(also, 0, on, 2, also.length);
            ObservableValue<String> v = Bindings.createStringBinding(() -> value.apply(r), on);
            return v; // the binding's listeners are weak: a cell that moves on to another row lets it go
        });
        c.setSortable(false);
        return c;
    }

    private static <T> TableColumn<ExchangeRow, T> fixed(TableColumn<ExchangeRow, T> c) {
        c.setMinWidth(c.getPrefWidth());
        c.setMaxWidth(c.getPrefWidth());
        return c;
    }

    /** A row styled by how its exchange ended (pending, 4xx amber, 5xx and failed red), restyled when it ends. */
    private static final class ExchangeTableRow extends TableRow<ExchangeRow> {
        private final InvalidationListener restyle = o -> restyle();

        ExchangeTableRow() {
            itemProperty().addListener((o, a, b) -> {
                if (a != null) {
                    a.exchangeProperty().removeListener(restyle);
                }
                if (b != null) {
                    b.exchangeProperty().addListener(restyle);
                }
                restyle();
            });
        }

        private void restyle() {
            getStyleClass().removeAll(ExchangeRow.PENDING, ExchangeRow.WARNING, ExchangeRow.DANGER);
            ExchangeRow r = getItem();
            if (r != null && !isEmpty() && r.styleClass() != null) {
                getStyleClass().add(r.styleClass());
            }
        }

        @Override
        protected void updateItem(ExchangeRow r, boolean empty) {
            super.updateItem(r, empty);
            restyle();
        }
    }

    private void saveSet() {
        InspectorModel m = shownInspector;
        List<Exchange> chosen = log.getSelectionModel().getSelectedItems().stream().map(ExchangeRow::exchange)
                .toList();
        String name = m == null || chosen.isEmpty() ? null : setNamer.apply(getScene().getWindow());
        if (name != null) {
            m.saveSet(name, chosen, new Reply() {
                @Override
                public void done() {
                    savedSets.setValue(name.strip());
                }

                @Override
                public void failed(String why) {
                    problems.accept(why);
                }
            });
        }
    }

    private static String askSetName(Window owner) {
        TextInputDialog ask = new TextInputDialog();
        ask.initOwner(owner);
        ask.setTitle("Save set");
        ask.setHeaderText("Save the selected requests as a set, to replay later");
        ask.setContentText("Name (letters, digits, . _ -):");
        return ask.showAndWait().map(String::strip).filter(n -> !n.isEmpty()).orElse(null);
    }

    private void showSetReplayed(InspectorModel.SetReplayed r) {
        if (r == null) {
            return;
        }
        if (r.refused() != null) {
            problems.accept(r.refused());
            return;
        }
        setResults.show(getScene().getWindow(), r);
    }

    private void exportHar() {
        InspectorModel m = shownInspector;
        Path file = m == null ? null : harChooser.apply(getScene().getWindow());
        if (file != null) {
            m.exportHar(file, Reply.to(problems));
        }
    }

    private static Path chooseHar(Window owner) {
        File f = harDialog(SaveFolder.current()).showSaveDialog(owner);
        return f == null ? null : f.toPath();
    }

    /** The export's file dialog, opening in folder. */
    static FileChooser harDialog(Path folder) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the request log as HAR");
        chooser.setInitialFileName("portway.har");
        chooser.setInitialDirectory(folder.toFile());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("HTTP Archive (HAR)", "*.har"));
        return chooser;
    }

    /** Shown and laid out, or neither: a hidden part leaves no gap. */
    private static void laidOut(boolean on, Node... nodes) {
        for (Node n : nodes) {
            n.setVisible(on);
            n.setManaged(on);
        }
    }

    private void show(TunnelModel t) {
        if (shownInspector != null) {
            filter.textProperty().unbindBidirectional(shownInspector.filterProperty());
            capture.selectedProperty().unbindBidirectional(shownInspector.captureProperty());
            shownInspector.setReplayedProperty().removeListener(onSetReplayed);
            replaySet.disableProperty().unbind();
            secretsShown.unbind();
            secretsShown.set(false);
        }
        shown = t;
        shownInspector = t == null ? null : inspectors.of(t.tunnelId());
        details.model(shownInspector);
        log.getSelectionModel().clearSelection();
        // A tcp, tls or udp tunnel carries raw bytes: no requests to list, so the chart takes the room.
        boolean raw = t != null && sockets.socket(t.socketId()).map(s -> s.rawProperty().get()).orElse(false);
        laidOut(!raw, inspectorBar, log, setsBar);
        laidOut(!raw && t != null, openInspector);
        if (raw) {
            inspector.getItems().setAll(traffic);
        } else if (inspector.getItems().size() == 1) {
            inspector.getItems().add(details);
            inspector.setDividerPositions(0.52);
        }
        VBox.setVgrow(chart, raw ? Priority.ALWAYS : Priority.NEVER);
        connections.textProperty().unbind();
        totals.textProperty().unbind();
        chart.getData().clear();
        // Without a tunnel there is nothing to chart: only the title stays, saying how to get one.
        laidOut(t != null, inspector, counters);
        if (t == null) {
            title.setText("Select a tunnel to see its traffic");
            connections.setText("");
            totals.setText("");
            log.setItems(FXCollections.observableArrayList());
            filter.setText("");
            return;
        }
        title.setText("Traffic of tunnel " + t.shortId());
        chart.getData().add(new XYChart.Series<>("in (visitors → local)", t.rateIn()));
        chart.getData().add(new XYChart.Series<>("out (local → visitors)", t.rateOut()));
        connections.textProperty().bind(Bindings.concat("Open connections: ", t.openConnectionsProperty()));
        totals.textProperty().bind(Bindings.createStringBinding(() -> "In " + Sizes.human(t.bytesInProperty().get())
                + " · Out " + Sizes.human(t.bytesOutProperty().get()), t.bytesInProperty(), t.bytesOutProperty()));
        secretsShown.bind(shownInspector.showSecretsProperty());
        filter.textProperty().bindBidirectional(shownInspector.filterProperty());
        capture.selectedProperty().bindBidirectional(shownInspector.captureProperty());
        log.setItems(shownInspector.filteredRows());
        savedSets.setItems(shownInspector.setNames());
        shownInspector.refreshSets();
        shownInspector.setReplayedProperty().addListener(onSetReplayed);
        replaySet.disableProperty().bind(savedSets.valueProperty().isNull()
                .or(shownInspector.replayingSetProperty()));
    }
}
