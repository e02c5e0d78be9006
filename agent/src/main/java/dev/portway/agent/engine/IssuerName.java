// Who issued a certificate, as a person names it: the API gives the issuer's X.500 name
// ("CN=R11,O=Let's Encrypt,C=US"), whose commas would read as a list in "socket show" and whose attribute types mean
// nothing in the app.
package dev.portway.agent.engine;

import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

public final class IssuerName {
    private IssuerName() {
    }

    /** "R11 (Let's Encrypt)": the common name, with the organisation unless the name has it; any other text as is. */
    public static String of(String issuer) {
        if (issuer == null) {
            return "unknown issuer";
        }
        List<Rdn> rdns;
        try {
            rdns = new LdapName(issuer).getRdns();
        } catch (InvalidNameException | IllegalArgumentException e) {
            return issuer;
        }
        String cn = value(rdns, "CN");
        String o = value(rdns, "O");
        if (cn == null) {
            return o == null ? issuer : o;
        }
        return o == null || cn.contains(o) ? cn : cn + " (" + o + ")";
    }

    private static String value(List<Rdn> rdns, String type) {
        return rdns.stream().filter(r -> r.getType().equalsIgnoreCase(type)).map(r -> r.getValue().toString())
                .findFirst().orElse(null);
    }
}
