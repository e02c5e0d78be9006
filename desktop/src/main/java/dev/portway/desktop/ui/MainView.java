// The main window once signed in: toolbar, socket list, the selected socket's tunnels and their traffic, and a banner
// that floats over the bottom edge, so showing it never moves what is under the pointer.
package dev.portway.desktop.ui;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.portway.desktop.ui.common.Banner;
import dev.portway.desktop.ui.common.PageLink;
import dev.portway.desktop.ui.common.PreferencesModel;
import dev.portway.desktop.ui.common.Switches;
import dev.portway.desktop.ui.dialogs.Dialogs;
import dev.portway.desktop.ui.inspector.TrafficPane;
import dev.portway.desktop.ui.sockets.SocketCell;
import dev.portway.desktop.ui.sockets.SocketModel;
import dev.portway.desktop.ui.sockets.SocketPane;
import dev.portway.desktop.ui.sockets.SocketsModel;
import dev.portway.desktop.ui.sockets.SwitchesModel;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

final class MainView extends StackPane {
    MainView(AppModel model, Consumer<PageLink> open, Consumer<String> copy) {
        getStyleClass().add("main");
        SocketsModel sockets = model.sockets();
        SwitchesModel switches = model.switches();

        Label account = new Label();
        account.setId("account");
        account.getStyleClass().add("account");
        account.textProperty().bind(model.accountProperty());
        Hyperlink admin = new Hyperlink("Admin");
        admin.setId("adminPage");
        admin.setTooltip(new Tooltip("Open this server's admin page in the browser"));
        admin.visibleProperty().bind(model.adminPageProperty().isNotEmpty());
        admin.managedProperty().bind(admin.visibleProperty());
        admin.setOnAction(e -> model.openAdminPage(open));
        Runnable create = () -> Dialogs.newSocket(getScene().getWindow(), sockets::createSocket);
        Runnable sharePort = () -> Dialogs.sharePort(getScene().getWindow(), switches::checkShare,
                switches::sharePort);
        Button newSocket = new Button("New socket…");
        newSocket.setId("newSocket");
        newSocket.setOnAction(e -> create.run());
        Button share = new Button("Share port…");
        share.setId("sharePortButton");
        share.getStyleClass().add(Styles.ACCENT);
        share.setOnAction(e -> sharePort.run());
        PreferencesModel preferences = model.preferences();
        var atLogin = Switches.of("connectAtLogin", "Connect at login", preferences.connectAtLoginProperty(),
                preferences::setConnectAtLogin);
        var dark = Switches.of("darkTheme", "Dark", preferences.darkProperty(), preferences::setDark);
        Button signOut = new Button("Sign out");
        signOut.setId("signOut");
        signOut.setOnAction(e -> {
            if (!switches.anyOn() || Dialogs.confirm(getScene().getWindow(), "Sign out?",
                    "The tunnels that are on go offline, and temporary sockets from Share port… are deleted.")) {
                model.signOut();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, account, admin, spacer, newSocket, share, new Separator(Orientation.VERTICAL),
                atLogin, dark, new Separator(Orientation.VERTICAL), signOut);
        toolbar.getStyleClass().add("toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8, 12, 8, 12));

        ListView<SocketModel> list = new ListView<>(sockets.sockets());
        list.setId("sockets");
        list.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        list.setPrefWidth(330);
        list.setCellFactory(v -> new SocketCell(copy));
        list.setPlaceholder(new Label("No sockets yet"));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, s) -> {
            if (s != null) {
                sockets.selectSocket(s);
            }
        });
        sockets.selectedSocketProperty().addListener((o, a, s) -> list.getSelectionModel().select(s));
        list.getSelectionModel().select(sockets.selectedSocketProperty().get());

        VBox center = new VBox(8,
                new SocketPane(sockets, switches, url -> open.accept(PageLink.plain(url)), copy, sharePort, create),
                new TrafficPane(sockets, model.inspectors(), model.banner()::show,
                        url -> open.accept(PageLink.plain(url))));
        center.setPadding(new Insets(12));
        VBox.setVgrow(center.getChildren().get(1), Priority.ALWAYS);
        BorderPane layout = new BorderPane(center, toolbar, null, null, list);
        getChildren().addAll(layout, banner(model.banner()));
    }

    /** The banner floats over the content (no row moves when it appears); a click dismisses it. */
    private static HBox banner(Banner banner) {
        Label error = new Label();
        error.setId("error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(error, Priority.ALWAYS);
        error.textProperty().bind(banner.messageProperty());
        Button close = new Button("✕");
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "banner-close");
        close.setOnAction(e -> banner.dismiss());
        HBox box = new HBox(8, error, close);
        box.getStyleClass().add("error-banner");
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMaxWidth(760);
        box.setMaxHeight(Region.USE_PREF_SIZE);
        box.setOnMouseClicked(e -> banner.dismiss());
        error.visibleProperty().bind(banner.messageProperty().isNotEmpty());
        box.visibleProperty().bind(error.visibleProperty());
        StackPane.setAlignment(box, Pos.BOTTOM_CENTER);
        StackPane.setMargin(box, new Insets(0, 24, 20, 24));
        return box;
    }
}
