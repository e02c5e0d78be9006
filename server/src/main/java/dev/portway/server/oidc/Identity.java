// Who the provider signed in: the ID token's verified address and subject.
package dev.portway.server.oidc;

record Identity(String email, String subject) {
}
