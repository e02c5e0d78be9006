// Starts a server's ACME engine: its sink (the certificates the edge serves, and whoever hears of a change), its
// DNS-01 solver from --acme-dns-hook, and the names it wants, at start and as sockets and custom domains come and go.
package dev.portway.server.acme;

import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.config.AcmeSettings;
import dev.portway.server.domains.CustomDomainListener;
import dev.portway.server.domains.DnsTxtLookup;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.tls.CertificateBook;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

public final class AcmeStartup {
    private AcmeStartup() {
    }

    /**
     * Certificates for domain, every socket's name and verified custom domain, now and as they come and go; each
     * served or withdrawn one goes to book, then to changed. resolver: --resolver, for the DNS hook's checks.
     * IOException: the --acme-ca-root file does not load.
     */
    public static AcmeEngine start(AcmeSettings settings, String domain, String resolver, Store store,
                                   Http01Answers challenges, CertificateBook book, Consumer<String> changed,
                                   SocketCatalog catalog, List<SocketRecord> sockets, String nodeId)
            throws IOException {
        CertificateSink sink = new CertificateSink() {
            @Override
            public void put(String name, String chainPem, String keyPem) {
                book.put(name, chainPem, keyPem);
                changed.accept(name);
            }

            @Override
            public void remove(String name) {
                book.remove(name);
                changed.accept(name);
            }
        };
        AcmeEngine engine = new AcmeEngine(settings, domain, store, challenges, dnsSolver(settings, resolver), sink,
                nodeId, AcmeEngine.Timing.DEFAULTS);
        try {
            catalog.listen(engine);
            // A tls socket's visitors end TLS at its origin: neither its name nor its custom domains need ours.
            Predicate<String> terminated = socketId -> catalog.byId(socketId)
                    .filter(socket -> !SocketType.isRaw(socket.type())).isPresent();
            catalog.customDomains().onChange(new CustomDomainListener() {
                @Override
                public void served(String name, String socketId) {
                    if (terminated.test(socketId)) {
                        engine.wanted(name);
                    }
                }

                @Override
                public void withdrawn(String name) {
                    engine.unwanted(name);
                }
            });
            catalog.customDomains().served().forEach((name, socketId) -> {
                if (terminated.test(socketId)) {
                    engine.wanted(name);
                }
            });
            sockets.stream().filter(s -> !SocketType.isRaw(s.socketType())).forEach(s -> engine.wanted(s.dnsName()));
            engine.start(domain);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** When the server's own certificate (DATA/tls), as the edge serves it now, expires; empty before it is read. */
    public static Optional<Instant> ownCertificateNotAfter(CertificateBook book) {
        return book == null ? Optional.empty()
                : book.describe(null).map(CertificateInfo::notAfter).map(Instant::parse);
    }

    /** The DNS-01 solver for the "*.DOMAIN" certificate: set with --acme-dns-hook (null: none). */
    private static ChallengeSolver dnsSolver(AcmeSettings settings, String resolver) {
        String hook = settings.dnsHook();
        if (hook == null) {
            return null;
        }
        return new Dns01Solver(new DnsHook(HookCommand.parse(hook), DnsHook.DEFAULT_TIMEOUT),
                new DnsTxtLookup(resolver));
    }
}
