// One custom domain in the socket pane: its name and status badge, and Remove; until it is verified, where to point it
// and the TXT record that proves it is the user's, each part with a Copy button; its own certificate once it has one.
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Styles;
import dev.portway.protocol.api.CustomDomainInfo;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class CustomDomainRow extends VBox {
    /** dnsName: the socket's own name, which the domain points at. */
    CustomDomainRow(CustomDomainInfo d, String dnsName, Consumer<String> copy, Runnable remove) {
        getStyleClass().add("custom-domain");
        setUserData(d.name());
        setSpacing(4);
        Label name = new Label(d.name());
        name.getStyleClass().add("domain-name");
        Label badge = new Label(badge(d.status()));
        badge.getStyleClass().addAll("domain-status", "badge", d.status());
        badge.setAccessibleText("Status: " + d.status());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button removeButton = new Button("Remove");
        removeButton.getStyleClass().addAll(Styles.FLAT, "subtle", "remove-domain");
        removeButton.setAccessibleText("Remove " + d.name());
        removeButton.setOnAction(e -> remove.run());
        HBox head = new HBox(10, name, badge, spacer, removeButton);
        head.setAlignment(Pos.CENTER_LEFT);
        getChildren().add(head);

        boolean proving = !CustomDomainInfo.VERIFIED.equals(d.status()) && d.txtName() != null;
        if (proving) {
            getChildren().addAll(muted(CustomDomainInfo.FAILED.equals(d.status())
                    ? "No TXT record seen for 24 hours. Add this one at your DNS provider, then Check again."
                    : "Point it at " + dnsName + " (CNAME) and add this TXT record at your DNS provider."),
                    record(d, copy));
        }
        String certificate = SocketTexts.certificate(d.certificate());
        if (!certificate.isEmpty()) {
            Label cert = muted("Certificate: " + certificate);
            cert.getStyleClass().add("domain-certificate");
            getChildren().add(cert);
        }
        String error = SocketTexts.certificateError(d.certificate());
        if (!error.isEmpty()) {
            Label problem = new Label("Certificate error: " + error);
            problem.getStyleClass().addAll("error", "domain-certificate-error");
            problem.setWrapText(true);
            problem.setMinHeight(Region.USE_PREF_SIZE);
            getChildren().add(problem);
        }
    }

    /** "Pending", "Verified", "Failed": the server's word, as a label. */
    private static String badge(String status) {
        return status.isEmpty() ? status : Character.toUpperCase(status.charAt(0)) + status.substring(1);
    }

    /** Name and value as a DNS provider's form asks for them: selectable, and each copied whole. */
    private static GridPane record(CustomDomainInfo d, Consumer<String> copy) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        grid.getStyleClass().add("txt-record");
        part(grid, 0, "Name", d.txtName(), "txt-name", copy);
        part(grid, 1, "Value", d.txtValue(), "txt-value", copy);
        return grid;
    }

    /** One part of the record: its label (a screen reader's name for the field), the field, and its Copy button. */
    private static void part(GridPane grid, int row, String label, String text, String style, Consumer<String> copy) {
        Label l = muted(label);
        TextField f = field(text, style);
        f.setAccessibleText("TXT record " + label.toLowerCase(Locale.ROOT));
        l.setLabelFor(f);
        Button b = copyButton(text, "copy-" + style, copy);
        b.setAccessibleText("Copy the TXT record's " + label.toLowerCase(Locale.ROOT));
        grid.addRow(row, l, f, b);
    }

    private static TextField field(String text, String style) {
        TextField f = new TextField(text);
        f.setEditable(false);
        f.getStyleClass().addAll("command", Styles.SMALL, style);
        f.setPrefColumnCount(Math.max(24, Math.min(48, text.length() + 2)));
        return f;
    }

    private static Button copyButton(String text, String style, Consumer<String> copy) {
        Button b = new Button("Copy");
        b.getStyleClass().addAll(Styles.SMALL, style);
        b.setOnAction(e -> copy.accept(text));
        return b;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
