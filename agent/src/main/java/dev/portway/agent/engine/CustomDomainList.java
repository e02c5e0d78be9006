// The whole new list of a socket's custom domains that "socket update" and the app send: the names it has, with some
// added and some removed. Names compare as DNS compares them: in any case, with or without the root's final dot.
package dev.portway.agent.engine;

import dev.portway.protocol.api.CustomDomainInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public final class CustomDomainList {
    private CustomDomainList() {
    }

    /** The name as the server keeps it: lower case, without surrounding blanks or a final dot. */
    public static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * current with add appended (a name it has already stays where it is, with its status) and remove taken out;
     * removing a name it does not have (or an empty one) is an IllegalArgumentException that says which names it
     * has.
     */
    public static List<String> change(List<CustomDomainInfo> current, Collection<String> add,
                                      Collection<String> remove) {
        Set<String> names = new LinkedHashSet<>();
        current.forEach(d -> names.add(normalize(d.name())));
        for (String r : remove) {
            String n = normalize(r);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("a custom domain to remove must not be empty");
            }
            if (!names.remove(n)) {
                throw new IllegalArgumentException("\"" + n + "\" is not one of this socket's custom domains ("
                        + (current.isEmpty() ? "it has none" : "it has " + String.join(", ", current.stream()
                        .map(CustomDomainInfo::name).toList())) + ")");
            }
        }
        add.forEach(a -> names.add(normalize(a)));
        return new ArrayList<>(names);
    }
}
