// The systemd unit that runs the agent unattended: its own throwaway user, a read-only system, the config as a
// credential only the service can read.
package dev.portway.agent.service;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

public final class ServiceUnit {
    public static final String NAME = "portway-agent.service";

    private ServiceUnit() {
    }

    /**
     * The unit's text. command: how to start the agent (java and its jar, or an installed launcher), absolute;
     * config: the agent.yml it serves, handed over by systemd's LoadCredential so that DynamicUser can read it.
     */
    public static String text(List<String> command, Path config) {
        boolean underHome = command.stream().anyMatch(c -> c.startsWith("/home/") || c.startsWith("/root/"));
        String exec = command.stream().map(ServiceUnit::quote).collect(Collectors.joining(" "))
                + " agent --config ${CREDENTIALS_DIRECTORY}/agent.yml";
        return """
                [Unit]
                Description=Portway agent: the tunnels in %1$s
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=simple
                ExecStart=%2$s
                # Fewer glibc malloc arenas for the JVM's native memory, as the ./portway launcher sets.
                Environment=MALLOC_ARENA_MAX=2
                LoadCredential=agent.yml:%1$s
                DynamicUser=yes
                # The one place it may write (as $STATE_DIRECTORY): the inspector's saved sets.
                StateDirectory=portway-agent
                StateDirectoryMode=0700
                Restart=on-failure
                RestartSec=5
                # The JVM's status after a SIGTERM it handled (drained and stopped) is 143.
                SuccessExitStatus=143
                # On SIGTERM the agent lets transfers in flight finish (up to 10 s).
                TimeoutStopSec=30
                NoNewPrivileges=yes
                ProtectSystem=strict
                ProtectHome=%3$s
                PrivateTmp=yes
                PrivateDevices=yes
                ProtectKernelTunables=yes
                ProtectKernelModules=yes
                ProtectKernelLogs=yes
                ProtectControlGroups=yes
                ProtectClock=yes
                ProtectHostname=yes
                RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
                RestrictNamespaces=yes
                RestrictRealtime=yes
                RestrictSUIDSGID=yes
                LockPersonality=yes
                SystemCallArchitectures=native
                CapabilityBoundingSet=
                UMask=0077

                [Install]
                WantedBy=multi-user.target
                """.formatted(config.toAbsolutePath().normalize(), exec, underHome ? "read-only" : "yes");
    }

    /** systemd splits ExecStart on spaces; a path with one must be quoted. */
    private static String quote(String word) {
        return word.contains(" ") ? "\"" + word.replace("\"", "\\\"") + "\"" : word;
    }
}
