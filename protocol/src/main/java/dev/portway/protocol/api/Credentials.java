// Body of sign-up and login: an email and a password, both required (the API answers 400 missing_field without).
package dev.portway.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

public record Credentials(@JsonProperty(required = true) String email,
                          @JsonProperty(required = true) String password) {
}
