// How a command's outcome reaches the view that gave it: a dialog shows a failure inline and stays open, the main
// window shows it in its banner.
package dev.portway.desktop.ui.common;

import java.util.function.Consumer;

public interface Reply {
    void done();

    void failed(String why);

    /** Failures go to where, success needs nothing. */
    static Reply to(Consumer<String> where) {
        return new Reply() {
            @Override
            public void done() {
            }

            @Override
            public void failed(String why) {
                where.accept(why);
            }
        };
    }
}
