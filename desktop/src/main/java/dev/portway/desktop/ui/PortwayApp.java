// The JavaFX application: one window (sign-in or main view) in the Primer light or dark theme, the tray icon, and the
// once-a-second traffic sampler. The list needs no refresh timer: the server's live events keep it current.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.portway.desktop.system.AppIcon;
import dev.portway.desktop.system.ShutdownSteps;
import dev.portway.desktop.system.SystemTheme;
import dev.portway.desktop.system.UrlOpener;
import dev.portway.desktop.ui.common.PageLink;
import dev.portway.desktop.ui.common.Startup;
import dev.portway.desktop.ui.common.Stylesheet;
import dev.portway.desktop.ui.dialogs.Dialogs;
import dev.portway.desktop.ui.signin.SignInView;
import dev.portway.desktop.ui.tray.Tray;
import java.io.ByteArrayInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.util.Duration;

public final class PortwayApp extends Application {
    private static final Duration SAMPLE = Duration.seconds(1);
    /** How long a SIGTERM or Ctrl-C waits for the clean-up (a logout or systemd kills a few seconds later). */
    private static final java.time.Duration SIGNALED = java.time.Duration.ofSeconds(5);

    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "portway-ui-background");
        t.setDaemon(true);
        return t;
    });
    private AppModel model;
    private Startup startup;
    private Stage stage;
    private Tray tray;
    private Timeline sampler;
    /** Takes back the clean-up on a SIGTERM or Ctrl-C, once a quit has done it. */
    private volatile Runnable noCleanUpOnSignal = () -> {
    };
    /** The ways this system opens a web page; a test puts launchers of its own in their place. */
    private UrlOpener opener = UrlOpener.forPlatform(Os.current());
    /** Opens a web page in the system's browser, else shows its address to copy; a test puts a recorder here. */
    private Consumer<PageLink> browser = this::openPage;

    /**
     * On the launcher thread, before the window: reads what the last run left, so the first frame has its theme; from
     * here on a SIGTERM cleans up as a quit does (tests that start the stage themselves leave the JVM's exit alone).
     */
    @Override
    public void init() {
        model = newModel();
        noCleanUpOnSignal = cleanUpOnSignal(model);
        startup = model.read();
    }

    private AppModel newModel() {
        DesktopApp.Options opts = DesktopApp.options();
        return new AppModel(opts.settings(), opts.autostart(), SystemTheme.current(), opts.localServer(), background,
                Platform::runLater, follower -> {
                    Thread t = new Thread(follower, "portway-live-events");
                    t.setDaemon(true);
                    t.start();
                });
    }

    @Override
    public void start(Stage primary) {
        DesktopApp.Options opts = DesktopApp.options();
        stage = primary;
        if (model == null) {
            model = newModel();
        }
        model.onFirstContact(this::askToTrust);
        model.switches().onTakeOver((t, host) -> Dialogs.confirm(stage, "Take it over from " + host + "?",
                "Tunnel " + t.shortId() + " is " + t.whereProperty().get() + ". Switching it on here disconnects "
                + "that agent; it stops with \"replaced by another agent\"."));
        theme(model.preferences().darkProperty().get());
        model.preferences().darkProperty().addListener((o, a, dark) -> theme(dark));
        StackPane root = new StackPane();
        Runnable swap = () -> root.getChildren().setAll(model.signedInProperty().get()
                ? new MainView(model, link -> browser.accept(link), PortwayApp::copy)
                : new SignInView(model.signIn(), model.preferences()));
        model.signedInProperty().addListener((o, a, b) -> swap.run());
        swap.run();

        Scene scene = new Scene(root, 1120, 740);
        scene.getStylesheets().add(Stylesheet.URL);
        stage.setScene(scene);
        stage.setTitle("Portway");
        // The same mark as the packages' icon, for the task bar and the window switcher.
        for (int size : new int[]{16, 32, 48, 64, 128, 256}) {
            stage.getIcons().add(new Image(new ByteArrayInputStream(AppIcon.png(size))));
        }
        stage.setOnCloseRequest(e -> {
            e.consume();
            closeWindow();
        });

        tray = Tray.install(model.tray(), this::showWindow, url -> browser.accept(PageLink.plain(url)), this::quit)
                .orElse(null);
        if (opts.instance() != null) {
            // A second "portway app" or "up" asked: this window comes forward instead.
            opts.instance().onRaise(() -> Platform.runLater(this::showWindow));
        }
        Platform.setImplicitExit(false);

        sampler = new Timeline(new KeyFrame(SAMPLE, e -> {
            model.sockets().sampleTraffic();
            model.inspectors().tick(java.time.Instant.now());
        }));
        sampler.setCycleCount(Timeline.INDEFINITE);
        sampler.play();

        if (startup != null) {
            model.start(startup, true);
        } else {
            model.start(true);
        }
        if (opts.minimized() && tray != null) {
            return;
        }
        stage.show();
        if (opts.minimized()) {
            stage.setIconified(true);
        }
    }

    /**
     * A SIGTERM or Ctrl-C (the terminal of "portway up", a logout) cleans up as a quit does, before "up" stops its
     * server; returns what takes that back.
     */
    static Runnable cleanUpOnSignal(AppModel model) {
        return ShutdownSteps.process().add(ShutdownSteps.Phase.CLEAN_UP, () -> model.shutdown(SIGNALED));
    }

    /** AtlantaFX's Primer, light or dark: the user agent style sheet, so dialogs and menus follow it too. */
    static void theme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** For tests: pages the app would open in the browser go here instead. */
    void openPagesWith(Consumer<String> opener) {
        browser = link -> opener.accept(link.url());
    }

    /** For tests: the ways to open a page (none of which a test lets start a browser). */
    void openPagesWith(UrlOpener ways) {
        opener = ways;
    }

    /** A launcher may wait for its command: off the FX thread, and the address shown when none worked. */
    private void openPage(PageLink link) {
        UrlOpener ways = opener;
        background.execute(() -> {
            if (!ways.open(link.url())) {
                Platform.runLater(() -> Dialogs.pageAddress(stage, link, PortwayApp::copy));
            }
        });
    }

    /** For tests: the models behind the window. */
    AppModel model() {
        return model;
    }

    /** Called from a background call: waits for the person's answer on the FX thread. */
    private boolean askToTrust(String server, String fingerprint) {
        if (Platform.isFxApplicationThread()) {
            return Dialogs.trustServer(stage, server, fingerprint);
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> answer.complete(Dialogs.trustServer(stage, server, fingerprint)));
        return answer.join();
    }

    /** Puts text on the system clipboard. */
    static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    private void showWindow() {
        stage.show();
        stage.setIconified(false);
        stage.toFront();
    }

    /** With a tray, closing keeps the app there while tunnels are on; without one, it asks and quits. */
    private void closeWindow() {
        boolean anyOn = model.switches().anyOn();
        if (tray != null && anyOn) {
            stage.hide();
        } else if (tray != null || !anyOn || Dialogs.confirm(stage, "Quit Portway?",
                "The tunnels that are on go offline until you start Portway again.")) {
            quit();
        }
    }

    void quit() {
        stage.hide();
        sampler.stop();
        background.execute(() -> {
            model.shutdown();
            noCleanUpOnSignal.run();
            Platform.runLater(Platform::exit);
        });
    }

    @Override
    public void stop() {
        noCleanUpOnSignal.run();
        if (tray != null) {
            tray.remove();
        }
        background.shutdownNow();
    }
}
