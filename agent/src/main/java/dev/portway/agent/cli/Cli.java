// Where a command's input and output go: the environment, stdout/stderr and the settings file.
package dev.portway.agent.cli;

import dev.portway.agent.engine.SettingsStore;
import java.io.PrintStream;
import java.util.Map;

public record Cli(Map<String, String> env, PrintStream out, PrintStream err, SettingsStore settings) {
}
