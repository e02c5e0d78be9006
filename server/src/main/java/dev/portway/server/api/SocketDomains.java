// A socket's custom domains through the API: the whole new list of a PATCH checked and stored, "verify" restarting
// the checks, and the domains as the socket's JSON shows them. Every change is in the audit log.
package dev.portway.server.api;

import dev.portway.protocol.api.AuditEntry;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.audit.AuditLog;
import dev.portway.server.domains.DomainNames;
import dev.portway.server.store.CustomDomainRecord;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

final class SocketDomains {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a PATCH may send, over any limit: the list is read whole before the quota is known. */
    private static final int MAX_LISTED = 1000;

    private final Store store;
    private final ServerConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable checkNow;

    /** checkNow: wakes the checker, which looks up new and restarted domains at once rather than on its next tick. */
    SocketDomains(Store store, ServerConfig config, AuditLog audit, Clock clock, Runnable checkNow) {
        this.store = store;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.checkNow = checkNow;
    }

    /** The list as it will be stored (lower-cased, without repeats), or the 400 or 403 that refuses it whole. */
    List<String> validate(SocketRecord s, List<String> requested) {
        if (requested.size() > MAX_LISTED) {
            throw tooMany(s);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String raw : requested) {
            try {
                names.add(DomainNames.valid(raw, config.domain()));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_DOMAIN, e.getMessage());
            }
        }
        if (!names.isEmpty() && (s.socketType().equals(SocketType.TCP) || SocketType.isUdp(s.socketType()))) {
            throw new ApiException(ErrorCode.INVALID_DOMAIN, "a " + s.socketType() + " socket has no name routing"
                    + " (visitors reach it"
                    + " by its port), so it takes no custom domain; use a tls, http or https socket");
        }
        if (names.size() > config.quotas().customDomainsPerSocket()) {
            throw tooMany(s);
        }
        return List.copyOf(names);
    }

    private ApiException tooMany(SocketRecord s) {
        return new ApiException(ErrorCode.QUOTA_EXCEEDED, "a socket may have "
                + config.quotas().customDomainsPerSocket() + " custom domains on this server");
    }

    /** Makes names (from validate) the socket's custom domains: kept ones keep their status, new ones are pending. */
    void replace(SocketRecord s, List<String> names, Caller by, String from) {
        List<CustomDomainRecord> before = store.listCustomDomains(s.id());
        List<String> held = before.stream().map(CustomDomainRecord::name).toList();
        for (String name : names) {
            if (!held.contains(name)) {
                store.findCustomDomain(name).filter(d -> !d.socketId().equals(s.id())).ifPresent(d -> {
                    throw taken(name);
                });
            }
        }
        long now = clock.millis();
        String at = clock.instant().toString();
        List<CustomDomainRecord> wanted = new ArrayList<>();
        for (String name : names) {
            wanted.add(new CustomDomainRecord(name, s.id(), newTxtValue(), CustomDomainInfo.PENDING, now, now, at));
        }
        switch (store.setCustomDomains(s.id(), wanted, config.quotas().customDomainsPerUser())) {
            case NAME_TAKEN -> throw taken(null);
            case OVER_QUOTA -> throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "this account may have "
                    + config.quotas().customDomainsPerUser() + " custom domains over all its sockets on this server;"
                    + " remove one first");
            case NO_SOCKET -> throw ApiException.notFound("socket " + s.id());
            case UPDATED -> { }
        }
        for (String name : names) {
            if (!held.contains(name)) {
                audit.record(by.userId(), by.email(), AuditEntry.DOMAIN_ADD, "domain " + name, "socket " + s.id(),
                        from);
            }
        }
        for (String name : held) {
            if (!names.contains(name)) {
                audit.record(by.userId(), by.email(), AuditEntry.DOMAIN_REMOVE, "domain " + name, "socket " + s.id(),
                        from);
            }
        }
        if (!held.containsAll(names)) {
            checkNow.run();
        }
    }

    private static ApiException taken(String name) {
        return new ApiException(ErrorCode.NAME_TAKEN, (name == null ? "one of these names" : name)
                + " is verified as a custom domain of another socket already; a domain belongs to the first socket"
                + " that proves it");
    }

    /**
     * Checks every pending or failed domain of the socket again now, for another 24 h; one whose round began within
     * the checker's first interval is being checked that often already, and stays as it is.
     */
    void verify(SocketRecord s, Caller by, String from) {
        for (CustomDomainRecord d : store.listCustomDomains(s.id())) {
            if (!d.status().equals(CustomDomainInfo.VERIFIED)) {
                audit.record(by.userId(), by.email(), AuditEntry.DOMAIN_VERIFY, "domain " + d.name(),
                        "socket " + s.id(), from);
            }
        }
        long now = clock.millis();
        if (store.restartCustomDomainChecks(s.id(), now, now - config.names().firstCheck().toMillis()) > 0) {
            checkNow.run();
        }
    }

    static List<CustomDomainInfo> view(List<CustomDomainRecord> claims) {
        return claims.stream().map(d -> new CustomDomainInfo(d.name(), d.status(), DomainNames.txtName(d.name()),
                d.txtValue(), null)).toList();
    }

    /** 128 random bits behind a prefix that tells, in a DNS zone, what the record is for. */
    private static String newTxtValue() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "portway-verify-" + HexFormat.of().formatHex(b);
    }
}
