// Base of every command: the global options and the Cli context, which the factory hands in after construction.
package dev.portway.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

public abstract class CliCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions opts;
    protected Cli cli;

    protected Context ctx() {
        return new Context(cli, opts);
    }

    @Override
    public final Integer call() throws Exception {
        return run(ctx());
    }

    protected abstract int run(Context ctx) throws Exception;
}
