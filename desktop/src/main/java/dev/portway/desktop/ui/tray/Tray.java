// The tray icon (AWT SystemTray): overall state at a glance, a menu to toggle tunnels, open the window or the
// inspector's page, or quit.
package dev.portway.desktop.ui.tray;

import dev.portway.desktop.system.AppIcon;
import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;

public final class Tray {
    private final TrayModel model;
    private final Runnable showWindow;
    private final Consumer<String> openPage;
    private final Runnable quit;
    private TrayIcon icon;

    private Tray(TrayModel model, Runnable showWindow, Consumer<String> openPage, Runnable quit) {
        this.model = model;
        this.showWindow = showWindow;
        this.openPage = openPage;
        this.quit = quit;
    }

    /** A tray icon, where the platform has a tray; called on the FX thread. openPage opens a page in the browser. */
    public static Optional<Tray> install(TrayModel model, Runnable showWindow, Consumer<String> openPage,
                                         Runnable quit) {
        if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
            return Optional.empty();
        }
        Tray tray = new Tray(model, showWindow, openPage, quit);
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
        int size = Math.max(16, system.getTrayIconSize().height);
        icon = new TrayIcon(image(model.stateProperty().get(), size), "Portway");
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
            int size = Math.max(16, SystemTray.getSystemTray().getTrayIconSize().height);
            icon.setImage(image(state, size));
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

    static BufferedImage image(TrayModel.State state, int size) {
        return AppIcon.draw(switch (state) {
            case ALL_ONLINE -> new Color(0x2e, 0xa0, 0x4f);
            case SOME_RETRYING -> new Color(0xe0, 0x9a, 0x1a);
            case OFF -> new Color(0x8a, 0x8f, 0x98);
        }, size);
    }

    public void remove() {
        EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
