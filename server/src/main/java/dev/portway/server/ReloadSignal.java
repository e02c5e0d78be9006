// SIGHUP for the server: reload the certificate in DATA/tls (as a daemon's configuration is reloaded), where the
// JVM's default would end the process and every tunnel with it. certbot's deploy hook can send it after a renewal.
package dev.portway.server;

import sun.misc.Signal;

final class ReloadSignal {
    private ReloadSignal() {
    }

    static void install(Runnable reload) {
        Signal.handle(new Signal("HUP"), signal -> reload.run());
    }
}
