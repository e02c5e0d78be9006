// The builder is the one place that lists the settings: toBuilder() must carry every one of them.
package dev.portway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portway.server.store.StoreLocation;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static final Path DATA = Path.of("/var/lib/portway");

    /** Every setting away from the builder's default, so that a setting toBuilder() drops shows. */
    private static ServerConfig unusual() {
        return new ServerConfig(DATA, "tunnel.example.com", "0.0.0.0", 8443, 80, 443, 7000, "30000-30009",
                "31000-31009", false,
                Duration.ofSeconds(7), Duration.ofSeconds(21),
                new EdgeLimits(Duration.ofSeconds(3), Duration.ofSeconds(60), 50, 5),
                new AccountLimits(1, 2, 3, AccountLimits.DEFAULTS.signupRate(), 4, 5), true, 9100,
                StoreLocation.postgres("db", 5432, "portway", "portway", "secret"), "node1.example.com",
                Path.of("/etc/portway/metrics-token"), new ApiLimits(1, 2, 3, 4),
                new NameRules(List.of("api"), "127.0.0.1:53", Duration.ofSeconds(2)),
                new AcmeSettings(URI.create("https://acme.example/dir"), "ops@example.com", null, null),
                new OidcSettings(URI.create("https://id.example"), "portway", "s3cret", Duration.ofHours(1)),
                new UdpLimits(Duration.ofSeconds(5), 10, 2), Duration.ofSeconds(4));
    }

    @Test
    void everySettingOfTheTestConfigDiffersFromTheDefault() throws Exception {
        ServerConfig defaults = ServerConfig.builder(DATA).build();
        for (RecordComponent c : ServerConfig.class.getRecordComponents()) {
            if (!c.getName().equals("dataDir")) {
                assertNotEquals(c.getAccessor().invoke(defaults), c.getAccessor().invoke(unusual()), c.getName());
            }
        }
    }

    @Test
    void toBuilderCarriesEverySetting() {
        ServerConfig config = unusual();
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void aWithMethodChangesOnlyItsSetting() {
        ServerConfig config = unusual();
        ServerConfig changed = config.withQuotas(AccountLimits.DEFAULTS);
        assertEquals(AccountLimits.DEFAULTS, changed.quotas());
        assertEquals(config, changed.withQuotas(config.quotas()));
    }

    @Test
    void theDefaultsAreALoopbackServerWithItsStoreInTheDataDir() {
        ServerConfig c = ServerConfig.builder(DATA).build();
        assertEquals("http://127.0.0.1:0", c.apiUrl());
        assertEquals(DATA.resolve("portway.db"), c.store().file());
        assertEquals(List.of(20000, 20999), List.of(c.tcpPortRange()[0], c.tcpPortRange()[1]));
    }

    @Test
    void aHandshakeTimeoutOfNoneZeroOrLessIsRefusedSayingWhy() {
        ServerConfig.Builder b = ServerConfig.builder(DATA);
        for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.handshakeTimeout(bad).build());
            assertEquals("the link's handshake timeout must be more than 0, not " + bad, e.getMessage());
        }
        assertEquals(Duration.ofMillis(1), b.handshakeTimeout(Duration.ofMillis(1)).build().handshakeTimeout());
    }
}
