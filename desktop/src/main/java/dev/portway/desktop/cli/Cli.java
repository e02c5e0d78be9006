// Where a command's input and output go: the environment, stdout/stderr and the settings file.
package dev.portway.desktop.cli;

import dev.portway.desktop.engine.SettingsStore;
import java.io.PrintStream;
import java.util.Map;

record Cli(Map<String, String> env, PrintStream out, PrintStream err, SettingsStore settings) {
}
