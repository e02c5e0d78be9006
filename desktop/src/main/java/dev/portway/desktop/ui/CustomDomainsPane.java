// The selected socket's custom domains: a row for each (status, the TXT record to add, Remove), a field to add one,
// "Check again" while any is not verified, and the server's answer to the last change, inline.
package dev.portway.desktop.ui;

import dev.portway.protocol.api.CustomDomainInfo;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class CustomDomainsPane extends VBox {
    private final DomainCommands commands;
    private final Consumer<String> copy;
    private final Label intro = new Label();
    private final VBox rows = new VBox(6);
    private final TextField name = new TextField();
    private final Button add = new Button("Add domain");
    private final Button verify = new Button("Check again");
    private final Label problem = new Label();
    private final ListChangeListener<CustomDomainInfo> rebuild = c -> rebuild();
    private SocketModel shown;

    CustomDomainsPane(DomainCommands commands, Consumer<String> copy) {
        this.commands = commands;
        this.copy = copy;
        setId("customDomains");
        getStyleClass().add("custom-domains");
        setSpacing(6);
        Label title = new Label("Custom domains");
        title.getStyleClass().add("subsection");
        intro.setId("customDomainsIntro");
        intro.getStyleClass().add("muted");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        rows.setId("customDomainRows");

        name.setId("customDomainName");
        name.setPromptText("app.example.org");
        name.setPrefColumnCount(22);
        name.setOnAction(e -> add());
        add.setId("addCustomDomain");
        add.setOnAction(e -> add());
        verify.setId("verifyCustomDomains");
        verify.setOnAction(e -> verify());
        HBox bar = new HBox(8, name, add, verify);
        bar.setAlignment(Pos.CENTER_LEFT);
        problem.setId("customDomainError");
        problem.getStyleClass().add("error");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        getChildren().addAll(title, intro, rows, bar, problem);
    }

    /** Shows s's domains (none, and hidden, for null or a tcp socket); what was typed for another socket goes. */
    void show(SocketModel s) {
        if (shown != null) {
            shown.customDomains().removeListener(rebuild);
        }
        shown = s;
        name.clear();
        problem.setText("");
        add.setDisable(false);
        verify.setDisable(false);
        boolean takes = s != null && s.takesDomainsProperty().get();
        setVisible(takes);
        setManaged(takes);
        if (takes) {
            s.customDomains().addListener(rebuild);
        }
        rebuild();
    }

    private void rebuild() {
        rows.getChildren().clear();
        if (shown == null) {
            return;
        }
        intro.setText(shown.customDomains().isEmpty()
                ? "Reach this socket at a domain of yours too: point its DNS at " + shown.dnsNameProperty().get()
                + " (a CNAME record), add it here, then prove it is yours with the TXT record shown."
                : "Each domain points at " + shown.dnsNameProperty().get() + " (a CNAME record) and is served once "
                + "its TXT record is seen.");
        for (CustomDomainInfo d : shown.customDomains()) {
            rows.getChildren().add(new CustomDomainRow(d, copy, () -> remove(d.name())));
        }
        boolean unproven = shown.customDomains().stream()
                .anyMatch(d -> !CustomDomainInfo.VERIFIED.equals(d.status()));
        verify.setVisible(unproven);
        verify.setManaged(unproven);
    }

    private void add() {
        String typed = name.getText().strip();
        if (typed.isEmpty()) {
            problem.setText("Type a domain of yours, e.g. app.example.org.");
            return;
        }
        add.setDisable(true);
        problem.setText("");
        commands.addCustomDomain(shown, typed, answer(add, () -> name.clear()));
    }

    private void remove(String domain) {
        if (Dialogs.confirm(getScene().getWindow(), "Remove " + domain + "?",
                "Visitors to " + domain + " no longer reach this socket.")) {
            problem.setText("");
            commands.removeCustomDomain(shown, domain, answer(null, () -> {
            }));
        }
    }

    private void verify() {
        verify.setDisable(true);
        problem.setText("");
        commands.verifyCustomDomains(shown, answer(verify, () -> {
        }));
    }

    /** The server's answer, for the socket it was about only: the button back, and a failure said inline. */
    private Reply answer(Button busy, Runnable done) {
        SocketModel about = shown;
        return new Reply() {
            @Override
            public void done() {
                if (about == shown) {
                    release(busy);
                    done.run();
                }
            }

            @Override
            public void failed(String why) {
                if (about == shown) {
                    release(busy);
                    problem.setText(why);
                }
            }
        };
    }

    private static void release(Button busy) {
        if (busy != null) {
            busy.setDisable(false);
        }
    }
}
