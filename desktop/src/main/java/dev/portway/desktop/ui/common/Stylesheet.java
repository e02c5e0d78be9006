// The app's own stylesheet over the Primer theme: the main window's scene adds it, and so does each dialog, whose pane
// is a scene of its own.
package dev.portway.desktop.ui.common;

public final class Stylesheet {
    public static final String URL = Stylesheet.class.getResource("portway.css").toExternalForm();

    private Stylesheet() {
    }
}
