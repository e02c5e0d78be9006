// A stored custom domain: a user's own name for one of their sockets, and where proving it stands.
package dev.portway.server.store;

/**
 * name: lower-case; txtValue: what the TXT record _portway.NAME must hold; status: pending, verified or failed;
 * checkSince: when the current round of checks began; nextCheckAt: when it is looked up next (both epoch ms).
 */
public record CustomDomainRecord(String name, String socketId, String txtValue, String status, long checkSince,
                                 long nextCheckAt, String createdAt) {
}
