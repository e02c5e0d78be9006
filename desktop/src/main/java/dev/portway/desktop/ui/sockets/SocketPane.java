// The selected socket: its URL (open, copy) or, for tcp, tls and udp, its address and a command to try it; who may
// visit; the certificate served for it; its tunnels with their switches, add and delete; its custom domains.
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Styles;
import dev.portway.desktop.ui.dialogs.Dialogs;
import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.desktop.ui.tunnel.TunnelRow;
import java.util.function.Consumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

public final class SocketPane extends VBox {
    private final SocketsModel sockets;
    private final SwitchesModel switches;
    private final Label title = new Label();
    private final Hyperlink url = new Hyperlink();
    private final Label address = new Label();
    private final Button copyEndpoint = new Button();
    private final Button open = new Button("Open");
    private final TextField hint = new TextField();
    private final HBox hintRow;
    private final Label access = new Label();
    private final Label certificate = new Label();
    private final Label certificateError = new Label();
    private final CustomDomainsPane domains;
    private final VisitorsPane visitors;
    private final VBox tunnels = new VBox(6);
    private final HBox titleRow;
    private final HBox accessRow;
    private final HBox header;
    private final VBox empty;
    private final ListChangeListener<TunnelModel> rebuild = c -> rebuild();
    private SocketModel shown;

    public SocketPane(SocketsModel sockets, SwitchesModel switches, Consumer<String> openUrl, Consumer<String> copy,
               Runnable share, Runnable create) {
        this.sockets = sockets;
        this.switches = switches;
        getStyleClass().add("socket-pane");
        setSpacing(10);
        title.setId("socketTitle");
        title.getStyleClass().addAll(Styles.TITLE_3, "section");
        url.setId("socketUrl");
        url.setOnAction(e -> openUrl.accept(url.getText()));

        address.setId("socketAddress");
        address.getStyleClass().add("socket-address");

        copyEndpoint.setId("copyUrl");
        copyEndpoint.setOnAction(e -> copy.accept(shown.endpointProperty().get()));
        open.setId("openUrl");
        open.setOnAction(e -> openUrl.accept(url.getText()));
        Button addTunnel = new Button("Add tunnel");
        addTunnel.setId("addTunnel");
        addTunnel.setOnAction(e -> sockets.createTunnel(shown));
        Button delete = new Button("Delete socket");
        delete.setId("deleteSocket");
        delete.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        delete.setOnAction(e -> {
            if (Dialogs.confirm(getScene().getWindow(), "Delete socket " + shown.nameProperty().get() + "?",
                    "Its name " + shown.dnsNameProperty().get() + " is given up and its tunnels are deleted.")) {
                sockets.deleteSocket(shown);
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        header = new HBox(8, url, address, spacer, copyEndpoint, open, addTunnel, delete);
        header.setAlignment(Pos.CENTER_LEFT);
        // Selectable, so a part of the command can be taken too; the button copies all of it.
        hint.setId("socketHint");
        hint.setEditable(false);
        hint.getStyleClass().add("command");
        HBox.setHgrow(hint, Priority.ALWAYS);
        Button copyHint = new Button("Copy");
        copyHint.setId("copyHint");
        copyHint.setOnAction(e -> copy.accept(hint.getText()));
        Label tryIt = new Label("Try it:");
        tryIt.getStyleClass().add("muted");
        hintRow = new HBox(8, tryIt, hint, copyHint);
        hintRow.setAlignment(Pos.CENTER_LEFT);
        hintRow.setMaxWidth(640);
        access.setId("socketAccess");
        access.getStyleClass().add("muted");
        // Who may visit is read whole; the certificate after it gives way when the line is narrow.
        access.setMinWidth(Region.USE_PREF_SIZE);
        certificate.setId("socketCertificate");
        certificate.getStyleClass().add("muted");
        certificate.setMinWidth(0);
        certificateError.setId("socketCertificateError");
        certificateError.getStyleClass().add("error");
        certificateError.setWrapText(true);
        certificateError.setMinHeight(Region.USE_PREF_SIZE);
        domains = new CustomDomainsPane(sockets, copy);
        visitors = new VisitorsPane(sockets);
        // On lines that exist anyway: the window's height goes to the tunnels and their traffic.
        Region titleSpacer = new Region();
        HBox.setHgrow(titleSpacer, Priority.ALWAYS);
        titleRow = new HBox(8, title, titleSpacer, visitors.toggle(), domains.toggle());
        titleRow.setAlignment(Pos.CENTER_LEFT);
        // No gap of its own: the certificate goes on like another part of the access line, one " · " apart.
        accessRow = new HBox(access, certificate);
        accessRow.setAlignment(Pos.CENTER_LEFT);
        tunnels.setId("tunnels");
        Label welcome = new Label("Expose a local port in two clicks");
        welcome.getStyleClass().addAll(Styles.TITLE_3, "section");
        Label how = new Label("Share a port for now (a temporary name, gone when you switch it off), or create a "
                + "socket: a static public name that stays yours, with tunnels you switch on and off.");
        how.setWrapText(true);
        how.setMaxWidth(600);
        how.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        how.getStyleClass().add("muted");
        Button shareButton = new Button("Share a local port…");
        shareButton.setId("emptyShare");
        shareButton.getStyleClass().add(Styles.ACCENT);
        shareButton.setOnAction(e -> share.run());
        Button createButton = new Button("New socket…");
        createButton.setOnAction(e -> create.run());
        empty = new VBox(10, welcome, how, new HBox(8, shareButton, createButton));
        empty.getStyleClass().add("empty-state");

        getChildren().addAll(titleRow, header, hintRow, accessRow, certificateError, visitors, tunnels, domains,
                empty);
        sockets.selectedSocketProperty().addListener((o, a, s) -> show(s));
        show(sockets.selectedSocketProperty().get());
    }

    private void show(SocketModel s) {
        if (shown != null) {
            shown.tunnels().removeListener(rebuild);
        }
        shown = s;
        for (Labeled l : new Labeled[]{title, url, address, access, certificate, certificateError, copyEndpoint}) {
            l.textProperty().unbind();
            l.setText("");
        }
        hint.textProperty().unbind();
        boolean has = s != null;
        // A socket's type never changes, so what it shows is settled once; there is nothing a browser could
        // open on a tcp, tls or udp socket: it shows an address, not a link.
        boolean raw = has && s.rawProperty().get();
        show(titleRow, has);
        show(header, has);
        show(accessRow, has);
        // Issued a while after the socket is created, and absent for a tcp socket.
        showWhile(certificate, has ? s.certificateProperty().isNotEmpty() : null);
        showWhile(certificateError, has ? s.certificateErrorProperty().isNotEmpty() : null);
        show(empty, !has);
        show(url, has && !raw);
        show(open, has && !raw);
        show(address, raw);
        show(hintRow, has && !s.hintProperty().get().isEmpty());
        if (has) {
            title.textProperty().bind(s.nameProperty().concat("  (").concat(s.typeProperty()).concat(")"));
            url.textProperty().bind(s.endpointProperty());
            address.textProperty().bind(s.endpointProperty());
            hint.textProperty().bind(s.hintProperty());
            access.textProperty().bind(s.accessProperty());
            certificate.textProperty().bind(s.certificateProperty().map(c -> " · certificate: " + c));
            certificateError.textProperty().bind(s.certificateErrorProperty().map(e -> "Certificate error: " + e));
            copyEndpoint.setText(raw ? "Copy address" : "Copy URL");
            s.tunnels().addListener(rebuild);
        }
        visitors.show(s);
        domains.show(s);
        rebuild();
    }

    private static void show(Node n, boolean visible) {
        n.setVisible(visible);
        n.setManaged(visible);
    }

    /** Shown while when holds (never for null). */
    private static void showWhile(Node n, ObservableBooleanValue when) {
        n.visibleProperty().unbind();
        n.managedProperty().unbind();
        if (when == null) {
            show(n, false);
        } else {
            n.visibleProperty().bind(when);
            n.managedProperty().bind(when);
        }
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
            Runnable delete = () -> {
                if (Dialogs.confirm(getScene().getWindow(), "Delete tunnel " + t.shortId() + "?",
                        "Its link closes and its credential stops working.")) {
                    sockets.deleteTunnel(t);
                }
            };
            tunnels.getChildren().add(new TunnelRow(t, shown.rawProperty().get(), sockets.selectedTunnelProperty(),
                    sockets::selectTunnel, switches::setOn, delete));
        }
    }
}
