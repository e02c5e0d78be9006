// The main window's banner: the last thing that went wrong, in plain words, until it is dismissed or the next command
// succeeds.
package dev.portway.desktop.ui.common;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

public final class Banner {
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper();

    public void show(String text) {
        message.set(text);
    }

    public void dismiss() {
        message.set(null);
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
