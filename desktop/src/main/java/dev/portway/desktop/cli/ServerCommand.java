// "portway server" in the command list: the ./portway launcher runs the server's own jar for it, so this JVM only
// meets the name when the app's jar is started some other way, and then (DesktopMain.command) without what followed
// it: the refusal is all it says.
package dev.portway.desktop.cli;

import dev.portway.agent.cli.CliCommand;
import dev.portway.agent.cli.CliException;
import dev.portway.agent.cli.Context;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(name = "server", description = "Run a Portway server: the API, the HTTP(S) edge and the tunnel port "
        + "('portway server --help' for its flags; 'portway server backup' and 'portway server admin' work on its "
        + "data).")
public final class ServerCommand extends CliCommand {
    /** The server's own flags, for a caller of Main.run that passes them: they belong to the server's jar. */
    @Unmatched
    List<String> serverFlags = new ArrayList<>();

    @Override
    protected int run(Context ctx) {
        throw new CliException("the server is not part of this program: run './portway server' in a clone of "
                + "Portway, or install the server (docs/deploy.md)");
    }
}
