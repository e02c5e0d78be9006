// Told of links closed on purpose (a kick, a renewed credential, a disabled owner), so that the other nodes of a
// cluster close the ones they hold too.
package dev.portway.server.link;

public interface ClosedOnPurpose {
    ClosedOnPurpose NOBODY = new ClosedOnPurpose() {
        @Override
        public void tunnel(String tunnelId) {
        }

        @Override
        public void owner(String userId) {
        }
    };

    /** The tunnel's link was closed. */
    void tunnel(String tunnelId);

    /** Every link of the user's tunnels was closed. */
    void owner(String userId);
}
