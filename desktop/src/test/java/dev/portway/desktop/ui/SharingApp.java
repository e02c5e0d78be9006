// A second JVM for ShareCleanupTest: the app's models signed in to a server (settings in args[1]), port args[2]
// shared, and the app's clean-up on a signal installed as the app installs it; prints "shared SOCKET_ID", then waits
// to be signalled or killed.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

final class SharingApp {
    private SharingApp() {
    }

    public static void main(String[] args) throws Exception {
        SettingsStore store = new SettingsStore(Path.of(args[1]));
        Autostart autostart = new Autostart(Os.LINUX, Path.of(args[1]).resolveSibling("home"),
                Map.of(), List.of("portway", "app"));
        AppModel model = new AppModel(store, autostart, Runnable::run, Runnable::run);
        PortwayApp.cleanUpOnSignal(model);
        model.signIn().createAccount(args[0], "share@example.com", "password1");
        AppModelTest.Told told = new AppModelTest.Told();
        model.switches().sharePort("127.0.0.1", Integer.parseInt(args[2]), "http", null, told);
        if (!told.done) {
            throw new IllegalStateException("share failed: " + told.failed);
        }
        System.out.println("shared " + model.sockets().sockets().get(0).socketId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
