// A certificate the CA issued: the chain and key as PEM and what the engine shows and schedules by.
package dev.portway.server.acme;

import java.time.Instant;

record Issued(String chainPem, String keyPem, String issuer, Instant notBefore, Instant notAfter,
              Instant renewAt) {
}
