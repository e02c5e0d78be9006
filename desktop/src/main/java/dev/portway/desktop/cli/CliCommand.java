// Base of every command: the global options and the Cli context, which the factory hands in after construction.
package dev.portway.desktop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

abstract class CliCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions opts;
    Cli cli;

    Context ctx() {
        return new Context(cli, opts);
    }

    @Override
    public final Integer call() throws Exception {
        return run(ctx());
    }

    abstract int run(Context ctx) throws Exception;
}
