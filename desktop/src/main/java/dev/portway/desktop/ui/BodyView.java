// One body in the details: its text (formatted), or for an image a preview above its type and size.
package dev.portway.desktop.ui;

import dev.portway.agent.engine.Body;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

final class BodyView extends VBox {
    private final TextArea text = new TextArea();
    private final ImageView preview = new ImageView();

    /** id: the text's test id (e.g. responseBody); the preview is id + "Image". */
    BodyView(String id) {
        super(4);
        text.setId(id);
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("code");
        preview.setId(id + "Image");
        preview.setPreserveRatio(true);
        preview.setFitHeight(160);
        preview.setFitWidth(320);
        VBox.setVgrow(text, Priority.ALWAYS);
        getChildren().addAll(preview, text);
        show(Body.EMPTY, null);
    }

    void show(Body body, String contentType) {
        text.setText(ExchangeTexts.body(body, contentType));
        boolean image = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("image/")
                && body.whole() && body.size() > 0;
        Image img = image ? new Image(new ByteArrayInputStream(body.captured())) : null;
        preview.setImage(img != null && !img.isError() ? img : null);
        preview.setVisible(preview.getImage() != null);
        preview.setManaged(preview.isVisible());
    }
}
