// The selected socket: its public URL (open, copy), its tunnels with their switches, add and delete.
package dev.portway.desktop.ui;

import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class SocketPane extends VBox {
    private final AppModel model;
    private final Label title = new Label();
    private final Hyperlink url = new Hyperlink();
    private final VBox tunnels = new VBox(6);
    private final HBox header;
    private final VBox empty;
    private final ListChangeListener<TunnelModel> rebuild = c -> rebuild();
    private SocketModel shown;

    SocketPane(AppModel model, Consumer<String> openUrl, Consumer<String> copy, Runnable share, Runnable create) {
        this.model = model;
        getStyleClass().add("socket-pane");
        setSpacing(10);
        title.setId("socketTitle");
        title.getStyleClass().add("section");
        url.setId("socketUrl");
        url.setOnAction(e -> openUrl.accept(url.getText()));

        Button copyUrl = new Button("Copy URL");
        copyUrl.setId("copyUrl");
        copyUrl.setOnAction(e -> copy.accept(url.getText()));
        Button open = new Button("Open");
        open.setId("openUrl");
        open.setOnAction(e -> openUrl.accept(url.getText()));
        Button addTunnel = new Button("Add tunnel");
        addTunnel.setId("addTunnel");
        addTunnel.setOnAction(e -> model.createTunnel(shown));
        Button delete = new Button("Delete socket");
        delete.setId("deleteSocket");
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> {
            if (Dialogs.confirm(getScene().getWindow(), "Delete socket " + shown.nameProperty().get() + "?",
                    "Its name " + shown.dnsNameProperty().get() + " is given up and its tunnels are deleted.")) {
                model.deleteSocket(shown);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        header = new HBox(8, url, spacer, copyUrl, open, addTunnel, delete);
        header.setAlignment(Pos.CENTER_LEFT);
        tunnels.setId("tunnels");
        Label welcome = new Label("Expose a local port in two clicks");
        welcome.getStyleClass().add("section");
        Label how = new Label("Share a port for now (a temporary name, gone when you switch it off), or create a "
                + "socket: a static public name that stays yours, with tunnels you switch on and off.");
        how.setWrapText(true);
        how.setMaxWidth(600);
        how.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        how.getStyleClass().add("muted");
        Button shareButton = new Button("Share a local port…");
        shareButton.setId("emptyShare");
        shareButton.setDefaultButton(true);
        shareButton.setOnAction(e -> share.run());
        Button createButton = new Button("New socket…");
        createButton.setOnAction(e -> create.run());
        empty = new VBox(10, welcome, how, new HBox(8, shareButton, createButton));
        empty.getStyleClass().add("empty-state");

        getChildren().addAll(title, header, tunnels, empty);
        model.selectedSocketProperty().addListener((o, a, s) -> show(s));
        show(model.selectedSocketProperty().get());
    }

    private void show(SocketModel s) {
        if (shown != null) {
            shown.tunnels().removeListener(rebuild);
        }
        shown = s;
        boolean has = s != null;
        title.textProperty().unbind();
        url.textProperty().unbind();
        header.setVisible(has);
        header.setManaged(has);
        empty.setVisible(!has);
        empty.setManaged(!has);
        if (has) {
            title.textProperty().bind(s.nameProperty().concat("  (").concat(s.typeProperty()).concat(")"));
            url.textProperty().bind(s.urlProperty());
            s.tunnels().addListener(rebuild);
        } else {
            title.setText("");
            url.setText("");
        }
        rebuild();
    }

    private void rebuild() {
        tunnels.getChildren().clear();
        if (shown == null) {
            return;
        }
        if (shown.tunnels().isEmpty()) {
            Label none = new Label("No tunnels yet: add one, then switch it on to expose a local port.");
            none.getStyleClass().add("muted");
            tunnels.getChildren().add(none);
        }
        for (TunnelModel t : shown.tunnels()) {
            tunnels.getChildren().add(new TunnelRow(model, t, () -> {
                if (Dialogs.confirm(getScene().getWindow(), "Delete tunnel " + t.shortId() + "?",
                        "Its link closes and its credential stops working.")) {
                    model.deleteTunnel(t);
                }
            }));
        }
        if (model.selectedTunnelProperty().get() == null && !shown.tunnels().isEmpty()) {
            model.selectedTunnelProperty().set(shown.tunnels().get(0));
        }
    }
}
