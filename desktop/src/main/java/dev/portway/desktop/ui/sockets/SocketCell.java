// A socket in the list: name, type, tunnels online, and where visitors reach it (URL or address).
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Styles;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

public final class SocketCell extends ListCell<SocketModel> {
    private final Label name = new Label();
    private final Label meta = new Label();
    private final Label url = new Label();
    private final Button copy = new Button("Copy");
    private final HBox urlRow = new HBox(6, url, copy);
    private final VBox box = new VBox(2, name, meta, urlRow);

    public SocketCell(Consumer<String> copyUrl) {
        copy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "subtle", "copy-url");
        copy.setOnAction(e -> copyUrl.accept(url.getText()));
        // A long URL gives way (with an ellipsis) so the copy button always shows.
        url.setMinWidth(0);
        url.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(url, javafx.scene.layout.Priority.ALWAYS);
        copy.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        getStyleClass().add("socket-cell");
        box.setMinWidth(0);
        box.setPrefWidth(1);
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
        url.textProperty().bind(s.endpointProperty());
        setGraphic(box);
    }
}
