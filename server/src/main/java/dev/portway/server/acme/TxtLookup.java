// TXT records of a name as the server's resolver sees them (--resolver HOST:PORT, else the system's), through the
// JDK's own DNS client (JNDI), so no resolver library is needed for one record type.
package dev.portway.server.acme;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

public final class TxtLookup {
    private final String providerUrl;

    /** resolver: HOST:PORT ([v6]:PORT), or null for the system's resolvers. */
    public TxtLookup(String resolver) {
        this.providerUrl = resolver == null ? "dns:" : "dns://" + resolver;
    }

    /** The strings of name's TXT records; empty when there are none, the name does not exist or nobody answers. */
    public List<String> txt(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(DirContext.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(DirContext.PROVIDER_URL, providerUrl);
        // One second, then two: a poll that asks again soon anyway must not hang on a lost datagram.
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        List<String> values = new ArrayList<>();
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                Attribute txt = ctx.getAttributes(name, new String[] {"TXT"}).get("TXT");
                if (txt != null) {
                    NamingEnumeration<?> all = txt.getAll();
                    while (all.hasMore()) {
                        values.add(unquoted(String.valueOf(all.next())));
                    }
                }
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            return List.of();
        }
        return values;
    }

    /** JNDI quotes a record's string when it holds a blank; the ACME digest never does, but be exact. */
    private static String unquoted(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
