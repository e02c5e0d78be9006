// The selected socket's custom domains, opened and closed by a toggle that counts them by status (open while one waits
// for its TXT record; the socket pane puts it on its title line, so a closed section takes no room from the traffic
// below): a field to add one, "Check again" while any is not verified, the server's answer to the last change inline,
// and a row for each (status, the TXT record to add, Remove).
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Tweaks;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.dialogs.Dialogs;
import dev.portway.protocol.api.CustomDomainInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class CustomDomainsPane extends VBox {
    /**
     * What the domains may take of the window's height, which they share with the tunnels and their traffic: at the
     * least (in the default window) a pending domain's record; at the most two domains. More scroll.
     */
    private static final double MIN_HEIGHT = 185;
    private static final double MAX_HEIGHT = 300;

    private final DomainCommands commands;
    private final Consumer<String> copy;
    private final Label intro = new Label();
    private final VBox rows = new VBox(6);
    private final TextField name = new TextField();
    private final Button add = new Button("Add domain");
    private final Button verify = new Button("Check again");
    private final Label problem = new Label();
    // The section stands below the tunnels, many Tab presses away from its toggle on the title line.
    private final SectionToggle toggle = new SectionToggle("customDomainsToggle", this::title, name::requestFocus);
    /** How many of the shown socket's domains are not verified. */
    private long unproven;
    /** A domain added elsewhere (socket update, another computer) shows its record without a click. */
    private final ListChangeListener<CustomDomainInfo> rebuild = c -> {
        long before = unproven;
        rebuild();
        if (unproven > before) {
            toggle.setOpen(true);
        }
    };
    private SocketModel shown;

    CustomDomainsPane(DomainCommands commands, Consumer<String> copy) {
        this.commands = commands;
        this.copy = copy;
        setId("customDomains");
        getStyleClass().add("custom-domains");
        intro.setId("customDomainsIntro");
        intro.getStyleClass().add("muted");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        rows.setId("customDomainRows");

        name.setId("customDomainName");
        name.setPromptText("app.example.org");
        // The prompt is an example, not a name a screen reader says for the field.
        name.setAccessibleText("Custom domain to add");
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
        // The field above the list, where it stays in view however many domains there are.
        VBox content = new VBox(6, intro, bar, problem, rows);
        content.getStyleClass().add("custom-domains-content");
        ScrollPane scroller = new ScrollPane(content);
        scroller.setFitToWidth(true);
        scroller.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // Its content's height, within the bounds: a short list takes no more room than it needs. The content's
        // height is known during a layout pass, which would not take a new size in; the next one does.
        content.heightProperty().addListener((o, was, now) -> Platform.runLater(() -> {
            scroller.setMinHeight(Math.min(now.doubleValue() + 2, MIN_HEIGHT));
            scroller.setPrefHeight(Math.min(now.doubleValue() + 2, MAX_HEIGHT));
        }));
        scroller.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        getChildren().add(scroller);
        toggle.controls(this);
    }

    /** Opens and closes the section, and says how many domains there are; hidden where there can be none. */
    Button toggle() {
        return toggle.button();
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
        toggle.setAvailable(takes);
        if (takes) {
            s.customDomains().addListener(rebuild);
        }
        rebuild();
        // Closed until wanted, but open while a domain needs its record published.
        toggle.setOpen(takes && unproven > 0);
    }

    private void rebuild() {
        rows.getChildren().clear();
        unproven = 0;
        if (shown == null) {
            return;
        }
        toggle.relabel();
        String dnsName = shown.dnsNameProperty().get();
        intro.setText("Reach this socket at a domain of yours too: point the domain at " + dnsName + " (a CNAME "
                + "record), add it here, then prove it is yours with the TXT record shown.");
        intro.setVisible(shown.customDomains().isEmpty());
        intro.setManaged(intro.isVisible());
        // Those waiting for a record first: the section's height shows the first row's record whole, the rest scroll.
        shown.customDomains().stream()
                .sorted(Comparator.comparing(d -> CustomDomainInfo.VERIFIED.equals(d.status())))
                .forEach(d -> rows.getChildren().add(new CustomDomainRow(d, dnsName, copy, () -> remove(d.name()))));
        unproven = shown.customDomains().stream().filter(d -> !CustomDomainInfo.VERIFIED.equals(d.status())).count();
        verify.setVisible(unproven > 0);
        verify.setManaged(unproven > 0);
    }

    private String title() {
        return "Custom domains" + (shown == null ? "" : summary(shown.customDomains()));
    }

    /** " (2: 1 verified, 1 pending)", " (none)". */
    static String summary(List<CustomDomainInfo> domains) {
        if (domains.isEmpty()) {
            return " (none)";
        }
        List<String> counts = new ArrayList<>();
        for (String status : List.of(CustomDomainInfo.VERIFIED, CustomDomainInfo.PENDING,
                CustomDomainInfo.FAILED)) {
            long n = domains.stream().filter(d -> status.equals(d.status())).count();
            if (n > 0) {
                counts.add(n + " " + status);
            }
        }
        return " (" + domains.size() + ": " + String.join(", ", counts) + ")";
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
