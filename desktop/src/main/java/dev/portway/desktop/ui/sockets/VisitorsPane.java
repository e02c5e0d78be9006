// The selected socket's "Who can visit" section, opened and closed by a toggle on the socket pane's title line: one
// sign-in method (anyone, a password, or e-mail addresses and domains signing in with the server's identity provider)
// and the IP allow list on top of it; Save asks the server, whose refusal shows inline.
package dev.portway.desktop.ui.sockets;

import atlantafx.base.theme.Styles;
import dev.portway.desktop.ui.common.Reply;
import dev.portway.desktop.ui.common.TypedLists;
import dev.portway.protocol.api.SocketType;
import java.net.URI;
import java.util.List;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

final class VisitorsPane extends VBox {
    /** The labels' column, so that the fields of every line start at one edge. */
    private static final double LABELS = 92;

    private final VisitorCommands commands;
    private final SectionToggle toggle = new SectionToggle("visitorsToggle", () -> "Who can visit", () -> { });
    private final ToggleGroup methods = new ToggleGroup();
    private final RadioButton anyone = method("visitorsAnyone", "Anyone", Visitors.Method.ANYONE);
    private final RadioButton byPassword = method("visitorsPassword", "A password", Visitors.Method.PASSWORD);
    private final RadioButton byEmail = method("visitorsEmail", "E-mail addresses and domains",
            Visitors.Method.EMAIL);
    private final Label methodNote = new Label();
    private final TextField username = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField emails = new TextField();
    private final TextField domains = new TextField();
    private final TextField allowIps = new TextField();
    private final HBox passwordLine;
    private final HBox emailLine;
    private final Button save = new Button("Save");
    private final Label problem = new Label();
    /** Something was changed since the socket's access was last shown: a change from the server waits for Save. */
    private boolean edited;
    private boolean loading;
    private final ChangeListener<Visitors> changed = (o, was, now) -> {
        if (!edited) {
            load(now);
        }
    };
    private SocketModel shown;

    VisitorsPane(VisitorCommands commands) {
        this.commands = commands;
        setId("whoCanVisit");
        getStyleClass().add("visitors");
        setSpacing(8);
        toggle.relabel();

        HBox choices = new HBox(14, anyone, byPassword, byEmail);
        choices.setAlignment(Pos.CENTER_LEFT);
        methodNote.setId("visitorsEmailHint");
        methodNote.getStyleClass().add("muted");
        methodNote.setWrapText(true);
        methodNote.setMinHeight(Region.USE_PREF_SIZE);
        VBox methodBox = new VBox(4, choices, methodNote);

        username.setId("visitorsUser");
        username.setPromptText("username");
        username.setPrefColumnCount(12);
        password.setId("visitorsSecret");
        password.setPrefColumnCount(12);
        password.setAccessibleText("Password visitors sign in with");
        passwordLine = line("Username", username, new Label("Password"), password);

        emails.setId("visitorsEmails");
        emails.setPromptText("ann@example.org, bob@example.com");
        emails.setAccessibleText("E-mail addresses that may visit");
        domains.setId("visitorsDomains");
        domains.setPromptText("example.org");
        domains.setAccessibleText("Domains whose addresses may visit");
        // Addresses are the longer list: they take the width the domains leave.
        domains.setPrefColumnCount(11);
        HBox.setHgrow(emails, Priority.ALWAYS);
        Label domainsLabel = new Label("Domains");
        domainsLabel.setLabelFor(domains);
        domainsLabel.setMinWidth(Region.USE_PREF_SIZE);
        emailLine = line("Addresses", emails, domainsLabel, domains);

        allowIps.setId("visitorsAllowIps");
        allowIps.setPromptText("any address, or e.g. 192.168.1.0/24");
        allowIps.setAccessibleText("Networks visitors must come from");
        HBox.setHgrow(allowIps, Priority.ALWAYS);

        save.setId("saveVisitors");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(e -> save());
        Button cancel = new Button("Cancel");
        cancel.setId("cancelVisitors");
        cancel.setOnAction(e -> {
            load(shown.visitorsProperty().get());
            toggle.setOpen(false);
        });
        problem.setId("visitorsError");
        problem.getStyleClass().add("error");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.setMaxWidth(Double.MAX_VALUE);
        VBox.setMargin(problem, new Insets(0, 0, 0, LABELS + 8));
        save.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        // Short, so that in the default window the tunnels and their traffic stay in view with the section open.
        getChildren().addAll(line("Visitors", methodBox), passwordLine, emailLine,
                line("Only from", allowIps, save, cancel), problem);
        methods.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                methods.selectToggle(was); // one method is always chosen
            }
            refresh();
        });
        ChangeListener<Object> edit = (o, was, now) -> {
            if (!loading) {
                edited = true;
            }
        };
        methods.selectedToggleProperty().addListener(edit);
        for (TextField field : List.of(username, password, emails, domains, allowIps)) {
            field.textProperty().addListener(edit);
            field.setOnAction(e -> save());
        }
        commands.identityProviderProperty().addListener((o, was, now) -> refresh());
        toggle.controls(this);
    }

    /** Opens and closes the section; hidden while no socket is shown. */
    Button toggle() {
        return toggle.button();
    }

    /** Shows s's access (nothing for null), closed; what was typed for another socket goes. */
    void show(SocketModel s) {
        if (shown != null) {
            shown.visitorsProperty().removeListener(changed);
        }
        shown = s;
        toggle.setAvailable(s != null);
        toggle.setOpen(false);
        if (s != null) {
            s.visitorsProperty().addListener(changed);
            load(s.visitorsProperty().get());
        }
    }

    private void load(Visitors v) {
        loading = true;
        methods.selectToggle(v.method() == Visitors.Method.PASSWORD ? byPassword
                : v.method() == Visitors.Method.EMAIL ? byEmail : anyone);
        username.setText(v.username());
        password.clear();
        emails.setText(String.join(", ", v.emails()));
        domains.setText(String.join(", ", v.emailDomains()));
        allowIps.setText(String.join(", ", v.allowIps()));
        problem.setText("");
        save.setDisable(false);
        edited = false;
        loading = false;
        refresh();
    }

    /** What the chosen method and the socket allow: its fields shown, the others' hidden; the note says why. */
    private void refresh() {
        if (shown == null) {
            return;
        }
        Visitors.Method m = chosen();
        String type = shown.typeProperty().get();
        boolean raw = SocketType.isRaw(type);
        String provider = commands.identityProviderProperty().get();
        String host = providerHost(provider);
        byPassword.setDisable(raw);
        byEmail.setDisable(raw || host == null);
        show(passwordLine, m == Visitors.Method.PASSWORD);
        show(emailLine, m == Visitors.Method.EMAIL);
        boolean kept = m == Visitors.Method.PASSWORD && shown.visitorsProperty().get().method() == m;
        password.setPromptText(kept ? "unchanged" : "password");
        String note = raw ? "A " + type + " socket carries no HTTP, so visitors cannot sign in: limit them with the "
                + "allow list."
                : host == null && provider != null ? "E-mail sign-in is off: the server has no identity provider."
                : m == Visitors.Method.EMAIL ? "Visitors sign in at " + host + "; these addresses, and any address at "
                + "these domains, get in."
                : "";
        methodNote.setText(note);
        show(methodNote, !note.isEmpty());
    }

    private Visitors.Method chosen() {
        return (Visitors.Method) methods.getSelectedToggle().getUserData();
    }

    /** The host of the provider's issuer URL; null when there is none (or not known yet). */
    static String providerHost(String issuer) {
        if (issuer == null || issuer.isEmpty()) {
            return null;
        }
        try {
            String host = URI.create(issuer).getHost();
            return host == null ? issuer : host;
        } catch (IllegalArgumentException e) {
            return issuer;
        }
    }

    private void save() {
        SocketModel about = shown;
        save.setDisable(true);
        problem.setText("");
        Visitors wanted = new Visitors(chosen(), username.getText().strip(), TypedLists.words(emails.getText()),
                TypedLists.words(domains.getText()), TypedLists.words(allowIps.getText()));
        commands.changeVisitors(about, wanted, password.getText(), new Reply() {
            @Override
            public void done() {
                if (about == shown) {
                    edited = false;
                    load(wanted);
                    toggle.setOpen(false);
                }
            }

            @Override
            public void failed(String why) {
                if (about == shown) {
                    save.setDisable(false);
                    problem.setText(why);
                }
            }
        });
    }

    private RadioButton method(String id, String text, Visitors.Method m) {
        RadioButton b = new RadioButton(text);
        b.setId(id);
        b.setUserData(m);
        b.setToggleGroup(methods);
        return b;
    }

    /** A labelled line of the form, its label named for the first field. */
    private static HBox line(String text, Node... fields) {
        Label label = new Label(text);
        label.setMinWidth(LABELS);
        label.setPrefWidth(LABELS);
        label.setLabelFor(fields[0]);
        HBox line = new HBox(8, label);
        line.getChildren().addAll(fields);
        line.setAlignment(fields[0] instanceof VBox ? Pos.TOP_LEFT : Pos.CENTER_LEFT);
        return line;
    }

    private static void show(Node n, boolean visible) {
        n.setVisible(visible);
        n.setManaged(visible);
    }
}
