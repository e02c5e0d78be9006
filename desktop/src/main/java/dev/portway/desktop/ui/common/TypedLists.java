// Lists as a person types them into one field (addresses, domains, networks), read the same way by the sockets'
// dialogs and by the "Who can visit" section.
package dev.portway.desktop.ui.common;

import java.util.ArrayList;
import java.util.List;

public final class TypedLists {
    private TypedLists() {
    }

    /** The allow list as typed in the dialog: CIDR blocks separated by commas or spaces; null when empty. */
    public static List<String> allowList(String text) {
        List<String> out = words(text);
        return out.isEmpty() ? null : out;
    }

    /** A list as typed in one field (addresses, domains, networks): separated by commas or spaces. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.strip().split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}
