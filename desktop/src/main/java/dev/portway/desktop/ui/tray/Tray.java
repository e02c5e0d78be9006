// The tray icon (AWT SystemTray): overall state at a glance, a menu to toggle tunnels, open the window or the
// inspector's page, or quit.
package dev.portway.desktop.ui.tray;

import dev.portway.agent.system.Os;
import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;

public final class Tray {
    private final TrayModel model;
    private final Runnable showWindow;
    private final Consumer<String> openPage;
    private final Runnable quit;
    private final Os os;
    private TrayIcon icon;

    private Tray(Os os, TrayModel model, Runnable showWindow, Consumer<String> openPage, Runnable quit) {
        this.os = os;
        this.model = model;
        this.showWindow = showWindow;
        this.openPage = openPage;
        this.quit = quit;
    }

    /** A tray icon, where the platform has a tray; called on the FX thread. openPage opens a page in the browser. */
    public static Optional<Tray> install(TrayModel model, Runnable showWindow, Consumer<String> openPage,
                                         Runnable quit) {
        Os os = Os.current();
        // Before anything touches the tray: macOS reads it once, when its tray code is first loaded.
        TrayImages.prepare(os);
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            return Optional.empty();
        }
        Tray tray = new Tray(os, model, showWindow, openPage, quit);
        try {
            tray.add();
        } catch (AWTException | RuntimeException e) {
            return Optional.empty();
        }
        model.stateProperty().addListener((o, a, b) -> tray.refresh());
        model.itemsProperty().addListener((o, a, b) -> tray.refresh());
        model.inspectorProperty().addListener((o, a, b) -> tray.refresh());
        return Optional.of(tray);
    }

    private void add() throws AWTException {
        SystemTray system = SystemTray.getSystemTray();
        icon = new TrayIcon(TrayImages.of(os, model.stateProperty().get(), system.getTrayIconSize().height),
                "Portway");
        icon.setImageAutoSize(true);
        icon.addActionListener(e -> Platform.runLater(showWindow));
        icon.setPopupMenu(menu(model.itemsProperty().get(), model.inspectorProperty().get()));
        system.add(icon);
    }

    /** Rebuilds look and menu from the model (FX thread), applied on the AWT thread. */
    void refresh() {
        TrayModel.State state = model.stateProperty().get();
        List<TrayModel.Item> items = model.itemsProperty().get();
        String inspector = model.inspectorProperty().get();
        EventQueue.invokeLater(() -> {
            icon.setImage(TrayImages.of(os, state, SystemTray.getSystemTray().getTrayIconSize().height));
            icon.setToolTip("Portway: " + switch (state) {
                case OFF -> "no tunnel on";
                case ALL_ONLINE -> "all tunnels online";
                case SOME_RETRYING -> "some tunnels are retrying or failing";
            });
            icon.setPopupMenu(menu(items, inspector));
        });
    }

    /** inspector: where the inspector's page is served, or null (its item then disabled). */
    private PopupMenu menu(List<TrayModel.Item> items, String inspector) {
        PopupMenu menu = new PopupMenu();
        for (TrayModel.Item item : items) {
            CheckboxMenuItem toggle = new CheckboxMenuItem(item.label(), item.on());
            toggle.addItemListener(e -> {
                boolean on = toggle.getState();
                Platform.runLater(() -> model.toggle(item.tunnel(), on));
            });
            menu.add(toggle);
        }
        if (!items.isEmpty()) {
            menu.addSeparator();
        }
        MenuItem open = new MenuItem("Open Portway");
        open.addActionListener(e -> Platform.runLater(showWindow));
        MenuItem inspect = new MenuItem("Open inspector in browser");
        inspect.setEnabled(inspector != null);
        inspect.addActionListener(e -> Platform.runLater(() -> openPage.accept(inspector)));
        MenuItem exit = new MenuItem("Quit");
        exit.addActionListener(e -> Platform.runLater(quit));
        menu.add(open);
        menu.add(inspect);
        menu.add(exit);
        return menu;
    }

    public void remove() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
