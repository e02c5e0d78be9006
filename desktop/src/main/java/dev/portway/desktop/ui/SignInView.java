// The sign-in screen: server URL, email and password; sign in or create an account.
package dev.portway.desktop.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

final class SignInView extends VBox {
    SignInView(AppModel model) {
        getStyleClass().add("sign-in");
        setAlignment(Pos.CENTER);
        setSpacing(16);
        setPadding(new Insets(40));

        Label title = new Label("Portway");
        title.getStyleClass().add("title");
        Label subtitle = new Label("Sign in to a Portway server to expose local ports under static names.");
        subtitle.setWrapText(true);

        TextField server = new TextField(model.serverProperty().get());
        server.setId("server");
        server.setPromptText("http://127.0.0.1:7070");
        TextField email = new TextField();
        email.setId("email");
        email.setPromptText("you@example.com");
        PasswordField password = new PasswordField();
        password.setId("password");
        password.setPromptText("at least 8 characters");

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(10);
        form.setMaxWidth(420);
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
        HBox buttons = new HBox(10, signIn, create);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setMaxWidth(420);

        Label error = new Label();
        error.setId("signInError");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.setMaxWidth(420);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());

        getChildren().addAll(title, subtitle, form, buttons, error);
    }
}
