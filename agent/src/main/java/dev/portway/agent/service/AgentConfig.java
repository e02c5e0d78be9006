// What an unattended agent serves, read from a YAML file: the server, its certificate, and tunnels with credentials.
package dev.portway.agent.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.portway.agent.engine.HostHeaderValue;
import dev.portway.agent.engine.LocalTarget;
import dev.portway.agent.engine.OriginIdleTimeout;
import dev.portway.agent.engine.trust.Fingerprints;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentConfig(String server, String fingerprint, List<Tunnel> tunnels, Boolean inspect,
                          @JsonProperty("inspect_port") Integer inspectPort) {
    /** One tunnel this machine serves: its ids, the credential it connects with, and the local service. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tunnel(String name, String socket, String tunnel, String credential, String local,
                         @JsonProperty("host_header") String hostHeader,
                         @JsonProperty("origin_idle_timeout") String originIdleTimeout) {
        public Tunnel(String name, String socket, String tunnel, String credential, String local, String hostHeader) {
            this(name, socket, tunnel, credential, local, hostHeader, null);
        }

        /**
         * "host:port" or a bare port (on localhost), with the Host header its requests carry (host_header) and how
         * long idle connections to it are kept (origin_idle_timeout).
         */
        public LocalTarget target() {
            LocalTarget address = address();
            try {
                address = address.withHostHeader(HostHeaderValue.check(hostHeader));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host_header: " + e.getMessage());
            }
            try {
                return address.withOriginIdleTimeout(OriginIdleTimeout.parse(originIdleTimeout));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("origin_idle_timeout: " + e.getMessage());
            }
        }

        private LocalTarget address() {
            String text = local.strip();
            int colon = text.lastIndexOf(':');
            String host = colon < 0 ? "localhost" : text.substring(0, colon);
            String port = colon < 0 ? text : text.substring(colon + 1);
            try {
                int p = Integer.parseInt(port);
                if (p >= 1 && p <= 65535 && !host.isBlank()) {
                    return new LocalTarget(host.replaceAll("^\\[|]$", ""), p);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("local: \"" + local + "\" is not HOST:PORT (e.g. localhost:8000)");
        }

        /** How its lines are marked in the log: its name, or the start of its id. */
        public String label() {
            return name != null && !name.isBlank() ? name : tunnel.substring(0, Math.min(8, tunnel.length()));
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AgentConfig {
        tunnels = tunnels == null ? List.of() : List.copyOf(tunnels);
    }

    /** Serving the inspector as by default (inspect: true, inspect_port: 4040). */
    public AgentConfig(String server, String fingerprint, List<Tunnel> tunnels) {
        this(server, fingerprint, tunnels, null, null);
    }

    /**
     * Reads and checks a config; every mistake is one sentence naming the file's field.
     *
     * @throws IllegalArgumentException when the text is not a usable config
     */
    public static AgentConfig parse(String yaml) {
        AgentConfig c;
        try {
            c = YAML.readValue(yaml, AgentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown setting \"" + e.getPropertyName() + "\" (line "
                    + e.getLocation().getLineNr() + "); known: server, fingerprint, inspect, inspect_port, tunnels "
                    + "(name, socket, tunnel, credential, local, host_header, origin_idle_timeout)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid config (line " + (e.getLocation() == null ? "?"
                    : e.getLocation().getLineNr()) + "): " + e.getOriginalMessage());
        }
        if (c == null || c.server() == null || c.server().isBlank()) {
            throw new IllegalArgumentException("server: missing (the API URL, e.g. https://portway.example.com:7070)");
        }
        if (c.fingerprint() != null) {
            Fingerprints.normalize(c.fingerprint());
        }
        if (c.inspectPort() != null && (c.inspectPort() < 0 || c.inspectPort() > 65535)) {
            throw new IllegalArgumentException("inspect_port: a port from 0 to 65535 (the inspector's, on 127.0.0.1),"
                    + " not " + c.inspectPort());
        }
        if (c.tunnels().isEmpty()) {
            throw new IllegalArgumentException("tunnels: none listed; add one with 'portway agent add'");
        }
        for (int i = 0; i < c.tunnels().size(); i++) {
            Tunnel t = c.tunnels().get(i);
            String where = "tunnels[" + (i + 1) + "]";
            if (t.tunnel() == null || t.credential() == null || t.local() == null) {
                throw new IllegalArgumentException(where + ": needs tunnel, credential and local");
            }
            try {
                t.target();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + e.getMessage());
            }
        }
        return c;
    }

    /** The config with the tunnel added, or put in place of an entry for the same tunnel. */
    public AgentConfig with(Tunnel added) {
        List<Tunnel> next = new ArrayList<>(tunnels);
        next.removeIf(t -> t.tunnel().equals(added.tunnel()));
        next.add(added);
        return new AgentConfig(server, fingerprint, next, inspect, inspectPort);
    }

    public String toYaml() {
        try {
            return "# Portway agent: the tunnels this machine serves (portway agent --config THIS_FILE).\n"
                    + "# It holds tunnel credentials: keep it readable by its owner only.\n"
                    + YAML.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @JsonProperty("tunnels")
    public List<Tunnel> tunnels() {
        return tunnels;
    }
}
