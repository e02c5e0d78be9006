// The "portway" command and its subcommands, as mysocketctl users know them.
package dev.portway.agent.cli;

import dev.portway.protocol.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

@Command(name = "portway", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        version = "Portway " + Version.PRODUCT,
        description = "Expose local ports under static public names through a Portway server.",
        subcommands = {AccountCommands.Group.class, AccountCommands.Login.class, AccountCommands.Logout.class,
                SocketCommands.Group.class, TunnelCommands.Group.class, ConnectCommand.class, AgentCommands.Run.class,
                HelpCommand.class})
final class PortwayCommand {
}
