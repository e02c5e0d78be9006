// "Connect at login" runs what started the app: the installed launcher, else the checkout's script (on Windows: javaw
// with portway.cmd's options), else this jar.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.service.JvmOptions;
import dev.portway.desktop.system.Autostart;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutostartCommandTest {
    @TempDir
    Path home;

    @Test
    void anInstalledAppLogsInThroughItsLauncherNotTheCheckoutOrTheJar() throws Exception {
        // jpackage's launcher sets jpackage.app-path; a checkout's script sets portway.launcher.
        Map<String, String> props = Map.of("jpackage.app-path", "/opt/portway/bin/portway",
                "portway.launcher", "/home/me/src/portway/portway", "java.home", "/opt/portway/lib/runtime");
        List<String> command = DesktopApp.autostartCommand(props::get);
        assertEquals(List.of("/opt/portway/bin/portway", "app", "--minimized"), command);

        Autostart entry = new Autostart(Os.LINUX, home, Map.of(), command);
        entry.install();
        assertTrue(Files.readString(entry.file()).contains("\nExec=/opt/portway/bin/portway app --minimized\n"),
                Files.readString(entry.file()));
    }

    @Test
    void onWindowsTheConsoleLauncherLogsInThroughTheWindowedOne() {
        Map<String, String> cli = Map.of("jpackage.app-path", "C:\\Program Files\\portway\\portway-cli.exe");
        assertEquals(List.of("C:\\Program Files\\portway\\portway.exe", "app", "--minimized"),
                DesktopApp.autostartCommand(Os.WINDOWS, cli::get));
        Map<String, String> app = Map.of("jpackage.app-path", "C:\\Program Files\\portway\\portway.exe");
        assertEquals("C:\\Program Files\\portway\\portway.exe",
                DesktopApp.autostartCommand(Os.WINDOWS, app::get).get(0));
        // Elsewhere there is one launcher, whatever its name.
        Map<String, String> linux = Map.of("jpackage.app-path", "/opt/portway/bin/portway-cli.exe");
        assertEquals("/opt/portway/bin/portway-cli.exe", DesktopApp.autostartCommand(Os.LINUX, linux::get).get(0));
    }

    @Test
    void aCheckoutLogsInThroughItsLauncherScript() {
        Map<String, String> props = Map.of("portway.launcher", "/home/me/src/portway/portway", "java.home", "/jdk");
        assertEquals(List.of("/home/me/src/portway/portway", "app", "--minimized"),
                DesktopApp.autostartCommand(props::get));
    }

    @Test
    void aWindowsCheckoutLogsInThroughJavawWithTheOptionsPortwayCmdGives() throws Exception {
        // start would run portway.cmd through cmd /K: a console for as long as the app runs, and quotes it misreads.
        String checkout = "C:\\Users\\Ann Lee\\src\\portway";
        Map<String, String> props = Map.of("portway.launcher", checkout + "\\portway.cmd",
                "portway.serverJar", checkout + "\\server\\target\\portway-server.jar",
                "java.home", "C:\\Program Files\\Java\\jdk-21",
                "java.class.path", checkout + "\\desktop\\target\\portway.jar");
        List<String> command = DesktopApp.autostartCommand(Os.WINDOWS, props::get);
        List<String> expected = new ArrayList<>(List.of("C:\\Program Files\\Java\\jdk-21\\bin\\javaw.exe"));
        expected.addAll(JvmOptions.client());
        expected.addAll(List.of("-Dportway.serverJar=" + checkout + "\\server\\target\\portway-server.jar",
                "-Dportway.launcher=" + checkout + "\\portway.cmd",
                "-jar", checkout + "\\desktop\\target\\portway.jar", "app", "--minimized"));
        assertEquals(expected, command);
        assertTrue(command.contains("-XX:+UseSerialGC") && command.contains("-Xmx256m"), "jvm.options' client roles");

        Autostart entry = new Autostart(Os.WINDOWS, home, Map.of("APPDATA", home.toString()), command);
        entry.install();
        String text = Files.readString(entry.file());
        String javaw = "\"C:\\Program Files\\Java\\jdk-21\\bin\\javaw.exe\"";
        assertTrue(text.contains("start \"\" " + javaw + " \"-XX:+UseSerialGC\" "), text);

        // The same launcher on Linux or macOS, and a launcher that is not a .cmd on Windows, run as they are.
        assertEquals(List.of(checkout + "\\portway.cmd", "app", "--minimized"),
                DesktopApp.autostartCommand(Os.LINUX, props::get));
        Map<String, String> exe = Map.of("portway.launcher", "C:\\tools\\portway.exe", "java.home", "C:\\jdk");
        assertEquals(List.of("C:\\tools\\portway.exe", "app", "--minimized"),
                DesktopApp.autostartCommand(Os.WINDOWS, exe::get));
    }

    @Test
    void aBareJarLogsInThroughThisJavaAndThisJarWithTheLaunchersOptions() throws Exception {
        List<String> command = DesktopApp.autostartCommand(Os.LINUX, Map.of("java.home", "/jdk")::get);
        String jar = Path.of(DesktopApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> expected = new ArrayList<>(List.of("/jdk/bin/java"));
        expected.addAll(JvmOptions.client());
        expected.addAll(List.of("-jar", jar, "app", "--minimized"));
        assertEquals(expected, command);
        assertTrue(command.contains("-Xmx256m"), "jvm.options' client roles");
    }

    @Test
    void aBareJarOnWindowsLogsInThroughJavawSoNoConsoleStaysOpen() {
        List<String> command = DesktopApp.autostartCommand(Os.WINDOWS,
                Map.of("java.home", "C:\\Program Files\\Java\\jdk-17")::get);
        assertEquals("C:\\Program Files\\Java\\jdk-17\\bin\\javaw.exe", command.get(0));
        assertEquals(List.of("-jar", DesktopApp.ownJar(), "app", "--minimized"),
                command.subList(command.size() - 4, command.size()));
    }

    @Test
    void theJarPathIsThePathOfWhatTheClassesRunFrom() throws Exception {
        // Maven runs this module's tests in its folder, on its target/classes.
        Path jar = Path.of(DesktopApp.ownJar());
        assertTrue(jar.isAbsolute(), jar.toString());
        assertTrue(Files.isSameFile(Path.of("target", "classes"), jar), jar.toString());
    }

    @Test
    void aSpaceOrHashInTheJarsFolderStaysAsItIs() throws Exception {
        // A URL's path keeps %20 for a space (and a leading slash before C: on Windows): not a path a login entry runs.
        Path folder = home.resolve("my apps #1");
        String name = DesktopApp.class.getName();
        Path classFile = folder.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = DesktopApp.class.getResourceAsStream("DesktopApp.class")) {
            Files.copy(in, classFile);
        }
        // DesktopApp from the copy, the rest (the JDK's, JavaFX's) from the test's class path.
        try (URLClassLoader copy = new URLClassLoader(new URL[] {folder.toUri().toURL()},
                DesktopApp.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(className)) {
                    if (!className.equals(name)) {
                        return super.loadClass(className, resolve);
                    }
                    Class<?> loaded = findLoadedClass(className);
                    return loaded != null ? loaded : findClass(className);
                }
            }
        }) {
            Method ownJar = copy.loadClass(name).getDeclaredMethod("ownJar");
            ownJar.setAccessible(true);
            assertEquals(folder.toString(), ownJar.invoke(null));
        }
    }
}
