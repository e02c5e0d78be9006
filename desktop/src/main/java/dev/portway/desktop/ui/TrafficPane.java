// Live traffic of the selected tunnel: bytes/s in and out, open connections, totals, and (http, https) the request
// log.
package dev.portway.desktop.ui;

import atlantafx.base.theme.Styles;
import dev.portway.agent.engine.RequestLog;
import dev.portway.agent.engine.Sizes;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

final class TrafficPane extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final LineChart<Number, Number> chart;
    private final Label title = new Label("Select a tunnel to see its traffic");
    private final Label connections = new Label();
    private final Label totals = new Label();
    private final TableView<RequestLog> log = new TableView<>();
    private final TextField filter = new TextField();
    private final HBox counters;
    private final SocketsModel sockets;
    private TunnelModel shown;

    TrafficPane(SocketsModel sockets) {
        this.sockets = sockets;
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
        y.setLabel("per second");
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Sizes.human(n.longValue());
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
        chart.setPrefHeight(180);
        chart.setMinHeight(140);
        chart.setLegendVisible(false);

        connections.setId("openConnections");
        totals.setId("totals");
        connections.getStyleClass().add(Styles.TEXT_MUTED);
        totals.getStyleClass().add(Styles.TEXT_MUTED);
        Label in = new Label("● in: visitors → local service");
        in.getStyleClass().add("legend-in");
        Label out = new Label("● out: local service → visitors");
        out.getStyleClass().add("legend-out");
        counters = new HBox(24, connections, totals, in, out);

        filter.setId("requestFilter");
        filter.setPromptText("Filter requests (method, path, status)");
        log.setId("requestLog");
        log.setPlaceholder(new Label("No requests yet"));
        log.getColumns().add(column("Time", 80, r -> TIME.format(r.time())));
        log.getColumns().add(column("Method", 70, RequestLog::method));
        TableColumn<RequestLog, String> path = column("Path", 260, RequestLog::path);
        log.getColumns().add(path);
        log.getColumns().add(column("Status", 60, r -> Integer.toString(r.status())));
        log.getColumns().add(column("Duration", 80, r -> r.durationMillis() + " ms"));
        log.getColumns().add(column("Size", 80, r -> Sizes.human(r.bytes())));
        log.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        log.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        VBox.setVgrow(log, Priority.ALWAYS);

        getChildren().addAll(title, chart, counters, filter, log);
        sockets.selectedTunnelProperty().addListener((o, a, t) -> show(t));
        show(sockets.selectedTunnelProperty().get());
    }

    private static TableColumn<RequestLog, String> column(String name, double width,
                                                          Function<RequestLog, String> value) {
        TableColumn<RequestLog, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private void show(TunnelModel t) {
        if (shown != null) {
            filter.textProperty().unbindBidirectional(shown.requestFilterProperty());
        }
        shown = t;
        // A tcp or tls tunnel carries raw bytes: no requests to list, so the chart takes the room.
        boolean raw = t != null && sockets.socket(t.socketId()).map(s -> s.rawProperty().get()).orElse(false);
        for (javafx.scene.Node n : new javafx.scene.Node[]{filter, log}) {
            n.setVisible(!raw);
            n.setManaged(!raw);
        }
        VBox.setVgrow(chart, raw ? Priority.ALWAYS : Priority.NEVER);
        connections.textProperty().unbind();
        totals.textProperty().unbind();
        chart.getData().clear();
        // Without a tunnel there is nothing to chart: only the title stays, saying how to get one.
        for (javafx.scene.Node n : new javafx.scene.Node[]{chart, counters}) {
            n.setVisible(t != null);
            n.setManaged(t != null);
        }
        if (t == null) {
            title.setText("Select a tunnel to see its traffic");
            filter.setVisible(false);
            filter.setManaged(false);
            log.setVisible(false);
            log.setManaged(false);
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
        filter.textProperty().bindBidirectional(t.requestFilterProperty());
        log.setItems(t.filteredRequests());
    }
}
