// The app's small dialogs: new socket, share a port, confirm a deletion.
package dev.portway.desktop.ui;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

final class Dialogs {
    private Dialogs() {
    }

    record NewSocket(String name, String type) {
    }

    record Share(String host, int port) {
    }

    static Optional<NewSocket> newSocket(Window owner) {
        Dialog<NewSocket> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("New socket");
        d.setHeaderText("A socket is a public endpoint with a static name.");
        TextField name = new TextField();
        name.setId("socketName");
        name.setPromptText("my service at home");
        ChoiceBox<String> type = new ChoiceBox<>();
        type.setId("socketType");
        type.getItems().add("http");
        type.setValue("http");
        GridPane grid = form();
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Type"), type);
        d.getDialogPane().setContent(grid);
        ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
        d.setResultConverter(b -> b == create ? new NewSocket(name.getText().strip(), type.getValue()) : null);
        return d.showAndWait();
    }

    static Optional<Share> sharePort(Window owner) {
        Dialog<Share> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Share port");
        d.setHeaderText("Share a local port now. The temporary socket is deleted when you switch it off.");
        TextField host = new TextField("localhost");
        host.setId("shareHost");
        TextField port = new TextField("8000");
        port.setId("sharePort");
        javafx.application.Platform.runLater(() -> {
            port.requestFocus();
            port.selectAll();
        });
        GridPane grid = form();
        grid.addRow(0, new Label("Host"), host);
        grid.addRow(1, new Label("Port"), port);
        d.getDialogPane().setContent(grid);
        ButtonType share = new ButtonType("Share", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(share, ButtonType.CANCEL);
        d.setResultConverter(b -> {
            if (b != share) {
                return null;
            }
            try {
                return new Share(host.getText().strip(), Integer.parseInt(port.getText().strip()));
            } catch (NumberFormatException e) {
                return new Share(host.getText().strip(), -1);
            }
        });
        return d.showAndWait();
    }

    static boolean confirm(Window owner, String title, String text) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        return grid;
    }
}
