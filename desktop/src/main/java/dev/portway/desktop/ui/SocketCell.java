// A socket in the list: name, type, tunnels online, and its public URL.
package dev.portway.desktop.ui;

import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

final class SocketCell extends ListCell<SocketModel> {
    private final Label name = new Label();
    private final Label meta = new Label();
    private final Label url = new Label();
    private final Button copy = new Button("Copy");
    private final VBox box = new VBox(2, name, meta, new HBox(6, url, copy));

    SocketCell(Consumer<String> copyUrl) {
        copy.getStyleClass().addAll("subtle", "copy-url");
        copy.setOnAction(e -> copyUrl.accept(url.getText()));
        name.getStyleClass().add("socket-name");
        meta.getStyleClass().add("muted");
        url.getStyleClass().add("socket-url");
    }

    @Override
    protected void updateItem(SocketModel s, boolean empty) {
        super.updateItem(s, empty);
        name.textProperty().unbind();
        meta.textProperty().unbind();
        url.textProperty().unbind();
        if (empty || s == null) {
            setGraphic(null);
            return;
        }
        name.textProperty().bind(s.nameProperty());
        meta.textProperty().bind(s.typeProperty().concat(" · ").concat(s.onlineProperty().asString())
                .concat(" of ").concat(javafx.beans.binding.Bindings.size(s.tunnels()).asString())
                .concat(" tunnels online"));
        url.textProperty().bind(s.urlProperty());
        setGraphic(box);
    }
}
