// "portway server certificates list|renew NAME": the certificates the server(s) keep in the store, and a forced
// renewal that the running servers carry out within seconds (they poll the store), working on the data dir's store.
package dev.portway.server;

import dev.portway.server.acme.CertificateState;
import dev.portway.server.store.CertificateRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = "Lists the certificates ordered by ACME, or forces one's renewal, working on the server's data"
                + " directory (also while it runs).")
final class CertificatesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say list or renew, e.g. certificates renew NAME");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each certificate, the soonest expiry first: name, state, issuer, valid until, next"
                    + " attempt, last error.")
    int list(@Mixin AdminCommand.Where where) {
        return where.withStore("certificates", (store, location) -> {
            System.out.print(table(store.allCertificates(), Instant.now()));
            return 0;
        });
    }

    /** One aligned row per certificate under a header, times to the second, the last error at the end. */
    static String table(List<CertificateRecord> certificates, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STATE", "ISSUER", "VALID UNTIL", "NEXT ATTEMPT", "LAST ERROR"});
        certificates.stream()
                .sorted(Comparator.comparing((CertificateRecord c) -> c.notAfter() == null ? "" : c.notAfter())
                        .thenComparing(CertificateRecord::name))
                .forEach(c -> rows.add(new String[] {c.name(), CertificateState.of(c, now).wire(), c.issuer(),
                        seconds(c.notAfter()), c.renewRequested() ? "now (renewal requested)"
                        : seconds(c.nextAttemptAt()), c.lastError()}));
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i] == null ? 1 : row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + width[i] + "s  ", row[i] == null ? "-" : row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String seconds(String instant) {
        return instant == null ? null : Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = "Renews the certificate of NAME (a socket's name, the domain, a custom domain, or "
                    + "*.DOMAIN) now: the running servers order it within seconds.")
    int renew(@Parameters(paramLabel = "NAME", description = "The name the certificate is for.") String name,
              @Mixin AdminCommand.Where where) {
        return where.withStore("certificates", (store, location) -> {
            for (String candidate : candidates(name)) {
                if (store.requestRenewal(candidate)) {
                    System.out.println("renewal of " + candidate + " requested: the running servers renew it within"
                            + " seconds (see certificates list)");
                    return 0;
                }
            }
            return fail("no certificate for " + name + " (see certificates list)");
        });
    }

    /** The name's own certificate, else the wildcard that covers it (the domain's is "*.DOMAIN" with a DNS hook). */
    static List<String> candidates(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(List.of(n));
        if (!n.startsWith("*.")) {
            out.add("*." + n);
            int dot = n.indexOf('.');
            if (dot > 0) {
                out.add("*." + n.substring(dot + 1));
            }
        }
        return out;
    }

    private static int fail(String message) {
        return AdminCommand.Where.fail("certificates", message);
    }
}
