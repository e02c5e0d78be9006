// The sign-in screen: server URL, email and password; sign in or create an account; after "portway up", also "Use
// the local server" (its account's password is not one anybody knows).
package dev.portway.desktop.ui.signin;

import atlantafx.base.theme.Styles;
import dev.portway.desktop.ui.common.PreferencesModel;
import dev.portway.desktop.ui.common.Switches;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

public final class SignInView extends BorderPane {
    public SignInView(SignInModel model, PreferencesModel preferences) {
        getStyleClass().add("sign-in");

        Label title = new Label("Portway");
        title.getStyleClass().addAll(Styles.TITLE_1, "title");
        Label subtitle = new Label("Sign in to a Portway server to expose local ports under static names.");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        subtitle.setWrapText(true);

        TextField server = new TextField(model.serverProperty().get());
        server.setId("server");
        server.setPromptText("http://127.0.0.1:7070");
        // The last server used arrives once the settings are read; it fills the field unless the user typed already.
        model.serverProperty().addListener((o, before, now) -> {
            if (server.getText().equals(before)) {
                server.setText(now);
            }
        });
        TextField email = new TextField();
        email.setId("email");
        email.setPromptText("you@example.com");
        PasswordField password = new PasswordField();
        password.setId("password");
        password.setPromptText("at least 8 characters");

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.setMaxWidth(440);
        form.addRow(0, new Label("Server"), server);
        form.addRow(1, new Label("Email"), email);
        form.addRow(2, new Label("Password"), password);
        GridPane.setFillWidth(server, true);
        server.setPrefColumnCount(24);

        Button signIn = new Button("Sign in");
        signIn.setId("signIn");
        signIn.setDefaultButton(true);
        signIn.setOnAction(e -> model.signIn(server.getText().strip(), email.getText().strip(), password.getText()));
        Button create = new Button("Create account");
        create.setId("createAccount");
        create.setOnAction(e -> model.createAccount(server.getText().strip(), email.getText().strip(),
                password.getText()));
        signIn.disableProperty().bind(model.busyProperty());
        create.disableProperty().bind(model.busyProperty());
        HBox buttons = new HBox(10, create, signIn);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setMaxWidth(440);

        Label error = new Label();
        error.setId("signInError");
        error.getStyleClass().addAll(Styles.DANGER, "error");
        error.setWrapText(true);
        error.setMaxWidth(440);
        // Two lines kept for it, so an error does not move the buttons under the pointer.
        error.setMinHeight(40);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());

        VBox center = new VBox(16, title, subtitle, form, buttons);
        if (model.hasLocalServer()) {
            Button local = new Button("Use the local server");
            local.setId("useLocalServer");
            local.getStyleClass().add(Styles.ACCENT);
            local.disableProperty().bind(model.busyProperty());
            local.setOnAction(e -> model.useLocalServer());
            Label why = new Label("The server \"portway up\" started on this machine (" + model.localServer()
                    + "), with its own account.");
            why.getStyleClass().add(Styles.TEXT_MUTED);
            why.setWrapText(true);
            VBox offer = new VBox(8, local, why);
            offer.getStyleClass().add("local-server");
            offer.setMaxWidth(440);
            center.getChildren().add(offer);
        }
        center.getChildren().add(error);
        center.setAlignment(Pos.CENTER);
        center.setPadding(new Insets(40));
        setCenter(center);

        HBox corner = new HBox(Switches.of("darkThemeSignIn", "Dark", preferences.darkProperty(),
                preferences::setDark));
        corner.setAlignment(Pos.CENTER_RIGHT);
        corner.setPadding(new Insets(12, 16, 0, 16));
        setTop(corner);
    }
}
