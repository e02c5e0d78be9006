// The app's small dialogs: new socket and share a port (which stay open until their command worked), trust a
// server, confirm, and a page's address when no browser could be started.
package dev.portway.desktop.ui.dialogs;

import atlantafx.base.theme.Styles;
import dev.portway.desktop.ui.common.PageLink;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.Stylesheet;
import dev.portway.desktop.ui.common.TypedLists;
import dev.portway.desktop.ui.tunnel.HostHeaderChooser;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.SocketType;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

public final class Dialogs {
    private Dialogs() {
    }

    /** What each type means to someone choosing one; each fits the two lines kept for it. */
    private static final Map<String, String> ABOUT = Map.of(
            SocketType.HTTP, "A website or web API, on the HTTP and the HTTPS port.",
            SocketType.HTTPS, "A website or web API; plain-HTTP visitors are redirected to HTTPS.",
            SocketType.TCP, "Any TCP service, such as ssh, on a port of its own. No passwords here:"
                    + " limit visitors with the allow list.",
            SocketType.TLS, "Your TLS server, untouched (visitors see your certificate), on a port of its own."
                    + " No passwords here: use the allow list.",
            SocketType.UDP, "Any UDP service, such as DNS or a game server, on a port of its own. No passwords"
                    + " here: use the allow list.");

    /** What a share of each type gives, in one line. */
    private static final Map<String, String> SHARE_ABOUT = Map.of(
            SocketType.HTTP, "A website or web API: you get a URL.",
            SocketType.TCP, "Any TCP service, such as ssh on port 22: you get an address NAME:PORT.",
            SocketType.UDP, "Any UDP service, such as DNS on port 53: you get an address NAME:PORT.");

    /** Creates a socket from what is typed; with bad input the dialog stays open and says what is wrong. */
    public static void newSocket(Window owner, BiConsumer<CreateSocket, Reply> create) {
        Dialog<ButtonType> d = dialog(owner, "New socket", "A socket is a public endpoint with a static name.");
        TextField name = new TextField();
        name.setId("socketName");
        name.setPromptText("my service at home");
        TextField subdomain = new TextField();
        subdomain.setId("socketSubdomain");
        subdomain.setPromptText("a random name");
        Label subdomainNote = note("myapp makes its address myapp.<the server's domain>. Letters, digits and"
                + " hyphens; empty: a random name.");
        TypeChooser type = new TypeChooser("socketType", SocketType.ALL);
        Label about = note("");
        about.setId("socketTypeAbout");
        about.getStyleClass().add("type-about");
        about.textProperty().bind(Bindings.createStringBinding(() -> ABOUT.get(type.valueProperty().get()),
                type.valueProperty()));

        CheckBox protect = new CheckBox("Protect with a password");
        protect.setId("protect");
        BooleanBinding raw = Bindings.createBooleanBinding(() -> SocketType.isRaw(type.valueProperty().get()),
                type.valueProperty());
        protect.disableProperty().bind(raw);
        TextField username = new TextField();
        username.setId("protectUser");
        username.setPromptText("username");
        PasswordField password = new PasswordField();
        password.setId("protectPassword");
        password.setPromptText("password");
        BooleanBinding noPassword = raw.or(protect.selectedProperty().not());
        username.disableProperty().bind(noPassword);
        password.disableProperty().bind(noPassword);

        TextField allow = new TextField();
        allow.setId("allowIps");
        allow.setPromptText("any address");
        Label allowNote = note("Only visitors from these addresses or networks, separated by commas or"
                + " spaces, e.g. 192.168.1.0/24, 2001:db8::/32. Empty: anyone.");

        GridPane grid = form();
        grid.addRow(0, new Label("Name"), name);
        Label subdomainLabel = new Label("Subdomain");
        subdomainLabel.setLabelFor(subdomain);
        grid.addRow(1, subdomainLabel, subdomain);
        grid.add(subdomainNote, 1, 2);
        grid.addRow(3, new Label("Type"), type);
        grid.add(about, 1, 4);
        grid.addRow(5, new Label("Visitors"), protect);
        grid.addRow(6, new Label("Username"), username);
        grid.addRow(7, new Label("Password"), password);
        grid.addRow(8, new Label("Allow from"), allow);
        grid.add(allowNote, 1, 9);
        Label problem = problem();
        grid.add(problem, 0, 10, 2, 1);
        Platform.runLater(name::requestFocus);
        d.getDialogPane().setContent(grid);
        growWithContent(d, type);
        ButtonType createButton = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(createButton, ButtonType.CANCEL);
        submitWith(d, createButton, problem, reply -> {
            boolean withPassword = !noPassword.get();
            if (withPassword && (username.getText().isBlank() || password.getText().isEmpty())) {
                reply.failed("Type the username and password visitors sign in with.");
                return;
            }
            create.accept(new CreateSocket(name.getText().strip(), type.valueProperty().get(),
                    withPassword ? true : null, withPassword ? username.getText() : null,
                    withPassword ? password.getText() : null, TypedLists.allowList(allow.getText()),
                    subdomain.getText().isBlank() ? null : subdomain.getText().strip()), reply);
        });
        d.showAndWait();
    }

    /** A share as typed: host, port, type, Host header (null unchanged, "rewrite", a value); and what it is told. */
    /** What is wrong with a host and port as typed for a share of that type, or null. */
    @FunctionalInterface
    public interface ShareCheck {
        String check(String host, String port, String type);
    }

    public interface ShareCommand {
        void share(String host, int port, String type, String hostHeader, Reply reply);
    }

    /**
     * Shares a local port; check says what is wrong with a host and port as typed (letters, 0, 70000, a port already
     * exposed), and the dialog stays open with the input until the share worked.
     */
    public static void sharePort(Window owner, ShareCheck check, ShareCommand share) {
        Dialog<ButtonType> d = dialog(owner, "Share port",
                "Share a local port now. The temporary socket is deleted when you switch it off.");
        TextField host = new TextField("localhost");
        host.setId("shareHost");
        TextField port = new TextField("8000");
        port.setId("sharePort");
        Platform.runLater(() -> {
            port.requestFocus();
            port.selectAll();
        });
        TypeChooser type = new TypeChooser("shareType", List.of(SocketType.HTTP, SocketType.TCP, SocketType.UDP));
        Label about = new Label();
        about.setId("shareTypeAbout");
        about.getStyleClass().add("muted");
        about.textProperty().bind(Bindings.createStringBinding(() -> SHARE_ABOUT.get(type.valueProperty().get()),
                type.valueProperty()));
        StringProperty hostHeader = new SimpleStringProperty();
        HostHeaderChooser hostHeaderChoice = new HostHeaderChooser("shareHostHeader", hostHeader,
                Bindings.createStringBinding(() -> host.getText().strip() + ":" + port.getText().strip(),
                        host.textProperty(), port.textProperty()));
        BooleanBinding raw = Bindings.createBooleanBinding(() -> SocketType.isRaw(type.valueProperty().get()),
                type.valueProperty());
        hostHeaderChoice.disableProperty().bind(raw);
        GridPane grid = form();
        grid.addRow(0, new Label("Type"), type);
        grid.add(about, 1, 1);
        grid.addRow(2, new Label("Host"), host);
        grid.addRow(3, new Label("Port"), port);
        grid.addRow(4, new Label("Header"), hostHeaderChoice);
        grid.add(note("For dev servers that check it (Vite, webpack, Rails, Django), send the local address; the"
                + " visitor's name stays in X-Forwarded-Host."), 1, 5);
        Label problem = problem();
        grid.add(problem, 0, 6, 2, 1);
        d.getDialogPane().setContent(grid);
        growWithContent(d, type);
        ButtonType shareButton = new ButtonType("Share", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(shareButton, ButtonType.CANCEL);
        submitWith(d, shareButton, problem, reply -> {
            String why = check.check(host.getText(), port.getText(), type.valueProperty().get());
            if (why != null) {
                reply.failed(why);
                return;
            }
            share.share(host.getText().strip(), Integer.parseInt(port.getText().strip()), type.valueProperty().get(),
                    raw.get() ? null : hostHeader.get(), reply);
        });
        d.showAndWait();
    }

    /**
     * The OK button no longer closes the dialog by itself: it runs submit, and the dialog closes when the command is
     * done; when it failed, the reason shows inline and everything typed stays.
     */
    private static void submitWith(Dialog<ButtonType> d, ButtonType okType, Label problem, Consumer<Reply> submit) {
        Button ok = (Button) d.getDialogPane().lookupButton(okType);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            problem.setText("");
            ok.setDisable(true);
            submit.accept(new Reply() {
                @Override
                public void done() {
                    d.setResult(okType);
                }

                @Override
                public void failed(String why) {
                    problem.setText(why);
                    ok.setDisable(false);
                }
            });
        });
    }

    /** First contact with a server whose certificate no authority vouches for: show its fingerprint, ask. */
    public static boolean trustServer(Window owner, String server, String fingerprint) {
        ButtonType trust = new ButtonType("Trust", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.CANCEL, trust);
        a.initOwner(owner);
        styled(a);
        a.setTitle("Trust this server?");
        a.setHeaderText("First contact with " + server);
        Label shown = new Label(fingerprint.substring(0, 32) + "\n" + fingerprint.substring(32));
        shown.setId("fingerprint");
        shown.getStyleClass().add("fingerprint");
        VBox body = new VBox(10, note("No certificate authority vouches for this server's certificate. Its SHA-256 "
                + "fingerprint is:"), shown, note("Compare it with the one the server printed when it started. If they "
                + "match, trust it: Portway keeps it and refuses the server if its certificate ever changes."));
        a.getDialogPane().setContent(body);
        return a.showAndWait().filter(b -> b == trust).isPresent();
    }

    /** No browser could be started (no desktop opener here): the page's address, to copy into one. */
    public static void pageAddress(Window owner, PageLink link, Consumer<String> copy) {
        Dialog<ButtonType> d = dialog(owner, "Open in a browser", "No browser could be started from here.");
        String url = link.url();
        TextField address = new TextField(url);
        address.setId("pageAddress");
        address.setEditable(false);
        address.setPrefColumnCount(36);
        address.getStyleClass().add("command");
        Button copyIt = new Button("Copy");
        copyIt.setId("copyPageAddress");
        copyIt.getStyleClass().add(Styles.ACCENT);
        copyIt.setOnAction(e -> {
            copy.accept(url);
            copyIt.setText("Copied");
        });
        HBox.setHgrow(address, Priority.ALWAYS);
        HBox line = new HBox(8, address, copyIt);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox content = new VBox(10, note("Copy this address and open it in a browser:"), line);
        if (link.note() != null) {
            Label note = note(link.note());
            note.setId("pageAddressNote");
            content.getChildren().add(note);
        }
        d.getDialogPane().setContent(content);
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        wideEnoughFor(copyIt, "Copied");
        d.show();
    }

    /**
     * A button as wide as its longer text needs, so that changing to it neither cuts it ("Copi…") nor moves it; in
     * its scene already, so that the measure is in the theme's font.
     */
    private static void wideEnoughFor(Button b, String longer) {
        String text = b.getText();
        b.applyCss();
        b.setText(longer);
        double wide = b.prefWidth(-1);
        b.setText(text);
        b.setMinWidth(Math.max(wide, b.prefWidth(-1)));
        b.setPrefWidth(b.getMinWidth());
    }

    public static boolean confirm(Window owner, String title, String text) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(owner);
        styled(a);
        a.setTitle(title);
        a.setHeaderText(title);
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }

    /**
     * A shown dialog keeps its first size, so an explanation longer than its two lines (a large font) would push
     * the buttons out of the window; it is resized after the layout has taken the new type in.
     */
    private static void growWithContent(Dialog<?> d, TypeChooser type) {
        type.valueProperty().addListener((o, a, b) -> Platform.runLater(() -> {
            if (d.isShowing()) {
                d.getDialogPane().getScene().getWindow().sizeToScene();
            }
        }));
    }

    /** A muted explanation under a field, wrapped to the form's width. */
    private static Label note(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        l.setWrapText(true);
        l.setPrefWidth(380);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Dialog<ButtonType> dialog(Window owner, String title, String header) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle(title);
        d.setHeaderText(header);
        styled(d);
        return d;
    }

    /** Dialogs do not inherit the window's style sheet (the theme, a user agent style sheet, they do). */
    private static void styled(Dialog<?> d) {
        d.getDialogPane().getStylesheets().add(Stylesheet.URL);
    }

    /** Where a dialog says what is wrong; two lines are kept for it, so the dialog does not jump when it speaks. */
    private static Label problem() {
        Label l = new Label();
        l.setId("dialogError");
        l.getStyleClass().addAll(Styles.DANGER, "error");
        l.setWrapText(true);
        l.setPrefWidth(460);
        l.setMinHeight(40);
        l.setAlignment(Pos.TOP_LEFT);
        return l;
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        return grid;
    }
}
