// Version constants both ends agree on.
package dev.portway.protocol;

public final class Version {
    /** Product version shown by the CLI and the server. */
    public static final String PRODUCT = "0.1.0";
    /** Tunnel-link protocol version carried in the hello; bump on any incompatible wire change. */
    public static final int LINK_PROTOCOL = 1;

    private Version() {
    }
}
