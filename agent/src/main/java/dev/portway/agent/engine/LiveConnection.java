// A connection the inspector can read while it is open, without its data path doing any work for it.
package dev.portway.agent.engine;

public interface LiveConnection {
    /**
     * Its state and counts now. While it is open they are read from another thread without a lock, so they may lag
     * a read or two behind; once it ended they are final.
     */
    Connection now();
}
