// The main window once signed in: toolbar, socket list, the selected socket's tunnels and their traffic.
package dev.portway.desktop.ui;

import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class MainView extends BorderPane {
    MainView(AppModel model, Consumer<String> openUrl, Consumer<String> copy) {
        getStyleClass().add("main");

        Label account = new Label();
        account.setId("account");
        account.textProperty().bind(model.accountProperty());
        Button newSocket = new Button("New socket…");
        newSocket.setId("newSocket");
        Runnable create = () -> Dialogs.newSocket(getScene().getWindow())
                .ifPresent(model::createSocket);
        Runnable sharePort = () -> Dialogs.sharePort(getScene().getWindow())
                .ifPresent(s -> model.sharePort(s.host(), s.port(), s.type()));
        newSocket.setOnAction(e -> create.run());
        Button share = new Button("Share port…");
        share.setId("sharePortButton");
        share.setOnAction(e -> sharePort.run());
        CheckBox atLogin = new CheckBox("Connect at login");
        atLogin.setId("connectAtLogin");
        atLogin.setSelected(model.connectAtLoginProperty().get());
        model.connectAtLoginProperty().addListener((o, a, on) -> atLogin.setSelected(on));
        atLogin.setOnAction(e -> model.setConnectAtLogin(atLogin.isSelected()));
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setOnAction(e -> model.refresh(null));
        Button signOut = new Button("Sign out");
        signOut.setId("signOut");
        signOut.setOnAction(e -> model.signOut());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, account, spacer, newSocket, share, atLogin, refresh, signOut);
        toolbar.getStyleClass().add("toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8, 12, 8, 12));

        Label error = new Label();
        error.setId("error");
        error.getStyleClass().add("error-banner");
        error.setMaxWidth(Double.MAX_VALUE);
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setOnMouseClicked(e -> model.clearError());
        setTop(new VBox(toolbar, error));

        ListView<SocketModel> sockets = new ListView<>(model.sockets());
        sockets.setId("sockets");
        sockets.setPrefWidth(330);
        sockets.setCellFactory(v -> new SocketCell(copy));
        sockets.setPlaceholder(new Label("No sockets yet"));
        sockets.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null && s != model.selectedSocketProperty().get()) {
                model.selectedTunnelProperty().set(null);
                model.selectedSocketProperty().set(s);
            }
        });
        model.selectedSocketProperty().addListener((o, a, s) -> sockets.getSelectionModel().select(s));
        setLeft(sockets);
        BorderPane.setMargin(sockets, new Insets(0, 0, 0, 0));

        VBox center = new VBox(8, new SocketPane(model, openUrl, copy, sharePort, create), new TrafficPane(model));
        center.setPadding(new Insets(12));
        VBox.setVgrow(center.getChildren().get(1), Priority.ALWAYS);
        setCenter(center);
    }
}
