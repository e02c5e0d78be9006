// TXT lookups with the JDK's own DNS client (JNDI's dns provider): no dependency, a timeout of its own, and any
// resolver, given as --resolver HOST:PORT, or the system's (resolv.conf) by default.
package dev.portway.server.domains;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

public final class DnsTxtLookup implements TxtLookup {
    /** A lookup gives up after 1 + 2 s (two tries, the wait doubling): it holds one of the checker's few threads. */
    private static final String TIMEOUT_MILLIS = "1000";
    private static final String RETRIES = "2";

    private final Hashtable<String, String> env = new Hashtable<>();

    /** resolver: HOST:PORT (see Resolvers.parse), or null for the system's. */
    public DnsTxtLookup(String resolver) {
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, resolver == null ? "dns:" : "dns://" + resolver);
        env.put("com.sun.jndi.dns.timeout.initial", TIMEOUT_MILLIS);
        env.put("com.sun.jndi.dns.timeout.retries", RETRIES);
    }

    @Override
    public List<String> txt(String name) throws Exception {
        DirContext dns = new InitialDirContext(env);
        try {
            Attribute records = dns.getAttributes(name + ".", new String[]{"TXT"}).get("TXT");
            List<String> out = new ArrayList<>();
            if (records != null) {
                NamingEnumeration<?> all = records.getAll();
                while (all.hasMore()) {
                    out.add(unquote(String.valueOf(all.next())));
                }
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            dns.close();
        }
    }

    /** JNDI shows a record of several strings as "a" "b", and quotes one with spaces: the strings, joined. */
    private static String unquote(String record) {
        if (!record.startsWith("\"")) {
            return record;
        }
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c == '"') {
                inside = !inside;
            } else if (c == '\\' && inside && i + 1 < record.length()) {
                out.append(record.charAt(++i));
            } else if (inside) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
